"""The case summary PDF, for a referral meeting or a transfer (thin: one selector, one renderer)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases.summary import case_summary
from jisr.cases.summary_pdf import case_summary_pdf


@login_required
@require_GET
def summary_pdf(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    """The summary in the page's language; 404 outside the reader's scope; written to the audit log."""
    summary = case_summary(request.user, case_id)
    response = HttpResponse(case_summary_pdf(summary, (get_language() or "ar")[:2]), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, f"case-summary-{summary.case.reference}.pdf") or "attachment"
    )
    return response
