"""The audit log page and its CSV export (core.view_audit, national officers by default; others get 404)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from jisr.accounts import selectors, services
from jisr.accounts.forms import AuditFilterForm
from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.core.audit_display import ShownEntry, local_moment
from jisr.core.spreadsheets import csv_lines

CSV_BOM = "\ufeff"  # Excel reads the Arabic names right only with it


def _filters(query: QueryDict) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(query or None)
    return form, (form.cleaned_data if form.is_valid() else {})


def _position(value: str | None) -> int | None:
    """A page position from the address (an entry id); anything else reads the first page."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@login_required
@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the audit log by person acting, action, type of record, record and dates, newest first."""
    scope.require(request.user, "core.view_audit")
    query = request.GET.copy()
    before, after = _position(query.pop("before", [None])[-1]), _position(query.pop("after", [None])[-1])
    form, filters = _filters(query)
    # Filters that do not hold (an end before the start, an identifier of another type) read nothing:
    # the page says what to correct rather than showing entries the reader did not ask for.
    page = None if form.errors else selectors.audit_page(request.user, filters, before=before, after=after)
    filtered = any(value not in (None, "") for value in filters.values())
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": filtered}
    return render(request, "accounts/audit_log.html", context)


def _csv_rows(entries: Iterator[ShownEntry]) -> Iterator[list[Any]]:
    record = pgettext("audit log: what an entry is about", "Record")
    yield [_("When"), _("Person acting"), _("Action"), _("Type of record"), record, _("Record identifier"),
           _("Changes"), _("IP address")]  # fmt: skip
    for shown in entries:
        entry = shown.entry
        name = " — ".join(part for part in (shown.name, shown.state_label) if part)
        yield [
            local_moment(entry.occurred_at),
            shown.actor,
            shown.action,
            shown.type_label,
            name,
            entry.object_id,
            shown.changes_text,
            entry.ip_address or "",
        ]


@login_required
@require_GET
def audit_log_export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered log as CSV, with the page's names and labels; the export itself is written to the log first."""
    scope.require(request.user, "core.view_audit")
    form, filters = _filters(request.GET)
    if form.errors:  # the page shows what to correct; the whole log is not what was asked for
        return redirect(reverse("accounts:audit_log") + "?" + request.GET.urlencode())
    entries = services.audit_log_export(
        acting_user=request.user, filters=filters, ip_address=request.META.get("REMOTE_ADDR")
    )
    lines = csv_lines(_csv_rows(selectors.audit_presented(request.user, entries)))
    response = StreamingHttpResponse((CSV_BOM + line if index == 0 else line for index, line in enumerate(lines)),
                                     content_type="text/csv; charset=utf-8")  # fmt: skip
    response["Content-Disposition"] = 'attachment; filename="jisr-audit-log.csv"'
    return response
