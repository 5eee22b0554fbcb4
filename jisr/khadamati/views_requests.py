"""The citizen's requests (docs/khadamati.md, "The citizen pages"): "My requests", the guided form that saves a
draft at every step and resumes where it stopped, documents and their replacement, the registry prefill with
consent, and the request page (timeline, decision and its reasons, messages, reconsideration or appeal).

Light pages without script, in the citizen layout; every write is one service call, every read a selector.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import service_errors_as_messages, service_errors_into
from jisr.khadamati import documents, request_types, selectors, services_office
from jisr.khadamati import selectors_requests as reads
from jisr.khadamati import services_requests as writes
from jisr.khadamati.card_pdf import card_pdf
from jisr.khadamati.forms_requests import (
    AnswersForm,
    ConvergenceConsentForm,
    GroundsForm,
    MessageForm,
    PersonForm,
    PrefillForm,
    ReplaceForm,
    ReviewForm,
    StartForm,
    UploadForm,
    WithdrawForm,
)
from jisr.khadamati.http import citizen_required
from jisr.khadamati.models import ConsentPurpose, Request, RequestStatus
from jisr.khadamati.selectors_office import applicant_convocation, has_convergence_consent
from jisr.khadamati.views import document_file_response
from jisr.khadamati.views_card import verification_url

EDITABLE = (RequestStatus.DRAFT, RequestStatus.MORE_INFORMATION)


@citizen_required
def my_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The drafts to resume, and each request with its status, its next step and who holds it."""
    drafts: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for item in reads.requests_of(request.user):
        row = {"request": item, "next": reads.next_step(item)}
        resumable = item.status in EDITABLE and item.applicant_id == request.user.pk
        (drafts if resumable else others).append(row)
    return render(request, "khadamati/requests/list.html", {"drafts": drafts, "others": others})


