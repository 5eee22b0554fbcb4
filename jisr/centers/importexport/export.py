"""Exporting the (filtered) directory as CSV or XLSX in the import format, so exports re-import."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet

from jisr.centers.importexport.columns import COLUMNS, SERVICES_SEPARATOR
from jisr.centers.models import Center, Organization
from jisr.centers.selectors import DirectoryFilters, centers_for_export
from jisr.core import audit, scope
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User

EXPORT_PERMISSION = "centers.export_centers"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class ExportFile:
    """A ready-to-send export."""

    content: bytes
    content_type: str
    file_name: str
    row_count: int


def _organization_keys() -> dict[Any, str]:
    # The acronym reads better, but only an unambiguous one re-imports: otherwise the id.
    organizations = list(Organization.objects.values_list("pk", "acronym"))
    counts = Counter(acronym.lower() for _pk, acronym in organizations if acronym)
    return {pk: acronym if acronym and counts[acronym.lower()] == 1 else str(pk) for pk, acronym in organizations}


def _plain(value: Any) -> Any:
    return "" if value is None else value


def export_rows(centers: QuerySet[Center]) -> Iterator[list[Any]]:
    """The header, then one row per center in the import column order."""
    organization_keys = _organization_keys()
    yield list(COLUMNS)
    for center in centers:
        values = {
            "code": center.code,
            "name_ar": center.name_ar,
            "name_fr": center.name_fr,
            "name_en": center.name_en,
            "organization": organization_keys.get(center.organization_id, str(center.organization_id)),
            "kind": center.kind,
            "commune_code": center.commune_id,
            "address": center.address,
            "latitude": _plain(center.latitude),
            "longitude": _plain(center.longitude),
            "capacity": _plain(center.capacity),
            "phone": center.phone,
            "email": center.email,
            "is_jisr": 1 if center.is_jisr else 0,
            "rehabilitation_status": center.rehabilitation_status,
            "rehabilitation_budget_mad": _plain(center.rehabilitation_budget_mad),
            "services": SERVICES_SEPARATOR.join(service.service_type.code for service in center.services.all()),
        }
        yield [values[column] for column in COLUMNS]


@transaction.atomic
def centers_export(*, acting_user: User, filters: DirectoryFilters, file_format: str) -> ExportFile:
    """The centers the user may export, matching `filters`, as CSV or XLSX; the export is audited."""
    scope.require(acting_user, EXPORT_PERMISSION)
    if file_format not in CONTENT_TYPES:
        raise ValueError(f"Unknown export format {file_format!r}")
    rows = export_rows(centers_for_export(acting_user, filters))
    content, count = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows, "centers")
    audit.record(
        actor=acting_user,
        action="export",
        object_type="centers.center",
        object_repr=f"centers.{file_format}",
        changes={"format": file_format, "rows": count, "filters": {k: v for k, v in vars(filters).items() if v}},
    )
    return ExportFile(
        content=content, content_type=CONTENT_TYPES[file_format], file_name=f"centers.{file_format}", row_count=count
    )
