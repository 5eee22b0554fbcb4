"""Training: a national catalogue of certified modules, programs at a center, sessions, attendance,
results, PDF certificates with a public verification code; pages and API with the personas who
must not see them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jisr.cases import services as case_services
from jisr.cases.models import Outcome
from jisr.training import selectors, services
from jisr.training.models import Attendance, Certificate, Enrollment, ModuleResult, TrainingModule
from tests.cases.helpers import to_pathway
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
JSON = "application/json"
TODAY = timezone.localdate()
NEVER_SEE = ("worker_b", "partner", "analyst", "citizen", "outsider")


def make_module(personas, code="couture", hours=40, user=None):  # type: ignore[no-untyped-def]
    return services.module_save(
        acting_user=user or personas.national, code=code, title_ar="الخياطة", title_fr="Couture", title_en="Sewing",
        hours=hours, competencies=["Prendre des mesures", "Coudre à la machine"], assessment_method="Épreuve pratique",
        certifying_body="Entraide nationale",
    )  # fmt: skip


@pytest.fixture
def module(personas):  # type: ignore[no-untyped-def]
    return make_module(personas)


@pytest.fixture
def program(personas, module):  # type: ignore[no-untyped-def]
    return services.program_create(
        acting_user=personas.manager_a, center=personas.center_a, title_ar="خياطة — الفوج 1",
        title_fr="Couture — promotion 1",
        kind="certified_training", modules=[module], starts_on=TODAY - datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=60), capacity=2,
    )  # fmt: skip


def pathway_case(personas, first="فاطمة", last="الزهراء", latin=("Fatima", "Zahra")):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar=first, last_name_ar=last, first_name_latin=latin[0],
                      last_name_latin=latin[1], sex="F")  # fmt: skip
    case = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   reason="r", channel="walk_in", consent_obtained=True,
                                   assigned_to=personas.worker_a)  # fmt: skip
    return to_pathway(personas, case)


def test_the_catalogue_is_national_and_validated(personas, module) -> None:  # type: ignore[no-untyped-def]
    assert module.competencies == ["Prendre des mesures", "Coudre à la machine"]
    with pytest.raises(Http404):
        make_module(personas, code="x", user=personas.manager_a)
    with pytest.raises(ValidationError) as refused:
        services.module_save(acting_user=personas.national, code="vide", title_ar="ا", title_fr="a", title_en="a",
                             hours=0, competencies=[" "], assessment_method="x", certifying_body="y")  # fmt: skip
    assert "competencies" in refused.value.message_dict
    assert not TrainingModule.objects.filter(code="vide").exists()


def test_programs_are_created_at_the_managers_center_only(personas, module) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        services.program_create(acting_user=personas.manager_a, center=personas.center_b, title_ar="x", title_fr="x",
                                kind="certified_training", modules=[module], starts_on=TODAY, ends_on=TODAY,
                                capacity=5)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.program_create(acting_user=personas.manager_a, center=personas.center_a, title_ar="x", title_fr="x",
                                kind="certified_training", modules=[], starts_on=TODAY,
                                ends_on=TODAY - datetime.timedelta(days=1), capacity=5)  # fmt: skip
    assert {"modules", "ends_on"} <= set(refused.value.message_dict)


def test_enrolment_waits_for_the_approved_plan_and_counts_places(personas, program) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="رشيد", last_name_ar="البركاني", sex="M")
    early = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                    reason="r", channel="walk_in", consent_obtained=True)  # fmt: skip
    with pytest.raises(ValidationError, match="plan"):
        services.enroll(acting_user=personas.worker_a, program=program, case=early)
    first = pathway_case(personas)
    services.enroll(acting_user=personas.worker_a, program=program, case=first)
    with pytest.raises(ValidationError, match="already"):
        services.enroll(acting_user=personas.worker_a, program=program, case=first)
    services.enroll(acting_user=personas.worker_a, program=program,
                    case=pathway_case(personas, "سعاد", "المرابط", ("Souad", "Mrabet")))  # fmt: skip
    with pytest.raises(ValidationError, match="full"):
        services.enroll(acting_user=personas.worker_a, program=program,
                        case=pathway_case(personas, "نادية", "الحسني", ("Nadia", "Hassani")))  # fmt: skip
    with pytest.raises(Http404):
        services.enroll(acting_user=personas.worker_b, program=program, case=first)


def test_attendance_results_and_the_certificate(client, personas, program, module) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    enrollment = services.enroll(acting_user=personas.worker_a, program=program, case=case)
    with pytest.raises(ValidationError) as refused:
        services.session_add(acting_user=personas.worker_a, program=program, module=module,
                             held_on=TODAY + datetime.timedelta(days=365), hours=4, trainer="Mme Alaoui")  # fmt: skip
    assert "held_on" in refused.value.message_dict
    with pytest.raises(ValidationError, match="sessions"):
        services.result_record(acting_user=personas.worker_a, enrollment=enrollment, module=module, score=80)
    sessions = [services.session_add(acting_user=personas.worker_a, program=program, module=module,
                                     held_on=TODAY - datetime.timedelta(days=d), hours=4, trainer="Mme Alaoui")
                for d in (9, 8, 7, 6, 5)]  # fmt: skip
    for session in sessions[:4]:
        services.attendance_record(acting_user=personas.worker_a, session=session, present=[enrollment.pk])
    services.attendance_record(acting_user=personas.worker_a, session=sessions[4], present=[])
    assert Attendance.objects.filter(enrollment=enrollment, present=True).count() == 4
    with pytest.raises(Http404):
        services.attendance_record(acting_user=personas.worker_b, session=sessions[0], present=[])
    result = services.result_record(acting_user=personas.worker_a, enrollment=enrollment, module=module, score=72)
    assert result.passed and result.attendance_rate == 80
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    with pytest.raises(Http404):  # a social worker does not certify
        services.certificate_issue(acting_user=personas.worker_a, result=result)
    certificate = services.certificate_issue(acting_user=personas.manager_a, result=result)
    assert len(certificate.verification_code) == 11 and certificate.verification_code[5] == "-"
    with pytest.raises(ValidationError, match="already"):
        services.certificate_issue(acting_user=personas.manager_a, result=result)
    assert Outcome.objects.filter(case=case, kind="training_certified").count() == 1

    client.force_login(personas.manager_a)
    pdf = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert certificate.verification_code in text and "Fatima Zahra" in text and "Couture" in text
    for name in NEVER_SEE:
        client.force_login(getattr(personas, name))
        assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).status_code == 404, name

    client.force_login(personas.worker_a)
    client.cookies["jisr_language"] = "ar"  # the session is named in Arabic on an Arabic page
    timeline = client.get(reverse("people:timeline", args=[case.person_id])).content.decode()
    assert (
        certificate.verification_code in timeline and "خياطة — الفوج 1" in timeline
    )  # the Arabic page: the Arabic title
    client.logout()
    code = certificate.verification_code.lower().replace("-", " ")
    page = client.get(reverse("training:verify"), {"code": code}).content.decode()
    assert "Sewing" in page  # the module in the page's language (English here)
    assert "الزهراء" in page and "فاطمة" not in page  # the initial and the family name only
    api = client.get(f"/api/v1/training/certificates/verify/{certificate.verification_code}")
    assert api.status_code == 200 and api.json()["valid"] and "Fatima" not in api.content.decode()
    assert client.get("/api/v1/training/certificates/verify/AAAAA-BBBBB").status_code == 404
    services.certificate_revoke(acting_user=personas.manager_a, certificate=certificate, reason="Erreur de saisie")
    assert not client.get(f"/api/v1/training/certificates/verify/{certificate.verification_code}").json()["valid"]


def test_a_failed_module_is_not_certified(personas, program, module) -> None:  # type: ignore[no-untyped-def]
    enrollment = services.enroll(acting_user=personas.worker_a, program=program, case=pathway_case(personas))
    session = services.session_add(acting_user=personas.worker_a, program=program, module=module, held_on=TODAY,
                                   hours=4, trainer="x")  # fmt: skip
    services.attendance_record(acting_user=personas.worker_a, session=session, present=[])
    result = services.result_record(acting_user=personas.worker_a, enrollment=enrollment, module=module, score=95)
    assert not result.passed  # a high score without the attendance does not pass
    with pytest.raises(ValidationError):
        services.certificate_issue(acting_user=personas.manager_a, result=result)
    assert not Certificate.objects.exists()


def test_pages_and_who_must_not_see_them(client, personas, program, module) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    client.force_login(personas.worker_a)
    assert client.get(reverse("training:programs")).status_code == 200
    assert client.get(reverse("training:modules")).status_code == 200
    response = client.post(reverse("training:case_enroll", args=[case.pk]), {"program": program.pk}, follow=True)
    assert response.status_code == 200 and Enrollment.objects.filter(case=case).exists()
    detail = reverse("training:program", args=[program.pk])
    assert client.get(detail).status_code == 200
    client.post(reverse("training:session_add", args=[program.pk]),
                {"module": module.pk, "held_on": TODAY.isoformat(), "hours": "٤", "trainer": "Mme Alaoui"})  # fmt: skip
    session = program.sessions.get()
    enrollment = Enrollment.objects.get()
    client.post(reverse("training:attendance", args=[program.pk, session.pk]), {"present": [enrollment.pk]})
    client.post(reverse("training:result_add", args=[enrollment.pk]), {"module": module.pk, "score": "٨٠"})
    assert ModuleResult.objects.get().passed
    for name in NEVER_SEE:
        client.force_login(getattr(personas, name))
        assert client.get(detail).status_code == 404, name
        assert client.get(reverse("training:attendance", args=[program.pk, session.pk])).status_code == 404, name
        assert client.get(reverse("training:case", args=[case.pk])).status_code == 404, name
        assert client.post(reverse("training:certify", args=[enrollment.pk, module.pk])).status_code == 404, name
    client.force_login(personas.manager_a)
    client.post(reverse("training:certify", args=[enrollment.pk, module.pk]))
    assert Certificate.objects.count() == 1
    assert (
        "Certificate (PDF)" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        or Certificate.objects.get().verification_code in client.get(detail).content.decode()
    )


def test_the_module_pages_are_for_national_officers(client, personas, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    response = client.post(reverse("training:module_new"), {
        "code": "cuisine", "title_ar": "الطبخ", "title_fr": "Cuisine", "title_en": "Cooking", "hours": "٦٠",
        "competencies": "Hygiène\nCuisson", "assessment_method": "Pratique", "passing_score": 50,
        "minimum_attendance": 80, "certifying_body": "OFPPT", "is_active": "on",
    })  # fmt: skip
    assert response.status_code == 302 and TrainingModule.objects.get(code="cuisine").competencies == [
        "Hygiène",
        "Cuisson",
    ]
    for name in ("manager_a", "worker_a", "partner", "outsider"):
        client.force_login(getattr(personas, name))
        assert client.get(reverse("training:module_new")).status_code == 404, name
        assert client.get(reverse("training:module_edit", args=[module.pk])).status_code == 404, name


def test_the_api_with_the_personas(client, personas, module) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.manager_a)
    payload = {"center_id": str(personas.center_a.pk), "title_ar": "طبخ", "title_fr": "Cuisine",
               "module_ids": [str(module.pk)],
               "starts_on": TODAY.isoformat(), "ends_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
               "capacity": 10}  # fmt: skip
    refused = client.post("/api/v1/training/programs", {**payload, "module_ids": []}, content_type=JSON)
    assert refused.status_code == 422 and "modules" in refused.json()["errors"]
    created = client.post("/api/v1/training/programs", payload, content_type=JSON)
    assert created.status_code == 201, created.content
    program_id = created.json()["id"]
    session_in = {"module_id": str(module.pk), "held_on": TODAY.isoformat(), "hours": 3, "trainer": "M. Idrissi"}
    session = client.post(f"/api/v1/training/programs/{program_id}/sessions", session_in, content_type=JSON)
    assert session.status_code == 201
    case = pathway_case(personas)
    client.force_login(personas.worker_a)
    enrolled = client.post(f"/api/v1/training/programs/{program_id}/enrollments", {"case_id": str(case.pk)},
                           content_type=JSON)  # fmt: skip
    assert enrolled.status_code == 201
    enrollment_id = enrolled.json()["id"]
    attendance = client.post(f"/api/v1/training/sessions/{session.json()['id']}/attendance",
                             {"present": [enrollment_id]}, content_type=JSON)  # fmt: skip
    assert attendance.status_code == 200
    result = client.post(f"/api/v1/training/enrollments/{enrollment_id}/results",
                         {"module_id": str(module.pk), "score": 101}, content_type=JSON)  # fmt: skip
    assert result.status_code == 422
    result = client.post(f"/api/v1/training/enrollments/{enrollment_id}/results",
                         {"module_id": str(module.pk), "score": 60}, content_type=JSON)  # fmt: skip
    assert result.status_code == 201 and result.json()["passed"]
    for name in NEVER_SEE:
        client.force_login(getattr(personas, name))
        assert client.get(f"/api/v1/training/programs/{program_id}").status_code == 404, name
        assert client.get(f"/api/v1/training/programs/{program_id}/enrollments").status_code == 404, name
        certificate_url = f"/api/v1/training/enrollments/{enrollment_id}/results/{module.pk}/certificate"
        assert client.post(certificate_url).status_code == 404, name
    client.force_login(personas.manager_a)
    certificate = client.post(f"/api/v1/training/enrollments/{enrollment_id}/results/{module.pk}/certificate")
    assert certificate.status_code == 201 and certificate.json()["pdf_url"].endswith(".pdf")
    assert selectors.certificate_by_code(certificate.json()["verification_code"]) is not None