@citizen_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose what to ask for and for whom; the draft starts at its first step."""
    types = [(item.code, item.name) for item in reads.request_types()]
    persons = [(str(item.pk), f"{item.first_name} {item.last_name}") for item in reads.persons_acting_for(request.user)]
    form = StartForm(request.POST or None, types=types, persons=persons)
    if request.method == "POST" and form.is_valid():
        request_type = reads.request_type_get(form.cleaned_data["request_type"])
        whom = form.cleaned_data["for_whom"]
        representation = None if whom == "self" else reads.person_acting_for_get(request.user, whom)
        started = writes.request_start(acting_user=request.user, request_type=request_type,
                                       representation=representation)  # fmt: skip
        return redirect("khadamati:request_step", request_id=started.pk, step=request_types.PERSON_STEP)
    return render(request, "khadamati/requests/new.html", {"form": form, "has_persons": bool(persons)})


def _editable(user: Any, request_id: uuid.UUID) -> Request:
    item = reads.request_get(user, request_id)
    if item.applicant_id != user.pk:
        raise Http404
    return item


def _steps(item: Request) -> list[dict[str, Any]]:
    titles = {
        request_types.PERSON_STEP: _("The person"),
        request_types.DOCUMENTS_STEP: _("The documents"),
        request_types.REVIEW_STEP: _("Check and submit"),
    }
    for step in item.request_type.steps:
        titles[step["code"]] = request_types.text_in_language(step["title"])
    return [{"code": code, "title": titles[code]} for code in request_types.step_codes(item.request_type.steps)]


def _after_save(request: AuthenticatedHttpRequest, item: Request, step: str) -> HttpResponse:
    if "leave" in request.POST:
        messages.success(request, _("Your draft is saved. Come back to it from “My requests” when you wish."))
        return redirect("khadamati:my_requests")
    return redirect("khadamati:request_step", request_id=item.pk, step=item.current_step)


@citizen_required
@require_http_methods(["GET", "POST"])
def request_step(request: AuthenticatedHttpRequest, request_id: uuid.UUID, step: str) -> HttpResponse:
    """One step of the guided form; saving it saves the draft and leads to the next step."""
    item = _editable(request.user, request_id)
    if item.status not in EDITABLE:
        return redirect("khadamati:request", request_id=item.pk)
    steps = _steps(item)
    codes = [entry["code"] for entry in steps]
    if step not in codes:
        raise Http404
    context: dict[str, Any] = {"item": item, "steps": steps, "step": step, "number": codes.index(step) + 1,
                               "count": len(codes), "title": steps[codes.index(step)]["title"]}  # fmt: skip
    if step == request_types.DOCUMENTS_STEP:
        return _documents_step(request, item, context)
    if step == request_types.REVIEW_STEP:
        return _review_step(request, item, context)
    data = request.POST if request.method == "POST" else None
    if step == request_types.PERSON_STEP:
        provinces = [(entry.code, entry.name) for entry in selectors.provinces()]
        initial = {"first_name": item.first_name, "last_name": item.last_name, "birth_date": item.birth_date,
                   "sex": item.sex, "cin": item.cin, "civil_register_id": item.civil_register_id,
                   "province": item.province_id or ""}  # fmt: skip
        form: Any = PersonForm(data, provinces=provinces, locked=item.representation_id is not None, initial=initial)
        context["prefill_form"] = PrefillForm()
        context["household"] = item.data.get("household")
    else:
        own = request_types.own_step(item.request_type.steps, step)
        assert own is not None  # noqa: S101 — the step is one of the type's (checked above)
        form = AnswersForm(data, fields=own.fields, initial=item.data.get(step, {}))
    if data is not None and form.is_valid():
        try:
            saved = writes.request_save_step(
                acting_user=request.user, request=item, step=step, values=form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return _after_save(request, saved, step)
    context["form"] = form
    return render(request, "khadamati/requests/step.html", context)


def _document_rows(item: Request) -> list[dict[str, Any]]:
    held = {document.code: document for document in reads.current_documents(item)}
    return [{"code": spec["code"], "label": request_types.text_in_language(spec["label"]),
             "required": bool(spec.get("required")), "document": held.get(spec["code"])}
            for spec in item.request_type.documents]  # fmt: skip


def _documents_step(request: AuthenticatedHttpRequest, item: Request, context: dict[str, Any]) -> HttpResponse:
    rows = _document_rows(item)
    codes = [(row["code"], row["label"]) for row in rows]
    form = UploadForm(codes=codes)
    if request.method == "POST" and "upload" in request.POST:
        form = UploadForm(request.POST, request.FILES, codes=codes)
        if form.is_valid():
            upload = form.cleaned_data["document"]
            try:
                writes.request_upload_document(
                    acting_user=request.user, request=item, code=form.cleaned_data["code"],
                    name=upload.name if upload else "",
                    content=upload.read(documents.max_bytes() + 1) if upload else b"",
                )  # fmt: skip
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, _("The document is joined to your request."))
                return redirect("khadamati:request_step", request_id=item.pk, step=request_types.DOCUMENTS_STEP)
    elif request.method == "POST":
        saved = writes.request_save_step(acting_user=request.user, request=item, step=request_types.DOCUMENTS_STEP,
                                         values={})  # fmt: skip
        return _after_save(request, saved, request_types.DOCUMENTS_STEP)
    context.update({"form": form, "rows": rows, "max_mb": documents.max_bytes() // documents.MB})
    return render(request, "khadamati/requests/documents.html", context)


@citizen_required
@require_POST
def request_document_remove(request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID
                            ) -> HttpResponse:  # fmt: skip
    item = _editable(request.user, request_id)
    try:
        writes.request_remove_document(acting_user=request.user, document=reads.request_document_get(item, document_id))
    except ValidationError as error:
        service_errors_as_messages(request, error)
    return redirect("khadamati:request_step", request_id=item.pk, step=request_types.DOCUMENTS_STEP)


def _summary(item: Request) -> list[dict[str, Any]]:
    """What was answered in the type's own steps, as label → answer, for the review."""
    sections = []
    for step in item.request_type.steps:
        answers = item.data.get(step["code"], {})
        rows = []
        for spec in step["fields"]:
            value = answers.get(spec["name"], "")
            for choice in spec.get("choices", []):
                if choice["value"] == value:
                    value = request_types.text_in_language(choice["label"])
            if spec["type"] == "yes_no" and value:
                value = _("yes") if value == "yes" else _("no")
            rows.append({"label": request_types.text_in_language(spec["label"]), "value": value})
        sections.append({"code": step["code"], "title": request_types.text_in_language(step["title"]), "rows": rows})
    return sections


