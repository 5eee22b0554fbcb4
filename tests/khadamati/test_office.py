"""The back office: the medical committee's records (encrypted, every read audited), the convocation sent by
text message after the commit, the social assessment scored by the service, the four eyes on decisions, the card
of a granted request; the queues with their counts, delays, filters and export; the personas who must not see."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import selectors_office, services_office, services_requests
from jisr.khadamati.models import Card, MedicalReview, Request, RequestType, SocialAssessment
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import Staff, make_staff, request_at
from tests.personas import OUJDA_PROVINCE

pytestmark = pytest.mark.django_db

ALL_NONE = {
    "cognition_focus": "none",
    "cognition_remember": "none",
    "cognition_understand": "none",
    "mobility_stand": "none",
    "mobility_home": "none",
    "mobility_distance": "none",
    "self_care_wash": "none",
    "self_care_dress": "none",
    "self_care_eat": "none",
    "getting_along_strangers": "none",
    "getting_along_friends": "none",
    "life_household": "none",
    "life_work_school": "none",
    "life_pace": "none",
    "participation_events": "none",
    "participation_services": "none",
    "participation_dignity": "none",
}
ENVIRONMENT = {
    "products": "barrier",
    "built": "barrier",
    "support": "facilitator",
    "attitudes": "neither",
    "services": "neither",
}


@pytest.fixture
def staff(personas) -> Staff:  # type: ignore[no-untyped-def]
    return make_staff()


@pytest.fixture
def applicant(personas):  # type: ignore[no-untyped-def]
    return make_citizen("p-ko-applicant", phone="+212661234567")


# --- the medical committee -------------------------------------------------------------------------------------


def test_the_medical_record_is_encrypted_at_rest_and_each_read_audited(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    services_office.medical_review_record(
        acting_user=staff.medical,
        request=request,
        report_review="Report of Dr X: paraplegia since 2019.",
        in_person_needed=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT report_review FROM khadamati_medicalreview")
        stored = cursor.fetchone()[0]
    assert "paraplegia" not in stored
    reads_before = AuditLog.objects.filter(action=AuditLog.Action.VIEW, object_type="khadamati.medicalreview").count()
    review = selectors_office.medical_review_read(staff.secretary, request)
    assert review is not None and "paraplegia" in review.report_review
    assert (
        AuditLog.objects.filter(
            action=AuditLog.Action.VIEW, object_type="khadamati.medicalreview", actor=staff.secretary
        ).count()
        == reads_before + 1
    )
    # the social assistant and the other province read nothing of it
    assert selectors_office.medical_review_read(staff.assistant, request) is None
    assert selectors_office.medical_review_read(staff.medical_oujda, request) is None


def test_the_medical_step_ends_with_the_findings(staff, applicant, in_english) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    with pytest.raises(ValidationError) as raised:
        services_office.medical_review_record(
            acting_user=staff.medical, request=request, report_review="short", in_person_needed=False, complete=True
        )
    assert set(raised.value.message_dict) == {"report_review", "findings"}
    services_office.medical_review_record(
        acting_user=staff.medical,
        request=request,
        report_review="The report is complete and consistent.",
        in_person_needed=False,
        findings="Lasting motor impairment of both legs.",
        complete=True,
    )
    request.refresh_from_db()
    assert request.status == "social_assessment" and request.medical_reviewed_by == staff.medical


@pytest.mark.parametrize("who", ["assistant", "officer_oujda", "medical_oujda"])
def test_the_medical_record_is_refused_to_who_may_not(staff, applicant, who) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    with pytest.raises(Http404):
        services_office.medical_review_record(
            acting_user=getattr(staff, who),
            request=request,
            report_review="A review of the report.",
            in_person_needed=False,
        )
    assert not MedicalReview.objects.exists()


def test_the_convocation_goes_by_text_message_after_the_commit(staff, applicant, commit) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    when = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=10), datetime.time(10, 30))
    )
    with commit():
        convocation = services_office.convocation_schedule(
            acting_user=staff.medical, request=request, scheduled_at=when, place="Provincial hospital, Agadir"
        )
        assert sms.outbox == []  # nothing before the commit
    assert convocation.channel == "sms"
    assert [message.to for message in sms.outbox] == ["+212661234567"]
    text = sms.outbox[0].text
    assert when.strftime("%d/%m/%Y") in text and "10:30" in text and "Provincial hospital, Agadir" in text


def test_a_convocation_in_the_past_or_without_a_place_is_refused(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    with pytest.raises(ValidationError) as raised:
        services_office.convocation_schedule(
            acting_user=staff.medical,
            request=request,
            scheduled_at=timezone.now() - datetime.timedelta(days=1),
            place="",
        )
    assert set(raised.value.message_dict) == {"scheduled_at", "place"}


# --- the social assessment -------------------------------------------------------------------------------------


def test_the_social_assessment_is_scored_by_the_service(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("social_assessment", applicant=applicant)
    ratings = {
        **ALL_NONE,
        "mobility_stand": "extreme",
        "mobility_home": "severe",
        "mobility_distance": "extreme",
        "self_care_wash": "moderate",
    }
    assessment = services_office.social_assessment_record(
        acting_user=staff.assistant, request=request, ratings=ratings, environment=ENVIRONMENT
    )
    # mobility 4 + 3 + 4 = 11 of 12 → 91.7; self-care 2 of 12 → 16.7; total 13 of 68 → 19.1
    assert assessment.scores["domains"]["mobility"] == {"raw": 11, "min": 0, "max": 12, "scaled": "91.7"}
    assert assessment.scores["domains"]["self_care"]["scaled"] == "16.7"
    assert assessment.scores["total"]["raw"] == 13 and str(assessment.total_scaled) == "19.1"
    request.refresh_from_db()
    assert request.status == "committee_decision" and request.assessed_by == staff.assistant


def test_an_incomplete_assessment_names_what_is_missing(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("social_assessment", applicant=applicant)
    ratings = dict(ALL_NONE)
    del ratings["life_pace"]
    with pytest.raises(ValidationError) as raised:
        services_office.social_assessment_record(
            acting_user=staff.assistant, request=request, ratings=ratings, environment={"products": "barrier"}
        )
    assert set(raised.value.message_dict) == {"life_pace", "env_built", "env_support", "env_attitudes", "env_services"}
    assert not SocialAssessment.objects.exists()


# --- four eyes and the card ------------------------------------------------------------------------------------


def test_the_decision_needs_a_second_person_then_the_card_is_issued(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("committee_decision", applicant=applicant)
    decision = services_requests.decision_record(
        acting_user=staff.secretary,
        request=request,
        outcome="granted",
        reasons="Lasting limitation of mobility.",
        members_present=["A", "B"],
        valid_from=datetime.date(2026, 12, 1),
    )
    with pytest.raises(ValidationError):
        services_requests.decision_confirm(acting_user=staff.secretary, decision=decision)
    services_requests.decision_confirm(acting_user=staff.secretary_2, decision=decision)
    card = services_office.card_issue(acting_user=staff.officer, request=Request.objects.get(pk=request.pk))
    request.refresh_from_db()
    assert request.status == "card_issued" and request.card_number == card.number
    assert (card.valid_from, card.valid_until) == (datetime.date(2026, 12, 1), datetime.date(2033, 12, 1))
    assert card.request == request and card.holder_cin == request.cin
    with pytest.raises(Http404):
        services_office.card_issue(acting_user=staff.officer_oujda, request=request)
    assert Card.objects.count() == 1


# --- the queues ------------------------------------------------------------------------------------------------


def test_the_queues_count_per_step_with_the_late_ones(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request_at("submitted", applicant=applicant, days_ago=2)
    request_at("submitted", applicant=applicant, days_ago=40)  # documents: 7 days → late
    request_at("medical_committee", applicant=applicant, days_ago=5)
    request_at("reconsideration", applicant=applicant, days_ago=3)
    request_at("submitted", applicant=applicant, province=OUJDA_PROVINCE, days_ago=50)
    counts = {
        item.step.code: (item.count, item.late, item.oldest_days)
        for item in selectors_office.queue_counts(staff.officer)
    }
    assert counts == {
        "documents": (2, 1, 40),
        "medical": (1, 0, 5),
        "social": (0, 0, None),
        "decision": (1, 0, 3),
        "card": (0, 0, None),
    }
    oujda = {item.step.code: item.count for item in selectors_office.queue_counts(staff.officer_oujda)}
    assert oujda["documents"] == 1 and oujda["medical"] == 0


def test_the_queue_filters(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    late = request_at("submitted", applicant=applicant, days_ago=40)
    fresh = request_at("submitted", applicant=applicant, days_ago=1, assigned_to=staff.officer)
    step = selectors_office.STEPS_BY_CODE["documents"]
    assert list(selectors_office.queue(staff.officer, step)) == [late, fresh]
    assert list(selectors_office.queue(staff.officer, step, selectors_office.QueueFilters(late=True))) == [late]
    assert list(selectors_office.queue(staff.officer, step, selectors_office.QueueFilters(assigned="me"))) == [fresh]
    assert list(selectors_office.queue(staff.officer, step, selectors_office.QueueFilters(assigned="none"))) == [late]
    by_reference = selectors_office.QueueFilters(search=fresh.reference.lower())
    assert list(selectors_office.queue(staff.officer, step, by_reference)) == [fresh]
    assert list(selectors_office.queue(staff.officer, step, selectors_office.QueueFilters(search=late.cin))) == [late]


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_export_is_for_who_may_and_audited(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request_at("submitted", applicant=applicant, days_ago=40)
    response = _client(staff.officer).get("/khadamati/office/queues/documents/?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and "Salma" not in str(rows) and "JB" not in str(rows)
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, actor=staff.officer).exists()
    csv = _client(staff.officer).get("/khadamati/office/queues/documents/?export=csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    assert _client(staff.medical).get("/khadamati/office/queues/documents/?export=csv").status_code == 404


# --- the pages, and who must not see them ----------------------------------------------------------------------


def test_the_pages_for_each_role(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    medical = request_at("medical_committee", applicant=applicant)
    social = request_at("social_assessment", applicant=applicant)
    deciding = request_at("committee_decision", applicant=applicant)
    assert _client(staff.officer).get("/khadamati/office/queues/").status_code == 200
    assert _client(staff.officer).get("/khadamati/office/queues/documents/").status_code == 200
    assert _client(staff.medical).get(f"/khadamati/office/requests/{medical.pk}/medical/").status_code == 200
    assert _client(staff.assistant).get(f"/khadamati/office/requests/{social.pk}/assessment/").status_code == 200
    assert _client(staff.secretary).get(f"/khadamati/office/requests/{deciding.pk}/decision/").status_code == 200
    # each action page is the role's own
    assert _client(staff.assistant).get(f"/khadamati/office/requests/{medical.pk}/medical/").status_code == 404
    assert _client(staff.medical).get(f"/khadamati/office/requests/{social.pk}/assessment/").status_code == 404


def test_the_assessment_page_saves_and_shows_the_scores(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("social_assessment", applicant=applicant)
    data = dict(ALL_NONE)
    data.update({f"env_{code}": choice for code, choice in ENVIRONMENT.items()})
    data["cognition_focus"] = "extreme"  # cognition 4 of 12 → 33.3
    client = _client(staff.assistant)
    response = client.post(f"/khadamati/office/requests/{request.pk}/assessment/", data)
    assert response.status_code == 302
    page = _client(staff.secretary).get(f"/khadamati/office/requests/{request.pk}/").content.decode()
    assert "33.3" in page or "33,3" in page


def test_a_decision_by_the_pages_needs_a_second_person(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("committee_decision", applicant=applicant)
    response = _client(staff.secretary).post(
        f"/khadamati/office/requests/{request.pk}/decision/",
        {"outcome": "refused", "reasons": "The limitation found does not last.", "members_present": "A\nB"},
    )
    assert response.status_code == 302
    decision = request.decisions.get()
    confirm = f"/khadamati/office/requests/{request.pk}/decisions/{decision.pk}/confirm/"
    _client(staff.secretary).post(confirm)
    request.refresh_from_db()
    assert request.status == "committee_decision"
    _client(staff.secretary_2).post(confirm)
    request.refresh_from_db()
    assert request.status == "refused"


@pytest.mark.parametrize("name", ["worker_a", "worker_b", "citizen", "outsider", "partner", "analyst"])
def test_personas_who_must_not_see_get_404(staff, applicant, client_for, name) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    client = client_for(name)
    for path in (
        "/khadamati/office/queues/",
        "/khadamati/office/queues/medical/",
        f"/khadamati/office/requests/{request.pk}/",
        f"/khadamati/office/requests/{request.pk}/medical/",
        "/api/v1/khadamati/office/queues",
    ):
        assert client.get(path).status_code == 404, path


def test_another_province_gets_404(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    for user in (staff.officer_oujda, staff.medical_oujda):
        client = _client(user)
        assert client.get(f"/khadamati/office/requests/{request.pk}/").status_code == 404
        assert client.get(f"/khadamati/office/requests/{request.pk}/medical/").status_code == 404
        assert client.post(f"/khadamati/office/requests/{request.pk}/medical/convocation/", {}).status_code == 404
        assert client.get(f"/api/v1/khadamati/office/requests/{request.pk}/medical-review").status_code == 404
    assert list(selectors_office.queue(staff.officer_oujda, selectors_office.STEPS_BY_CODE["medical"])) == []


def test_the_applicant_does_not_see_the_office(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("medical_committee", applicant=applicant)
    client = _client(applicant)
    assert client.get(f"/khadamati/office/requests/{request.pk}/").status_code == 404
    assert client.get("/api/v1/khadamati/office/queues").status_code == 404


# --- the API ---------------------------------------------------------------------------------------------------


def test_the_api_queues_assessment_and_four_eyes(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request_at("submitted", applicant=applicant, days_ago=40)
    queues = _client(staff.officer).get("/api/v1/khadamati/office/queues").json()
    assert {row["step"]: (row["count"], row["late"]) for row in queues}["documents"] == (1, 1)
    items = _client(staff.officer).get("/api/v1/khadamati/office/queues/documents?late=true").json()
    assert len(items) == 1 and items[0]["late"] is True
    social = request_at("social_assessment", applicant=applicant)
    response = _client(staff.assistant).post(
        f"/api/v1/khadamati/office/requests/{social.pk}/assessments",
        {"ratings": {**ALL_NONE, "participation_dignity": "extreme"}, "environment": ENVIRONMENT},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    # participation 4 of 12 → 33.3; total 4 of 68 → 5.9
    assert body["scores"]["domains"]["participation"]["scaled"] == "33.3" and body["total_scaled"] in ("5.9", 5.9)
    decision = _client(staff.secretary).post(
        f"/api/v1/khadamati/office/requests/{social.pk}/decisions",
        {"outcome": "granted", "reasons": "Participation is severely limited.", "members_present": ["A", "B"]},
        content_type="application/json",
    )
    assert decision.status_code == 201, decision.content
    confirm = f"/api/v1/khadamati/office/requests/{social.pk}/decisions/{decision.json()['id']}/confirm"
    assert _client(staff.secretary).post(confirm).status_code == 422
    assert _client(staff.secretary_2).post(confirm).json()["confirmed"] is True
    card = _client(staff.officer).post(f"/api/v1/khadamati/office/requests/{social.pk}/card")
    assert card.status_code == 201 and card.json()["verification_path"].startswith("/khadamati/card/")


# --- convergence -----------------------------------------------------------------------------------------------


def _consent(request: Request, applicant) -> None:  # type: ignore[no-untyped-def]
    services_requests.consent_give(acting_user=applicant, request=request, purpose="convergence_referral")


def test_convergence_needs_the_applicants_consent(staff, applicant, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import Case

    request = request_at("card_issued", applicant=applicant)
    with pytest.raises(ValidationError):
        services_office.convergence_open_case(
            acting_user=staff.officer, request=request, center=personas.center_a, reason="Support towards employment."
        )
    assert not Case.objects.exists()


def test_a_case_is_opened_at_the_center_then_a_referral_sent(staff, applicant, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.people.models import Consent, Person
    from jisr.referrals.models import Referral

    request = request_at("card_issued", applicant=applicant)
    _consent(request, applicant)
    link = services_office.convergence_open_case(
        acting_user=staff.officer, request=request, center=personas.center_a, reason="Support towards employment."
    )
    request.refresh_from_db()
    person = Person.objects.get(cin=request.cin)
    assert request.person == person and link.case.person == person and link.case.center == personas.center_a
    assert link.opened and link.case.channel == "online"
    assert Consent.objects.filter(person=person, purpose=Consent.Purpose.CASE_MANAGEMENT).exists()
    with pytest.raises(ValidationError):  # the same case again
        services_office.convergence_open_case(
            acting_user=staff.officer, request=request, center=personas.center_a, reason="Again."
        )
    referral = services_office.convergence_refer(
        acting_user=staff.officer,
        request=request,
        link=link,
        organization=personas.health_partner,
        reason="Physiotherapy.",
    )
    assert Referral.objects.get() == referral and "disability" not in referral.shared_fields


def test_convergence_outside_the_province_or_by_another_role_is_404(staff, applicant, personas) -> None:  # type: ignore[no-untyped-def]
    request = request_at("card_issued", applicant=applicant)
    _consent(request, applicant)
    for user in (staff.officer_oujda, staff.medical, personas.worker_b):
        with pytest.raises(Http404):
            services_office.convergence_open_case(
                acting_user=user, request=request, center=personas.center_a, reason="Support towards employment."
            )
    with pytest.raises(ValidationError):  # a center of another province
        services_office.convergence_open_case(
            acting_user=staff.officer, request=request, center=personas.center_b, reason="Support towards employment."
        )


def test_convergence_by_the_request_page(staff, applicant, personas) -> None:  # type: ignore[no-untyped-def]
    request = request_at("card_issued", applicant=applicant)
    client = _client(staff.officer)
    page = client.get(f"/khadamati/office/requests/{request.pk}/").content.decode()
    assert "convergence/case/" not in page  # no consent: no form
    _consent(request, applicant)
    page = client.get(f"/khadamati/office/requests/{request.pk}/").content.decode()
    assert "convergence/case/" in page
    response = client.post(
        f"/khadamati/office/requests/{request.pk}/convergence/case/",
        {"case-center": str(personas.center_a.pk), "case-reason": "Support towards employment."},
    )
    assert response.status_code == 302 and request.case_links.count() == 1
    assert (
        _client(staff.officer_oujda)
        .post(
            f"/khadamati/office/requests/{request.pk}/convergence/case/",
            {"case-center": str(personas.center_a.pk), "case-reason": "x"},
        )
        .status_code
        == 404
    )


def test_assignment_to_a_member_of_the_province(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    request = request_at("submitted", applicant=applicant)
    path = f"/khadamati/office/requests/{request.pk}/assign/"
    assert _client(staff.officer).post(path, {"assignee": str(staff.medical.pk)}).status_code == 302
    request.refresh_from_db()
    assert request.assigned_to == staff.medical
    # someone of another province is not among the choices: nothing changes
    _client(staff.officer).post(path, {"assignee": str(staff.officer_oujda.pk)})
    request.refresh_from_db()
    assert request.assigned_to == staff.medical
    assert _client(staff.officer_oujda).post(path, {"assignee": ""}).status_code == 404
    step = selectors_office.STEPS_BY_CODE["documents"]
    mine = selectors_office.QueueFilters(assigned="me")
    assert list(selectors_office.queue(staff.medical, step, mine)) == [request]


def test_the_office_reads_a_document_audited(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    from jisr.khadamati import services_requests as requests_services
    from tests.khadamati.helpers import pdf_bytes

    draft = requests_services.request_start(
        acting_user=applicant,
        request_type=RequestType.objects.get(code="card-first"),
    )
    requests_services.request_upload_document(
        acting_user=applicant,
        request=draft,
        code="medical_report",
        name="rapport.pdf",
        content=pdf_bytes("medical report"),
    )
    document = draft.request_documents.get()
    Request.objects.filter(pk=draft.pk).update(status="submitted", province_id="09.001", region_code="09")
    path = f"/khadamati/office/requests/{draft.pk}/documents/{document.pk}/"
    response = _client(staff.officer).get(path)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditLog.objects.filter(action=AuditLog.Action.VIEW, actor=staff.officer).exists()
    assert _client(staff.officer_oujda).get(path).status_code == 404
