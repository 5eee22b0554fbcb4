"""Khadamati's requests: the types as data, the draft saved and resumed, and every transition of the process
with its permission, its state, its deadline, the four-eyes rule, the timeline, the audit and the notices."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from jisr.accounts.models import User
from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import request_types, services_office
from jisr.khadamati import services_requests as services
from jisr.khadamati.models import (
    Decision,
    Representation,
    Request,
    RequestConsent,
    RequestDocument,
    RequestType,
)
from jisr.khadamati.request_type_data import TYPES
from jisr.territories.models import Commune
from tests.khadamati.helpers import (
    RequestOffice,
    jpeg_bytes,
    make_citizen,
    make_request_office,
    many_pages_pdf,
    pdf_bytes,
    png_bytes,
)
from tests.personas import AGADIR_COMMUNE, AGADIR_PROVINCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def kr(personas) -> RequestOffice:  # type: ignore[no-untyped-def]
    return make_request_office()


@pytest.fixture
def applicant(personas) -> User:  # type: ignore[no-untyped-def]
    return make_citizen("p-kr-applicant", phone="+212661234567")


def card_type(code: str = "card-first") -> RequestType:
    return RequestType.objects.get(code=code)


def complete_draft(applicant: User, code: str = "card-first", **person: object) -> Request:
    """A draft of the first card application with every step answered and its documents joined."""
    request = services.request_start(acting_user=applicant, request_type=card_type(code))
    values: dict[str, object] = {"first_name": "Amina", "last_name": "Berrada", "birth_date": "1990-04-02",
                                 "sex": "F", "cin": "JB123456", "province": AGADIR_PROVINCE}  # fmt: skip
    values.update(person)
    services.request_save_step(acting_user=applicant, request=request, step="person", values=values)
    if code == "card-first":
        services.request_save_step(acting_user=applicant, request=request, step="situation",
                                   values={"disability_kind": "motor", "needs": "Climbing stairs."})  # fmt: skip
    services.request_upload_document(acting_user=applicant, request=request, code="identity", name="cin.jpg",
                                     content=jpeg_bytes())  # fmt: skip
    services.request_upload_document(acting_user=applicant, request=request, code="medical_report",
                                     name="rapport.pdf", content=pdf_bytes("medical report"))  # fmt: skip
    services.request_save_step(acting_user=applicant, request=request, step="review",
                               values={"consent": True, "declared": True})  # fmt: skip
    return Request.objects.get(pk=request.pk)


def submitted(applicant: User) -> Request:
    return services.request_submit(acting_user=applicant, request=complete_draft(applicant))


def at_committee(applicant: User, kr: RequestOffice) -> Request:
    request = submitted(applicant)
    for document in request.request_documents.all():
        services.document_accept(acting_user=kr.officer, document=document)
    services.documents_complete(acting_user=kr.officer, request=request)
    services.medical_review_done(acting_user=kr.medical, request=request)
    return services.assessment_done(acting_user=kr.assistant, request=request)


def decide(request: Request, kr: RequestOffice, outcome: str) -> Request:
    decision = services.decision_record(acting_user=kr.secretary, request=request, outcome=outcome,
                                        reasons="The committee's reasons, in plain words.",
                                        members_present=["Governor's representative", "Health delegate"])  # fmt: skip
    services.decision_confirm(acting_user=kr.secretary_2, decision=decision)
    return Request.objects.get(pk=request.pk)


# --- the types -------------------------------------------------------------------------------------------------


def test_the_types_are_loaded_as_data_and_each_definition_is_valid(personas) -> None:  # type: ignore[no-untyped-def]
    types = RequestType.objects.all()
    assert {t.code for t in types} == {spec["code"] for spec in TYPES}
    assert set(types.filter(kind="card").values_list("variant", flat=True)) == {
        "first", "renewal", "change", "replacement"}  # fmt: skip
    kinds = {"card", "assistive_device", "schooling", "employment_training", "income_activity", "rehabilitation"}
    assert set(types.values_list("kind", flat=True)) == kinds
    for request_type in types:
        request_type.full_clean()  # the definition is checked on save


def test_a_malformed_definition_is_refused_with_every_problem() -> None:
    steps = [{"code": "person", "title": {"ar": "x"}, "fields": [
        {"name": "Bad Name", "type": "colour", "label": {"ar": "a", "fr": "b", "en": "c"}},
        {"name": "kind", "type": "choice", "label": {"ar": "a", "fr": "b", "en": "c"}, "choices": []}]}]  # fmt: skip
    documents = [{"code": "doc", "label": {"ar": "a", "fr": "b", "en": "c"}}, {"code": "doc", "label": {}}]
    with pytest.raises(ValidationError) as error:
        request_types.check_definition(steps, documents)
    text = " ".join(error.value.messages)
    for expected in ("steps[0]: code", "steps[0].title", "fields[0]: name", "fields[0]: type",
                     "fields[1]: a choice field needs choices", "documents[1].label", "two documents"):  # fmt: skip
        assert expected in text, expected


def test_a_new_type_is_configuration_its_fields_are_cleaned(applicant) -> None:  # type: ignore[no-untyped-def]
    custom = RequestType.objects.create(
        code="hearing-test", name_ar="فحص", name_fr="Examen", name_en="Test", kind="assistive_device",
        steps=[{"code": "visit", "title": {"ar": "ز", "fr": "V", "en": "V"}, "fields": [
            {"name": "visits", "type": "integer", "required": True, "label": {"ar": "ع", "fr": "N", "en": "N"}},
            {"name": "when", "type": "date", "required": False, "label": {"ar": "م", "fr": "Q", "en": "W"}}]}],
    )  # fmt: skip
    request = services.request_start(acting_user=applicant, request_type=custom)
    with pytest.raises(ValidationError) as error:
        services.request_save_step(acting_user=applicant, request=request, step="visit",
                                   values={"visits": "three", "when": "31/02"})  # fmt: skip
    assert set(error.value.message_dict) == {"visits", "when"}
    saved = services.request_save_step(acting_user=applicant, request=request, step="visit",
                                       values={"visits": "٣", "when": ""})  # fmt: skip
    assert saved.data["visit"] == {"visits": 3, "when": ""}


# --- the draft -------------------------------------------------------------------------------------------------


def test_a_draft_saves_at_every_step_and_resumes_where_it_stopped(applicant) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    assert request.status == "draft" and request.current_step == "person"
    assert (request.first_name, request.last_name) == ("Amina", "Berrada")
    services.request_save_step(acting_user=applicant, request=request, step="person",
                               values={"first_name": "Amina", "province": AGADIR_PROVINCE})  # fmt: skip
    request.refresh_from_db()
    assert request.current_step == "situation" and request.province_id == AGADIR_PROVINCE
    assert request.region_code == "09"
    services.request_save_step(acting_user=applicant, request=request, step="situation", values={})
    request.refresh_from_db()
    assert request.current_step == "documents"


def test_wrong_answers_are_refused_all_at_once_even_in_a_draft(applicant) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    with pytest.raises(ValidationError) as error:
        services.request_save_step(acting_user=applicant, request=request, step="person",
                                   values={"cin": "12", "birth_date": "2999-01-01", "sex": "X",
                                           "civil_register_id": "12a", "province": "99.999"})  # fmt: skip
    assert set(error.value.message_dict) == {"cin", "birth_date", "sex", "civil_register_id", "province"}
    with pytest.raises(ValidationError) as error:
        services.request_save_step(acting_user=applicant, request=request, step="situation",
                                   values={"disability_kind": "invented"})  # fmt: skip
    assert set(error.value.message_dict) == {"disability_kind"}


def test_an_incomplete_draft_cannot_be_submitted_and_says_what_is_missing_by_step(applicant) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    with pytest.raises(ValidationError) as error:
        services.request_submit(acting_user=applicant, request=request)
    assert set(error.value.message_dict) == {"person", "situation", "documents", "review"}
    assert len(error.value.message_dict["documents"]) == 2  # identity and the medical report
    request.refresh_from_db()
    assert request.status == "draft"


def test_submitting_records_the_consent_the_event_and_the_service_level(applicant) -> None:  # type: ignore[no-untyped-def]
    before = timezone.now()
    request = submitted(applicant)
    assert request.status == "submitted" and request.submitted_at >= before
    assert RequestConsent.objects.filter(request=request, purpose="application", withdrawn_at=None).count() == 1
    assert request.due_at is not None and (request.due_at - request.status_changed_at) == datetime.timedelta(days=7)
    assert list(request.events.values_list("kind", "to_status")) == [("started", "draft"), ("submitted", "submitted")]
    assert AuditLog.objects.filter(object_id=str(request.pk), changes__status=["draft", "submitted"]).exists()


def test_only_the_applicant_writes_on_a_draft(applicant, kr, personas) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    other = make_citizen("p-kr-other")
    for user in (other, kr.officer, personas.outsider):
        with pytest.raises(Http404):
            services.request_save_step(acting_user=user, request=request, step="person", values={})
        with pytest.raises(Http404):
            services.request_submit(acting_user=user, request=request)
    with pytest.raises(Http404):
        services.request_start(acting_user=kr.officer, request_type=card_type())


# --- documents -------------------------------------------------------------------------------------------------


def test_a_document_is_checked_by_content_size_and_pages(applicant, settings) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    upload = services.request_upload_document
    with pytest.raises(ValidationError) as error:
        upload(acting_user=applicant, request=request, code="identity", name="scan.jpg", content=pdf_bytes())
    assert "document" in error.value.message_dict  # a PDF named .jpg
    with pytest.raises(ValidationError):
        upload(
            acting_user=applicant, request=request, code="identity", name="x.png", content=b"MZ\x90\x00 not an image"
        )
    settings.JISR_KHADAMATI_DOCUMENT_MAX_PAGES = 3
    with pytest.raises(ValidationError) as error:
        upload(acting_user=applicant, request=request, code="medical_report", name="r.pdf", content=many_pages_pdf(4))
    assert "3" in error.value.message_dict["document"][0]
    with pytest.raises(ValidationError) as error:
        upload(acting_user=applicant, request=request, code="invented", name="x.png", content=png_bytes())
    assert "code" in error.value.message_dict
    document = upload(acting_user=applicant, request=request, code="medical_report", name="r.pdf",
                      content=many_pages_pdf(3))  # fmt: skip
    assert document.pages == 3 and document.mime_type == "application/pdf" and document.status == "received"
    again = upload(acting_user=applicant, request=request, code="medical_report", name="r2.png", content=png_bytes())
    assert list(request.request_documents.values_list("pk", flat=True)) == [again.pk]  # the second replaced the first


def test_a_refused_document_comes_back_with_its_reason_and_deadline(applicant, kr, commit) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    identity = request.request_documents.get(code="identity")
    report = request.request_documents.get(code="medical_report")
    with pytest.raises(ValidationError) as error:
        services.document_refuse(acting_user=kr.officer, document=identity, reason="bad")
    assert "reason" in error.value.message_dict
    sms.outbox.clear()
    with commit():
        services.document_refuse(acting_user=kr.officer, document=identity, reason="The photo is blurred: scan it.")
    identity.refresh_from_db()
    assert identity.status == "refused" and identity.replace_by == timezone.localdate() + datetime.timedelta(days=15)
    assert [message.to for message in sms.outbox] == ["+212661234567"]
    services.document_accept(acting_user=kr.officer, document=report)
    with pytest.raises(ValidationError):
        services.documents_complete(acting_user=kr.officer, request=request)  # the refused one is not replaced
    replacement = services.document_replace(acting_user=applicant, document=identity, name="cin2.png",
                                            content=png_bytes())  # fmt: skip
    identity.refresh_from_db()
    assert identity.status == "replaced" and replacement.replaces == identity and replacement.status == "received"
    with pytest.raises(ValidationError):
        services.documents_complete(acting_user=kr.officer, request=request)  # the new one is not checked yet
    services.document_accept(acting_user=kr.officer, document=replacement)
    moved = services.documents_complete(acting_user=kr.officer, request=request)
    assert moved.status == "medical_committee"
    kinds = list(moved.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["document_refused", "document_replaced", "documents_complete"]


def test_a_refused_document_cannot_be_replaced_after_its_deadline(applicant, kr, in_english) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    identity = request.request_documents.get(code="identity")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.document_refuse(acting_user=kr.officer, document=identity, reason="The photo is blurred.",
                             replace_by=tomorrow)  # fmt: skip
    with pytest.raises(ValidationError):
        services.document_refuse(acting_user=kr.officer, document=identity, reason="Already refused once.")
    RequestDocument.objects.filter(pk=identity.pk).update(replace_by=timezone.localdate() - datetime.timedelta(days=1))
    identity.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.document_replace(acting_user=applicant, document=identity, name="c.png", content=png_bytes())
    assert "date to replace" in error.value.message_dict["document"][0]
    with pytest.raises(ValidationError):
        services.document_refuse(acting_user=kr.officer, document=request.request_documents.get(code="medical_report"),
                                 reason="A reason long enough.", replace_by=timezone.localdate())  # fmt: skip


# --- the whole process -----------------------------------------------------------------------------------------


def test_a_card_goes_from_draft_to_issued_card(applicant, kr, commit) -> None:  # type: ignore[no-untyped-def]
    request = at_committee(applicant, kr)
    assert request.status == "committee_decision" and request.medical_reviewed_by == kr.medical
    assert request.assessed_by == kr.assistant and request.documents_checked_by == kr.officer
    sms.outbox.clear()
    with commit():
        request = decide(request, kr, "granted")
    assert request.status == "granted" and len(sms.outbox) == 1
    decision = request.decisions.get()
    assert decision.stage == "first" and decision.confirmed_by == kr.secretary_2
    today = timezone.localdate()
    assert decision.valid_from == today and decision.valid_until is not None
    assert decision.valid_until.year == today.year + 7
    with commit():
        services_office.card_issue(acting_user=kr.officer, request=request)
    issued = Request.objects.get(pk=request.pk)
    assert issued.status == "card_issued" and issued.card_number
    assert issued.card_valid_until is not None and issued.card_valid_until.year == today.year + 7
    assert (issued.card_valid_until.month, issued.card_valid_until.day) in {(today.month, today.day), (2, 28)}
    assert list(issued.events.values_list("to_status", flat=True)) == [
        "draft", "submitted", "medical_committee", "social_assessment", "committee_decision", "granted",
        "card_issued"]  # fmt: skip
    entries = AuditLog.objects.filter(object_id=str(request.pk)).order_by("occurred_at", "pk")
    statuses = [entry.changes["status"] for entry in entries if "status" in entry.changes]
    assert statuses[-1] == ["granted", "card_issued"] and len(statuses) == 7  # created, then six moves


def test_the_card_validity_is_a_setting(applicant, kr, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_KHADAMATI_CARD_VALIDITY_YEARS = 5
    request = decide(at_committee(applicant, kr), kr, "granted")
    card = services_office.card_issue(acting_user=kr.officer, request=request)
    issued = Request.objects.get(pk=request.pk)
    assert issued.card_valid_until == card.valid_until and card.valid_until.year == timezone.localdate().year + 5
    assert issued.card_number == card.number  # one number: the card's


def test_a_type_without_medical_review_goes_straight_to_the_social_assessment(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type("employment-training"))
    services.request_save_step(acting_user=applicant, request=request, step="person",
                               values={"first_name": "A", "last_name": "B", "birth_date": "1990-01-01", "sex": "M",
                                       "civil_register_id": "445566", "province": AGADIR_PROVINCE})  # fmt: skip
    services.request_save_step(acting_user=applicant, request=request, step="plan", values={"goal": "job"})
    services.request_upload_document(acting_user=applicant, request=request, code="identity", name="a.png",
                                     content=png_bytes())  # fmt: skip
    services.request_save_step(acting_user=applicant, request=request, step="review",
                               values={"consent": "on", "declared": "on"})  # fmt: skip
    request = services.request_submit(acting_user=applicant, request=request)
    services.document_accept(acting_user=kr.officer, document=request.request_documents.get())
    assert services.documents_complete(acting_user=kr.officer, request=request).status == "social_assessment"
    request = services.assessment_done(acting_user=kr.assistant, request=request)
    granted = decide(request, kr, "granted")
    with pytest.raises(ValidationError):
        services_office.card_issue(acting_user=kr.officer, request=granted)  # no card for a support request
    assert granted.decisions.get().valid_until is None


def test_each_step_needs_its_own_permission(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    document = request.request_documents.first()
    for user in (kr.medical, kr.assistant, kr.secretary, kr.officer_oujda, applicant):
        with pytest.raises(Http404):
            services.document_accept(acting_user=user, document=document)
    for document in request.request_documents.all():
        services.document_accept(acting_user=kr.officer, document=document)
    services.documents_complete(acting_user=kr.officer, request=request)
    for user in (kr.officer, kr.assistant, kr.secretary):
        with pytest.raises(Http404):
            services.medical_review_done(acting_user=user, request=request)
    services.medical_review_done(acting_user=kr.medical, request=request)
    with pytest.raises(Http404):
        services.assessment_done(acting_user=kr.medical, request=request)
    services.assessment_done(acting_user=kr.assistant, request=request)
    for user in (kr.officer, kr.medical, kr.officer_oujda):
        with pytest.raises(Http404):
            services.decision_record(acting_user=user, request=request, outcome="granted", reasons="Reasons enough.",
                                     members_present=["A"])  # fmt: skip


def test_a_transition_at_the_wrong_state_is_refused(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    with pytest.raises(ValidationError):
        services.medical_review_done(acting_user=kr.medical, request=request)
    with pytest.raises(ValidationError):
        services.assessment_done(acting_user=kr.assistant, request=request)
    with pytest.raises(ValidationError):
        services.decision_record(acting_user=kr.secretary, request=request, outcome="granted",
                                 reasons="Reasons enough.", members_present=["A"])  # fmt: skip
    with pytest.raises(ValidationError):
        services_office.card_issue(acting_user=kr.officer, request=request)
    with pytest.raises(ValidationError):
        services.request_save_step(acting_user=applicant, request=request, step="person", values={})
    with pytest.raises(ValidationError):
        services.documents_complete(acting_user=kr.officer, request=request)  # documents not checked
    request.refresh_from_db()
    assert request.status == "submitted"


def test_a_draft_is_not_the_office_business(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = complete_draft(applicant)
    with pytest.raises(Http404):
        services.documents_complete(acting_user=kr.officer, request=request)


# --- the four eyes ---------------------------------------------------------------------------------------------


def test_a_decision_is_confirmed_by_a_second_person_never_by_its_recorder(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = at_committee(applicant, kr)
    with pytest.raises(ValidationError) as error:
        services.decision_record(acting_user=kr.secretary, request=request, outcome="granted", reasons="x",
                                 members_present=[])  # fmt: skip
    assert set(error.value.message_dict) == {"reasons", "members_present"}
    decision = services.decision_record(acting_user=kr.secretary, request=request, outcome="refused",
                                        reasons="The report does not show a lasting limitation.",
                                        members_present=["Governor's representative"])  # fmt: skip
    request.refresh_from_db()
    assert request.status == "committee_decision"  # not in effect before its confirmation
    with pytest.raises(ValidationError) as error:
        services.decision_confirm(acting_user=kr.secretary, decision=decision)
    assert error.value.code == "four_eyes"
    with pytest.raises(ValidationError):
        services.decision_record(acting_user=kr.secretary_2, request=request, outcome="granted",
                                 reasons="Another decision.", members_present=["A"])  # fmt: skip
    with pytest.raises(Http404):
        services.decision_confirm(acting_user=kr.assistant, decision=decision)  # no permission to confirm
    services.decision_confirm(acting_user=kr.officer, decision=decision)  # the officer may confirm
    request.refresh_from_db()
    assert request.status == "refused" and request.decided_at is not None
    with pytest.raises(ValidationError):
        services.decision_confirm(acting_user=kr.secretary_2, decision=decision)  # once only


def test_the_database_refuses_a_decision_confirmed_by_its_recorder(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = at_committee(applicant, kr)
    decision = services.decision_record(acting_user=kr.secretary, request=request, outcome="granted",
                                        reasons="Reasons enough.", members_present=["A"])  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(confirmed_by=kr.secretary, confirmed_at=timezone.now())


def test_more_information_reopens_the_form_and_a_resubmission_goes_back_to_the_office(applicant, kr, settings) -> None:  # type: ignore[no-untyped-def]
    request = decide(at_committee(applicant, kr), kr, "more_information")
    assert request.status == "more_information"
    assert request.due_at - request.decided_at == datetime.timedelta(days=settings.JISR_KHADAMATI_MORE_INFORMATION_DAYS)
    services.request_save_step(acting_user=applicant, request=request, step="situation",
                               values={"disability_kind": "multiple"})  # fmt: skip
    request = services.request_submit(acting_user=applicant, request=request)
    assert request.status == "submitted" and request.events.last().kind == "resubmitted"


# --- reconsideration, appeal, withdrawal -----------------------------------------------------------------------


def _age_decision(request: Request, days: int) -> None:
    Decision.objects.filter(request=request).update(confirmed_at=timezone.now() - datetime.timedelta(days=days))


def test_a_refusal_may_be_reconsidered_within_the_delay_then_appealed(applicant, kr, settings) -> None:  # type: ignore[no-untyped-def]
    request = decide(at_committee(applicant, kr), kr, "refused")
    assert services.reconsideration_until(request) == timezone.localdate() + datetime.timedelta(days=30)
    assert services.appeal_until(request) is None
    with pytest.raises(ValidationError):
        services.appeal_ask(acting_user=applicant, request=request, grounds="I appeal the first decision.")
    with pytest.raises(ValidationError) as error:
        services.reconsideration_ask(acting_user=applicant, request=request, grounds="no")
    assert "grounds" in error.value.message_dict
    with pytest.raises(Http404):
        services.reconsideration_ask(acting_user=make_citizen("p-kr-other"), request=request,
                                     grounds="Someone else's request.")  # fmt: skip
    request = services.reconsideration_ask(acting_user=applicant, request=request,
                                           grounds="A new report from the hospital shows more.")  # fmt: skip
    assert request.status == "reconsideration" and request.events.last().public_note.startswith("A new report")
    request = decide(request, kr, "refused")
    assert request.decisions.last().stage == "reconsideration"
    assert services.reconsideration_until(request) is None
    assert services.appeal_until(request) == timezone.localdate() + datetime.timedelta(
        days=settings.JISR_KHADAMATI_APPEAL_DAYS)  # fmt: skip
    request = services.appeal_ask(acting_user=applicant, request=request, grounds="I contest the reconsideration.")
    assert request.status == "appeal"
    request = decide(request, kr, "refused")
    assert request.decisions.order_by("recorded_at").last().stage == "appeal"
    assert services.reconsideration_until(request) is None and services.appeal_until(request) is None


def test_the_reconsideration_delay_ends_and_is_a_setting(applicant, kr, settings) -> None:  # type: ignore[no-untyped-def]
    request = decide(at_committee(applicant, kr), kr, "refused")
    _age_decision(request, 31)
    with pytest.raises(ValidationError) as error:
        services.reconsideration_ask(acting_user=applicant, request=request, grounds="Too late, but I try.")
    assert error.value.code == "late"
    settings.JISR_KHADAMATI_RECONSIDERATION_DAYS = 45
    assert services.reconsideration_ask(acting_user=applicant, request=request,
                                        grounds="Within the longer delay.").status == "reconsideration"  # fmt: skip


def test_the_appeal_delay_ends(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = decide(at_committee(applicant, kr), kr, "refused")
    request = services.reconsideration_ask(acting_user=applicant, request=request, grounds="A new medical report.")
    request = decide(request, kr, "refused")
    Decision.objects.filter(request=request, stage="reconsideration").update(
        confirmed_at=timezone.now() - datetime.timedelta(days=61))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.appeal_ask(acting_user=applicant, request=request, grounds="Too late to appeal now.")
    assert error.value.code == "late"


def test_the_applicant_withdraws_a_request_not_decided_for_good(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    with pytest.raises(Http404):
        services.request_withdraw(acting_user=kr.officer, request=request)
    withdrawn = services.request_withdraw(acting_user=applicant, request=request, reason="I moved abroad.")
    assert withdrawn.status == "withdrawn" and withdrawn.due_at is None
    with pytest.raises(ValidationError):
        services.request_withdraw(acting_user=applicant, request=withdrawn)
    other = make_citizen("p-kr-second", phone="+212662222222")
    granted = decide(at_committee(other, kr), kr, "granted")
    with pytest.raises(ValidationError):
        services.request_withdraw(acting_user=other, request=granted)


# --- acting for someone, messages, assignment ------------------------------------------------------------------


def _representation(citizen: User, status: str, **identity: str) -> Representation:
    commune = Commune.objects.get(code=AGADIR_COMMUNE)
    return Representation.objects.create(
        citizen=citizen, relation="minor_child", first_name="Yassine", last_name="Berrada",
        birth_date=datetime.date(2016, 5, 4), commune=commune, province_id=commune.province_id,
        region_code=commune.region_id, document_name="acte.pdf", document_type="application/pdf", document_size=10,
        status=status, declared_at=timezone.now(), **identity,
    )  # fmt: skip


def test_a_request_for_someone_needs_a_verified_declaration(applicant) -> None:  # type: ignore[no-untyped-def]
    pending = _representation(applicant, "pending", civil_register_id="778899")
    with pytest.raises(Http404):
        services.request_start(acting_user=applicant, request_type=card_type(), representation=pending)
    someone_elses = _representation(make_citizen("p-kr-other"), "verified", civil_register_id="778899")
    with pytest.raises(Http404):
        services.request_start(acting_user=applicant, request_type=card_type(), representation=someone_elses)
    Representation.objects.filter(pk=pending.pk).update(status="verified")
    pending.refresh_from_db()
    request = services.request_start(acting_user=applicant, request_type=card_type(), representation=pending)
    assert (request.first_name, request.civil_register_id, request.province_id) == (
        "Yassine",
        "778899",
        AGADIR_PROVINCE,
    )
    services.request_save_step(acting_user=applicant, request=request, step="person",
                               values={"first_name": "Changed", "civil_register_id": "1", "sex": "M"})  # fmt: skip
    request.refresh_from_db()
    assert (request.first_name, request.civil_register_id, request.sex) == ("Yassine", "778899", "M")


def test_messages_go_both_ways_and_the_office_message_is_notified(applicant, kr, commit) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    services.message_send(acting_user=applicant, request=request, body="When will the committee meet?")
    sms.outbox.clear()
    with commit():
        services.message_send(acting_user=kr.officer, request=request, body="Next Tuesday.")
    assert [message.to for message in sms.outbox] == ["+212661234567"]
    assert list(request.messages.values_list("from_office", flat=True)) == [False, True]
    for user in (kr.officer_oujda, kr.medical, make_citizen("p-kr-other")):
        with pytest.raises(Http404):
            services.message_send(acting_user=user, request=request, body="Hello")
    with pytest.raises(ValidationError):
        services.message_send(acting_user=applicant, request=request, body="   ")


def test_a_request_is_assigned_only_to_someone_who_sees_it(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    request = submitted(applicant)
    with pytest.raises(ValidationError):
        services.request_assign(acting_user=kr.officer, request=request, assignee=kr.officer_oujda)
    assert (
        services.request_assign(acting_user=kr.officer, request=request, assignee=kr.medical).assigned_to == kr.medical
    )
    with pytest.raises(Http404):
        services.request_assign(acting_user=kr.officer_oujda, request=request, assignee=None)


def test_consents_are_recorded_per_purpose_and_withdrawn(applicant) -> None:  # type: ignore[no-untyped-def]
    request = services.request_start(acting_user=applicant, request_type=card_type())
    first = services.consent_give(acting_user=applicant, request=request, purpose="registry_prefill")
    assert services.consent_give(acting_user=applicant, request=request, purpose="registry_prefill") == first
    services.consent_withdraw(acting_user=applicant, request=request, purpose="registry_prefill")
    assert not RequestConsent.objects.filter(request=request, withdrawn_at=None).exists()
    with pytest.raises(ValidationError):
        services.consent_give(acting_user=applicant, request=request, purpose="marketing")


def test_seven_years_after_a_29_february_is_28_february() -> None:
    assert services.years_after(datetime.date(2024, 2, 29), 7) == datetime.date(2031, 2, 28)
    assert services.years_after(datetime.date(2024, 3, 1), 7) == datetime.date(2031, 3, 1)


def test_the_requests_are_in_the_persons_export_without_the_file_keys(applicant, kr) -> None:  # type: ignore[no-untyped-def]
    from jisr.khadamati.personal_data import export_requests
    from jisr.people.models import Person

    request = submitted(applicant)
    services.message_send(acting_user=applicant, request=request, body="A question about my file.")
    person = Person.objects.create(first_name_latin="Amina", last_name_latin="Berrada", sex="F", cin="JB123456")
    exported = export_requests(person)["khadamati_requests"]
    assert [item["id"] for item in exported] == [str(request.pk)]
    assert len(exported[0]["documents"]) == 2 and "key" not in exported[0]["documents"][0]
    assert "stored_name" not in exported[0]["documents"][0]
    assert exported[0]["messages"][0]["body"] == "A question about my file."
    assert [event["kind"] for event in exported[0]["events"]] == ["started", "submitted"]
    other = Person.objects.create(first_name_latin="Omar", last_name_latin="X", sex="M", cin="JB999999")
    assert export_requests(other) == {"khadamati_requests": []}


def test_each_change_made_by_the_office_is_told_by_text_message_and_e_mail(applicant, kr, commit) -> None:  # type: ignore[no-untyped-def]
    from django.core import mail

    request = submitted(applicant)
    sms.outbox.clear()
    mail.outbox.clear()
    with commit():
        for document in request.request_documents.all():
            services.document_accept(acting_user=kr.officer, document=document)
        services.documents_complete(acting_user=kr.officer, request=request)
    assert [message.to for message in sms.outbox] == ["+212661234567"]
    assert [message.to for message in mail.outbox] == [["p-kr-applicant@example.org"]]
    assert "Sign in" in sms.outbox[0].text or "خدماتي" in sms.outbox[0].text
    with commit():
        services.request_withdraw(acting_user=applicant, request=request)
    assert len(sms.outbox) == 1  # the applicant's own move is not told back to them