def _review_step(request: AuthenticatedHttpRequest, item: Request, context: dict[str, Any]) -> HttpResponse:
    review = item.data.get(request_types.REVIEW_STEP, {})
    form = ReviewForm(request.POST or None, initial=review)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        item = writes.request_save_step(acting_user=request.user, request=item, step=request_types.REVIEW_STEP,
                                        values=form.cleaned_data)  # fmt: skip
        if "leave" in request.POST:
            return _after_save(request, item, request_types.REVIEW_STEP)
        try:
            writes.request_submit(acting_user=request.user, request=item)
        except ValidationError as error:
            titles = {entry["code"]: entry["title"] for entry in context["steps"]}
            for code, texts in error.message_dict.items():
                if code != request_types.REVIEW_STEP:
                    problems += [{"code": code, "title": titles.get(code, ""), "text": text} for text in texts]
            problems += [{"code": request_types.REVIEW_STEP, "title": titles[request_types.REVIEW_STEP], "text": text,
                          "field": f"id_{field}"} for field, text in writes.review_problems_of(item)]  # fmt: skip
        else:
            messages.success(
                request, _("Your request is submitted. The office checks it and you are told of each step.")
            )
            return redirect("khadamati:request", request_id=item.pk)
    context.update({"form": form, "problems": problems, "sections": _summary(item), "documents": _document_rows(item),
                    "household": item.data.get("household")})  # fmt: skip
    return render(request, "khadamati/requests/review.html", context)


