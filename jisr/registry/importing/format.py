"""The registry's file formats (docs/registry-import.md): the columns of a households file and of a
members file, and how a cell may spell a number, a yes or a no.

Plain data without Django: the synthetic-data generator (`jisr/registry/synthetic.py`) writes its
files from it and the import reads them with it, so the two cannot drift apart.
"""

from __future__ import annotations

COLUMNS = [
    "household_id", "commune_code", "area", "size", "head_sex", "head_age", "head_schooling_years", "head_employed",
    "children_under_15", "elderly_over_60", "members_with_disability", "housing", "rooms", "occupancy", "water",
    "electricity", "sanitation", "has_fridge", "has_tv", "has_car", "has_computer", "water_spending",
    "electricity_spending", "phone_spending", "declared_on", "verified_on", "source",
]  # fmt: skip
MEMBER_COLUMNS = [
    "household_id", "member_no", "relation", "first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin",
    "sex", "birth_date", "civil_register_id", "cin", "phone", "schooling", "occupation", "disability",
    "disability_type", "declared_on", "verified_on", "source",
]  # fmt: skip
OPTIONAL = {"verified_on"}  # a households file may leave these columns out
BOOLEANS = ["head_employed", "electricity", "has_fridge", "has_tv", "has_car", "has_computer"]
INTEGERS = {"size": (1, 30), "head_age": (12, 120), "head_schooling_years": (0, 25), "children_under_15": (0, 30),
            "elderly_over_60": (0, 30), "members_with_disability": (0, 30), "rooms": (1, 50)}  # fmt: skip
AMOUNTS = ["water_spending", "electricity_spending", "phone_spending"]
TRUE, FALSE = ["1", "yes", "oui", "نعم", "true"], ["0", "no", "non", "لا", "false"]
