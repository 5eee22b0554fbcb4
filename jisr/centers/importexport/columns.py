"""The column format shared by the import and the export, so that an export can be re-imported."""

from __future__ import annotations

COLUMNS = [
    "code",
    "name_ar",
    "name_fr",
    "name_en",
    "organization",
    "kind",
    "commune_code",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "phone",
    "email",
    "is_jisr",
    "rehabilitation_status",
    "rehabilitation_budget_mad",
    "services",
]
REQUIRED_COLUMNS = ["code", "name_ar", "name_fr", "organization", "kind", "commune_code"]
NUMERIC_COLUMNS = frozenset({"latitude", "longitude", "capacity", "rehabilitation_budget_mad"})
# Columns that map one-to-one onto a Center field of the same name.
PLAIN_FIELD_COLUMNS = [
    "name_ar",
    "name_fr",
    "name_en",
    "kind",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "phone",
    "email",
    "is_jisr",
    "rehabilitation_status",
    "rehabilitation_budget_mad",
]
SERVICES_SEPARATOR = ";"
