"""The data-subject export and retention are fed by every app's personal-data provider
(`jisr.core.personal_data`): a person present in every app finds each part in their export; every model
of the project is covered or declared as holding no personal data; a person known only to the registry
is anonymized once their period is over, and not before."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.http import Http404
from django.test.utils import isolate_apps
from django.utils import timezone

from jisr.cases.models import Case, FollowUp, Outcome
from jisr.core import personal_data
from jisr.people.models import Consent, Person
from jisr.privacy import services
from jisr.privacy.export import person_export
from jisr.privacy.models import RetentionPolicy
from jisr.privacy.retention import persons_due, retention_apply
from jisr.programs.models import Program, ProgramEnrollment
from jisr.referrals.models import Referral, ReferralEvent
from jisr.registry.models import RegistryHousehold, RegistryMember
from jisr.training.models import Certificate, Enrollment, ModuleResult, TrainingModule, TrainingProgram
from tests.cases.helpers import to_pathway
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
NEVER_EXPORT = ("worker_a", "worker_b", "partner", "analyst", "region_rsk", "citizen", "outsider")
LONG_AGO = datetime.timedelta(days=365 * 6)


def _household(household_id: str, *, imported_at: datetime.datetime, pmt_index: float | None = None) -> Any:
    return RegistryHousehold.objects.create(
        household_id=household_id, commune_id="09.001.01.01", province_code="09.001", region_code="09",
        area="urban", size=2, head_sex="F", head_age=40, head_schooling_years=6, head_employed=False,
        children_under_15=1, elderly_over_60=0, members_with_disability=0, housing="apartment", rooms=2,
        occupancy="tenant", water="piped", electricity=True, sanitation="sewer", has_fridge=True, has_tv=True,
        has_car=False, has_computer=False, water_spending=Decimal("80"), electricity_spending=Decimal("120"),
        phone_spending=Decimal("50"), declared_on=imported_at.date(), source="RSU", imported_at=imported_at,
        pmt_index=pmt_index, pmt_version=1 if pmt_index is not None else None,
        pmt_scored_at=imported_at if pmt_index is not None else None,
    )  # fmt: skip


def _member(household: Any, person: Person, member_no: int, relation: str) -> RegistryMember:
    return RegistryMember.objects.create(
        household=household, member_no=member_no, person=person, relation_to_head=relation, schooling="primary",
        occupation="unemployed", disability=True, disability_type="motor", declared_on=household.declared_on,
        source="RSU", imported_at=household.imported_at,
    )  # fmt: skip


@pytest.fixture
def everywhere(personas: Any) -> Person:
    """A person present in every app that holds personal data."""
    person = register(personas, first_name_ar="مريم", last_name_ar="التازي", first_name_latin="Meryem",
                      last_name_latin="Tazi", sex="F", cin="JB123456")  # fmt: skip
    from jisr.cases import services as case_services

    case = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   reason="سبب", channel="walk_in", consent_obtained=True)  # fmt: skip
    to_pathway(personas, case)  # listening, assessment, approved plan with a goal and an action
    now = timezone.now()
    FollowUp.objects.create(case=case, due_on=now.date(), status="done", notes="بخير", recorded_by=personas.worker_a,
                            recorded_at=now)  # fmt: skip
    Outcome.objects.create(case=case, kind="employed", achieved_on=now.date(), recorded_by=personas.worker_a,
                           recorded_at=now)  # fmt: skip
    referral = Referral.objects.create(
        case=case, person=person, from_center=personas.center_a, sent_by=personas.worker_a,
        to_organization=personas.health_partner, reason="فحص", due_on=now.date(), status="completed",
    )  # fmt: skip
    ReferralEvent.objects.create(referral=referral, status="completed", note="تم", by=personas.partner, at=now)
    module = TrainingModule.objects.create(code="couture", title_ar="خياطة", title_fr="Couture", title_en="Sewing",
                                           hours=40, assessment_method="épreuve", certifying_body="EN")  # fmt: skip
    program = TrainingProgram.objects.create(center=personas.center_a, title_ar="خياطة", title_fr="Couture",
                                             starts_on=now.date(),
                                             ends_on=now.date(), capacity=10, created_by=personas.worker_a)  # fmt: skip
    enrollment = Enrollment.objects.create(program=program, person=person, case=case, status="completed",
                                           enrolled_at=now, enrolled_by=personas.worker_a)  # fmt: skip
    result = ModuleResult.objects.create(enrollment=enrollment, module=module, score=80, attendance_rate=100,
                                         passed=True, assessed_by=personas.worker_a, assessed_at=now)  # fmt: skip
    Certificate.objects.create(result=result, verification_code="ABCD1234", issued_at=now, issued_by=personas.manager_a)
    household = _household("RSU09000000001", imported_at=now, pmt_index=8.75)
    _member(household, person, 1, "head")
    _member(household, register(personas, first_name_ar="سلمى", last_name_ar="التازي", sex="F"), 2, "child")
    amo = Program.objects.create(code="amo", name_ar="أمو", name_fr="AMO", name_en="AMO", rule={"all": []})
    ProgramEnrollment.objects.create(program=amo, household_id=household.household_id, enrolled_at=now, updated_at=now)
    services.request_log(acting_user=personas.worker_a, person=person, center=personas.center_a, kind="access",
                         details="نسخة من ملفي")  # fmt: skip
    return person


def test_the_export_holds_every_apps_part(personas, everywhere) -> None:  # type: ignore[no-untyped-def]
    document = person_export(acting_user=personas.manager_a, person_id=everywhere.pk)
    assert document["person"]["cin"] == "JB123456" and "name_ar_key" not in document["person"]
    assert [c["purpose"] for c in document["consents"]] == ["case_management"]
    (case,) = document["cases"]
    assert case["listening_records"] and case["assessments"] and case["status_history"]
    assert case["orientation_plan"]["goals"][0]["actions"]
    assert case["followups"][0]["notes"] == "بخير" and case["outcomes"][0]["kind"] == "employed"
    assert case["referrals"][0]["events"][0]["note"] == "تم"
    assert {"professional_projects", "incubations", "mediations"} <= set(case)
    assert document["training"][0]["results"][0]["score"] == 80
    assert document["certificates"][0]["verification_code"] == "ABCD1234"
    registry = document["registry"]
    assert (registry["member"]["schooling"], registry["member"]["disability_type"]) == ("primary", "motor")
    assert registry["household"]["pmt_index"] == 8.75 and registry["household"]["rooms"] == 2
    assert registry["household"]["members"] == [{"member_no": 1, "relation_to_head": "head"},
                                                {"member_no": 2, "relation_to_head": "child"}]  # fmt: skip
    assert [e["program_code"] for e in document["program_enrolments"]] == ["amo"]
    assert document["data_requests"][0]["details"] == "نسخة من ملفي"
    assert document["linkage"] == {"merges": [], "probable_duplicates": []}
    for name in NEVER_EXPORT:
        with pytest.raises(Http404):
            person_export(acting_user=getattr(personas, name), person_id=everywhere.pk)


def test_a_person_outside_the_registry_has_an_empty_registry_part(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="يوسف", last_name_ar="العلوي", sex="M")
    document = person_export(acting_user=personas.manager_a, person_id=person.pk)
    assert document["registry"] is None and document["program_enrolments"] == [] and document["cases"] == []


def _jisr_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("jisr.")]


def test_every_model_is_covered_by_a_provider_or_declared_without_personal_data() -> None:
    missing = [model._meta.label for model in personal_data.uncovered(_jisr_models())]
    assert not missing, f"add these models to their app's personal-data provider, or declare them: {missing}"


@isolate_apps("jisr.privacy")
def test_a_new_model_with_personal_data_and_no_provider_fails_the_coverage() -> None:
    class Testimony(models.Model):
        person = models.ForeignKey("people.Person", on_delete=models.CASCADE)
        text = models.TextField()

        class Meta:
            app_label = "privacy"

        def __str__(self) -> str:
            return self.text

    assert personal_data.uncovered([*_jisr_models(), Testimony]) == [Testimony]


def test_every_record_type_has_a_retention_period() -> None:
    named = {p.record_type for p in personal_data.providers() if p.record_type} | {
        s.record_type for s in personal_data.sweeps()
    }
    assert named <= set(RetentionPolicy.RecordType.values)
    assert named <= set(RetentionPolicy.objects.values_list("record_type", flat=True))


def _registry_only(personas: Any, *, imported_ago: datetime.timedelta) -> Person:
    """A person the registry import created: a member of a registry household, no case, nothing else."""
    then = timezone.now() - imported_ago
    person = register(personas, first_name_ar="فاطمة", last_name_ar="البوزيدي", sex="F", cin="JC654321",
                      birth_date=datetime.date(1970, 3, 2))  # fmt: skip
    Person.objects.filter(pk=person.pk).update(created_at=then, updated_at=then)
    _member(_household("RSU09000000002", imported_at=then, pmt_index=9.1), person, 1, "head")
    return person


def test_retention_anonymizes_a_registry_only_person_after_the_period_not_before(personas) -> None:  # type: ignore[no-untyped-def]
    person = _registry_only(personas, imported_ago=datetime.timedelta(days=365 * 4))
    assert retention_apply().counts["registry_member"] == 0  # four years: within the registry's 60 months
    person.refresh_from_db()
    assert person.anonymized_at is None and person.cin == "JC654321"
    later = timezone.now() + datetime.timedelta(days=365 * 2)  # six years after the last import
    preview = retention_apply(dry_run=True, now=later)
    assert preview.counts["registry_member"] == 1 and preview.counts["registered_person"] == 1
    run = retention_apply(now=later)
    assert run.counts["registry_member"] == 1 and run.counts["closed_case_person"] == 0
    person.refresh_from_db()
    assert (person.first_name_ar, person.cin, person.birth_date) == ("", None, datetime.date(1970, 1, 1))
    member = RegistryMember.objects.get(person=person)  # the registry's data stays, naming no one
    assert member.schooling == "primary" and member.household.pmt_index == 9.1
    assert retention_apply(now=later).counts["registry_member"] == 0  # idempotent


def test_any_recent_or_ongoing_activity_keeps_the_person(personas, everywhere) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - LONG_AGO
    Person.objects.filter(pk=everywhere.pk).update(updated_at=long_ago)
    RegistryMember.objects.filter(person=everywhere).update(imported_at=long_ago)
    RegistryHousehold.objects.update(imported_at=long_ago)
    Enrollment.objects.filter(person=everywhere).update(enrolled_at=long_ago)
    ModuleResult.objects.update(assessed_at=long_ago)
    Referral.objects.update(updated_at=long_ago)
    due = persons_due()
    assert not due.filter(pk=everywhere.pk).exists()  # the case is open, the program enrolment active, the request open
    Case.objects.filter(person=everywhere).update(status="closed", closed_at=long_ago)
    ProgramEnrollment.objects.update(status="exited", updated_at=long_ago)
    assert not persons_due().filter(pk=everywhere.pk).exists()  # the request is still open
    request = everywhere.data_requests.get()
    services.request_answer(acting_user=personas.manager_a, request=request, response="تم")
    assert not persons_due().filter(pk=everywhere.pk).exists()  # answered today: recent
    everywhere.data_requests.update(answered_at=long_ago)
    assert persons_due().filter(pk=everywhere.pk).exists()
    RetentionPolicy.objects.filter(record_type="training").update(is_active=False)
    assert not persons_due().filter(pk=everywhere.pk).exists()  # a period not applied keeps its records' persons
    RetentionPolicy.objects.filter(record_type="training").update(is_active=True)
    retention_apply()
    everywhere.refresh_from_db()
    assert everywhere.anonymized_at is not None
    assert Case.objects.get(person=everywhere).reason == "" and Referral.objects.get().reason == ""
    assert Consent.objects.filter(person=everywhere).exists()
