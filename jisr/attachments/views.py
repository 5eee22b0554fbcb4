"""Pages of the attached documents (thin: parse, call one service or selector, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.attachments import forms, selectors, services
from jisr.attachments.export import person_documents_archive
from jisr.attachments.models import Attachment
from jisr.attachments.responses import download_response
from jisr.cases.models import Case
from jisr.cases.selectors import case_get
from jisr.core.form_errors import service_errors_into
from jisr.core.intake.documents import cap_uploads, too_large, upload_refused
from jisr.people.models import Person
from jisr.people.selectors import person_get


def _max_mb() -> int:
    return services.max_bytes() // (1024 * 1024)


def _back(person: Person, case: Case | None) -> str:
    url = reverse("cases:detail", args=[case.pk]) if case else reverse("people:detail", args=[person.pk])
    return f"{url}#documents"


def _upload(request: AuthenticatedHttpRequest, person: Person, case: Case | None) -> HttpResponse:
    """The upload form and what it does, for a person's document or a case's."""
    if request.method == "POST" and upload_refused(request):
        form = forms.AttachmentForm(request.POST or None, max_mb=_max_mb(), prefix=forms.PREFIX)
        form.file_refused(too_large(services.max_bytes()).message_text)
    else:
        form = forms.AttachmentForm(request.POST or None, request.FILES or None, max_mb=_max_mb(), prefix=forms.PREFIX)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(acting_user=request.user, person=None if case else person, case=case,
                                    upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"],
                                    title=form.cleaned_data["title"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(_back(person, case))
    context = {"form": form, "person": person, "case": case, "back": _back(person, case)}
    return render(request, "attachments/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@cap_uploads(services.max_bytes)
def person_upload(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    person = person_get(request.user, person_id, selectors.ADD)
    return _upload(request, person, None)


@login_required
@require_http_methods(["GET", "POST"])
@cap_uploads(services.max_bytes)
def case_upload(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id, selectors.ADD)
    return _upload(request, case.person, case)


@login_required
@require_GET
def download(request: AuthenticatedHttpRequest, attachment_id: str) -> HttpResponse:
    """The document's file, for a reader in scope (404 otherwise); every download is audited."""
    return download_response(selectors.attachment_download(request.user, attachment_id))


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: AuthenticatedHttpRequest, attachment_id: str) -> HttpResponse:
    """Confirm, with the reason, then remove the document."""
    attachment: Attachment = selectors.attachment_get(request.user, attachment_id, selectors.DELETE)
    back = _back(attachment.person, attachment.case)
    form = forms.RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_remove(acting_user=request.user, attachment=attachment,
                                       reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The document was removed."))
            return redirect(back)
    return render(request, "attachments/remove.html", {"attachment": attachment, "form": form, "back": back})


@login_required
@require_GET
def person_archive(request: AuthenticatedHttpRequest, person_id: str) -> FileResponse:
    """Every document of the person and of their cases in one ZIP, beside the JSON export (same right, audited)."""
    person, archive = person_documents_archive(acting_user=request.user, person_id=person_id)
    return FileResponse(archive, as_attachment=True, filename=f"jisr-person-{person.pk}-documents.zip",
                        content_type="application/zip")  # fmt: skip
