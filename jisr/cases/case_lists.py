"""What a user does with the case list besides reading it: save its filter under a name, delete a saved
filter, and export the filtered list as CSV or XLSX (audited, without confidential fields).

Saved filters are each user's own, criteria without the search text: read through `saved_filters_of` and
`saved_filter_get` (the owner only; 404 for anyone else), and applied like any filter of the list, to the
cases the owner may see then.

The export (`cases.export_cases`: center managers, provincial and regional coordinators, national officers
by default) writes only the columns of EXPORT_COLUMNS — never the reason for coming, listening notes,
flag reasons, transfer notes, plan texts or anything about a vulnerability — and at most EXPORT_LIMIT rows;
who exported, with which filter and how many rows, is written to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseFlag, SavedCaseFilter
from jisr.cases.selectors import CaseFilters, active_flag_kinds, active_flags_prefetch, filtered_cases, list_centers
from jisr.cases.services import CLOSURE_REASONS
from jisr.centers.importexport.export import CONTENT_TYPES, ExportFile
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import in_scope, one_or_404, require
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes

EXPORT_PERMISSION = "cases.export_cases"
EXPORT_LIMIT = 20_000  # a province's year of cases; more is a job for the statistics, not a spreadsheet
# The export's columns, in order: (key, header). Nothing else of a case is ever written (docs/cases.md).
EXPORT_COLUMNS: list[tuple[str, Any]] = [
    ("reference", gettext_lazy("Reference")),
    ("person", gettext_lazy("Person")),
    ("center_code", gettext_lazy("Center code")),
    ("center", gettext_lazy("Center")),
    ("status", gettext_lazy("Status")),
    ("urgency", gettext_lazy("Urgency")),
    ("flags", gettext_lazy("Flags")),
    ("social_worker", gettext_lazy("Social worker")),
    ("opened_on", gettext_lazy("Opened on")),
    ("closed_on", gettext_lazy("Closed on")),
    ("closure_reason", gettext_lazy("Reason for closure")),
]
FLAG_SEPARATOR = "; "


# Saved filters


def saved_filters_of(user: User) -> QuerySet[SavedCaseFilter]:
    """The user's own saved filters, by name."""
    return SavedCaseFilter.objects.filter(owner=user).order_by("name")


def saved_filter_get(user: User, saved_filter_id: uuid.UUID | str) -> SavedCaseFilter:
    """One of the user's saved filters, or 404 (missing, or another user's)."""
    return one_or_404(saved_filters_of(user), pk=saved_filter_id)


@transaction.atomic
def saved_filter_save(*, acting_user: User, name: str, filters: CaseFilters) -> SavedCaseFilter:
    """Save the list's current filter under `name` for the user (the same name again replaces it). The search
    text is left out (a name typed there is a beneficiary's data, not a criterion); a center outside the
    user's scope is refused: a saved filter names only what its owner may see."""
    require(acting_user, "cases.view_case")
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the filter a name.")]})
    params = {key: value for key, value in filters.as_params().items() if key != "q"}  # a name is a person's data
    if not params:
        raise ValidationError(_("Choose at least one filter before saving it (the search text is not saved)."))
    if filters.center and not list_centers(acting_user).filter(pk=filters.center).exists():
        raise ValidationError({"center": [_("Choose one of the centers of your list.")]})
    saved, created = SavedCaseFilter.objects.update_or_create(owner=acting_user, name=name[:80],
                                                              defaults={"params": params})  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE,
                 obj=saved, changes={"name": saved.name, "params": params})  # fmt: skip
    return saved


@transaction.atomic
def saved_filter_delete(*, acting_user: User, saved_filter: SavedCaseFilter) -> None:
    """Delete one of the user's saved filters (404 for another user's)."""
    saved = saved_filter_get(acting_user, saved_filter.pk)
    audit.record(actor=acting_user, action=AuditLog.Action.DELETE, obj=saved, changes={"name": saved.name})
    saved.delete()


# Export


def exportable_cases(user: User, filters: CaseFilters) -> QuerySet[Case]:
    """The cases the user may export (cases.export_cases over their center), narrowed by `filters`."""
    cases = in_scope(user, EXPORT_PERMISSION, Case).select_related("person", "center", "assigned_to")
    return filtered_cases(cases.prefetch_related(active_flags_prefetch()), user, filters)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def export_rows(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    """The header, then one row per case with the columns of EXPORT_COLUMNS (labels in the user's language)."""
    yield [str(header) for _key, header in EXPORT_COLUMNS]
    flag_labels = dict(CaseFlag.Kind.choices)
    for case in cases.iterator(chunk_size=2000):
        values = {
            "reference": case.reference,
            "person": case.person.display_name,
            "center_code": case.center.code,
            "center": case.center.name,
            "status": str(case.get_status_display()),
            "urgency": str(case.get_urgency_display()),
            "flags": FLAG_SEPARATOR.join(str(flag_labels[kind]) for kind in active_flag_kinds(case)),
            "social_worker": case.assigned_to.get_username() if case.assigned_to else "",
            "opened_on": _local_date(case.opened_at),
            "closed_on": _local_date(case.closed_at),
            "closure_reason": str(CLOSURE_REASONS.get(case.closure_reason, case.closure_reason)),
        }
        yield [values[key] for key, _header in EXPORT_COLUMNS]


@transaction.atomic
def case_list_export(*, acting_user: User, filters: CaseFilters, file_format: str) -> ExportFile:
    """The filtered case list as CSV or XLSX, for holders of cases.export_cases (404 for anyone else);
    refused above EXPORT_LIMIT rows (narrow the filter). Audited: who, the filter, the number of rows."""
    require(acting_user, EXPORT_PERMISSION)
    if file_format not in CONTENT_TYPES:
        raise ValidationError(_("Choose CSV or XLSX."))
    cases = exportable_cases(acting_user, filters)
    if cases.count() > EXPORT_LIMIT:
        raise ValidationError(
            _("More than %(limit)d cases match this filter: narrow it to export.") % {"limit": EXPORT_LIMIT}
        )
    rows = export_rows(cases)
    content, count = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows, "cases")
    audit.record(actor=acting_user, action=AuditLog.Action.EXPORT, object_type=Case._meta.label_lower,
                 object_repr=f"case list ({file_format})",
                 changes={"format": file_format, "filters": filters.as_params(), "rows": count})  # fmt: skip
    stamp = timezone.localdate().isoformat()
    return ExportFile(content=content, content_type=CONTENT_TYPES[file_format],
                      file_name=f"cases-{stamp}.{file_format}", row_count=count)  # fmt: skip