@citizen_required
@require_POST
def request_prefill(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Take the household from the social registry, once the consent is ticked."""
    item = _editable(request.user, request_id)
    form = PrefillForm(request.POST)
    form.is_valid()
    try:
        found = writes.registry_prefill(acting_user=request.user, request=item,
                                        consent=bool(form.cleaned_data.get("consent")))  # fmt: skip
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        if found:
            messages.success(request, _("Your household's data was taken from the social registry."))
        else:
            messages.info(request, _("The social registry has no household for this CIN or civil register number."))
    return redirect("khadamati:request_step", request_id=item.pk, step=request_types.PERSON_STEP)


@citizen_required
def request_detail(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The request: its status, next step and who holds it, the timeline, the decision with its reasons, the
    documents (a refused one may be replaced), the messages, and the reconsideration or appeal within the delay."""
    return _detail(request, reads.request_get(request.user, request_id))


def _detail(request: AuthenticatedHttpRequest, item: Request, consent_form: ConvergenceConsentForm | None = None,
            grounds_form: GroundsForm | None = None, message_form: MessageForm | None = None,
            replace_problem: dict[str, Any] | None = None) -> HttpResponse:  # fmt: skip
    own = item.applicant_id == request.user.pk
    today = timezone.localdate()
    reconsider_until = writes.reconsideration_until(item)
    appeal_until = writes.appeal_until(item)
    context = {
        "item": item,
        "own": own,
        "next": reads.next_step(item),
        "timeline": reads.timeline_entries(item),
        "decision": reads.confirmed_decision(item),
        "convocation": applicant_convocation(item),
        "documents": reads.labelled_documents(item),
        "messages_list": reads.request_messages(item),
        "message_form": message_form or MessageForm(),
        "replace_problem": replace_problem,
        "grounds_form": grounds_form or GroundsForm(),
        "replace_form": ReplaceForm(),
        "withdraw_form": WithdrawForm(),
        "reconsider_until": reconsider_until if reconsider_until and today <= reconsider_until else None,
        "appeal_until": appeal_until if appeal_until and today <= appeal_until else None,
        "editable": own and item.status in EDITABLE,
        "withdrawable": own and item.status in writes.WITHDRAWABLE,
        "replaceable": own and item.status in (RequestStatus.SUBMITTED, RequestStatus.MORE_INFORMATION),
        "convergence_consent": has_convergence_consent(item),
        "consent_form": consent_form or ConvergenceConsentForm(),
        "consent_offered": own and item.status not in (RequestStatus.DRAFT, RequestStatus.WITHDRAWN),
        "card": reads.applicant_card(item) if own else None,
    }
    return render(request, "khadamati/requests/detail.html", context)


@citizen_required
@require_POST
def request_consent(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The applicant agrees to be referred to a center or a partner (law 09-08); the box must be ticked."""
    item = reads.request_get(request.user, request_id)
    form = ConvergenceConsentForm(request.POST)
    if not form.is_valid():
        return _detail(request, item, form)
    return _post_and_back(
        request, item,
        lambda: writes.consent_give(acting_user=request.user, request=item,
                                    purpose=ConsentPurpose.CONVERGENCE_REFERRAL),
        _("Thank you: the office may now refer you to a center or a partner."),
    )  # fmt: skip


@citizen_required
@require_POST
def request_consent_withdraw(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The applicant withdraws the consent to be referred; what was already shared stays, nothing more is."""
    item = reads.request_get(request.user, request_id)
    return _post_and_back(
        request, item,
        lambda: writes.consent_withdraw(acting_user=request.user, request=item,
                                        purpose=ConsentPurpose.CONVERGENCE_REFERRAL),
        _("Your consent is withdrawn: the office will no longer refer you."),
    )  # fmt: skip


def _post_and_back(request: AuthenticatedHttpRequest, item: Request, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return redirect("khadamati:request", request_id=item.pk)


def _one_field_action(request: AuthenticatedHttpRequest, request_id: uuid.UUID, form_class: Any, field: str,
                      action: Any, done: str) -> HttpResponse:  # fmt: skip
    """A small form of the request page: its one field given to the service `action`, then back to the page."""
    item = reads.request_get(request.user, request_id)
    form = form_class(request.POST)
    form.is_valid()
    value = form.cleaned_data.get(field, "")
    return _post_and_back(request, item, lambda: action(acting_user=request.user, request=item, **{field: value}), done)


@citizen_required
@require_POST
def request_message(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """A message to the office; an empty or too long one shows the page again with the error summary linked to
    the field (what was typed kept)."""
    item = reads.request_get(request.user, request_id)
    form = MessageForm(request.POST)
    form.is_valid()
    try:
        writes.message_send(acting_user=request.user, request=item, body=form.cleaned_data.get("body", ""))
    except ValidationError as error:
        if hasattr(error, "error_dict") and "body" in error.error_dict:
            service_errors_into(form, error)
            return _detail(request, item, message_form=form)
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("Your message is sent to the office."))
    return redirect("khadamati:request", request_id=item.pk)


@citizen_required
@require_POST
def request_reconsideration(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _grounds_action(request, request_id, writes.reconsideration_ask,
                           _("Your request for a reconsideration is sent to the committee."))  # fmt: skip


def _grounds_action(request: AuthenticatedHttpRequest, request_id: uuid.UUID, action: Any, done: str) -> HttpResponse:
    """A reconsideration or an appeal: missing grounds show the page again with the error summary linked to the
    field; anything else (the delay passed, the request moved) is a message on the page."""
    item = reads.request_get(request.user, request_id)
    form = GroundsForm(request.POST)
    form.is_valid()
    try:
        action(acting_user=request.user, request=item, grounds=form.cleaned_data.get("grounds", ""))
    except ValidationError as error:
        if hasattr(error, "error_dict") and "grounds" in error.error_dict:
            service_errors_into(form, error)
            return _detail(request, item, grounds_form=form)
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return redirect("khadamati:request", request_id=item.pk)


@citizen_required
@require_POST
def request_appeal(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _grounds_action(request, request_id, writes.appeal_ask, _("Your appeal is sent."))


@citizen_required
@require_POST
def request_withdraw(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _one_field_action(request, request_id, WithdrawForm, "reason", writes.request_withdraw,
                             _("Your request is withdrawn."))  # fmt: skip


@citizen_required
@require_POST
def request_document_replace(request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID
                             ) -> HttpResponse:  # fmt: skip
    """The new file for a refused document; a problem with it (none chosen, not what it says, too large) shows the
    page again with the error summary linked to that document's file field."""
    item = reads.request_get(request.user, request_id)
    document = reads.request_document_get(item, document_id)
    upload = request.FILES.get("document")
    try:
        writes.document_replace(acting_user=request.user, document=document,
                                name=(upload.name or "") if upload else "",
                                content=upload.read(documents.max_bytes() + 1) if upload else b"")  # fmt: skip
    except ValidationError as error:
        return _detail(request, item, replace_problem={"document": document.pk, "messages": error.messages})
    messages.success(request, _("The new document is sent; the office checks it."))
    return redirect("khadamati:request", request_id=item.pk)


@citizen_required
def request_document(request: AuthenticatedHttpRequest, request_id: uuid.UUID, document_id: uuid.UUID) -> HttpResponse:
    """One of the request's documents, for its applicant (the read is audited)."""
    item = _editable(request.user, request_id)
    document = reads.request_document_get(item, document_id)
    content = writes.request_document_open(acting_user=request.user, document=document)
    return document_file_response(content, document.mime_type, document.name)


@citizen_required
def request_card_pdf(request: AuthenticatedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """The PDF of the card issued on the citizen's request, to print (each download is audited); 404 for anyone
    but the applicant, and once the card is replaced or withdrawn."""
    item = reads.request_get(request.user, request_id)
    card = reads.applicant_card(item)
    if card is None:
        raise Http404
    services_office.card_downloaded_by_holder(acting_user=request.user, card=card)
    response = HttpResponse(card_pdf(card, verification_url(request, card)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="khadamati-card-{card.number}.pdf"'
    return response
