"""The audit log search page and its CSV export (national officers only; everyone else gets 404)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jisr.accounts import services
from jisr.accounts.forms import AuditFilterForm
from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.selectors import audit_search
from jisr.core import scope
from jisr.core.models import AuditLog
from jisr.core.spreadsheets import csv_lines

ENTRIES_PER_PAGE = 50
CSV_HEADER = ["occurred_at", "actor", "action", "object_type", "object_id", "object_repr", "changes", "ip_address"]


@dataclass
class ChangeLine:
    """One line of an entry's changes: a field going from `old` to `new`, or a plain note."""

    field: str
    old: Any = None
    new: Any = None
    is_change: bool = False


def change_lines(changes: dict[str, Any]) -> list[ChangeLine]:
    """Audit services store {field: [old, new]}; other shapes (notes, counts) are shown as they are."""
    lines = []
    for key, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            lines.append(ChangeLine(field=key, old=value[0], new=value[1], is_change=True))
        else:
            lines.append(ChangeLine(field=key, new=value))
    return lines


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@login_required
@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the audit log by who, what, which object and when; 50 entries per page."""
    form, filters = _filters(request)
    page = Paginator(audit_search(request.user, filters), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, change_lines(entry.changes)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "accounts/audit_log.html", context)


def _csv_rows(entries: QuerySet[AuditLog]) -> Iterator[list[Any]]:
    yield CSV_HEADER
    for entry in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(entry.occurred_at).isoformat(),
            entry.actor_username,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True),
            entry.ip_address or "",
        ]


@login_required
@require_GET
def audit_log_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV; the export itself is written to the log first."""
    scope.require(request.user, "core.view_audit")
    form, filters = _filters(request)
    entries = services.audit_log_export(
        acting_user=request.user, filters=filters, ip_address=request.META.get("REMOTE_ADDR")
    )
    response = StreamingHttpResponse(csv_lines(_csv_rows(entries)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="jisr-audit-log.csv"'
    return response
