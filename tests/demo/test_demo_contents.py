"""What the small demo holds (loaded once for the module: the `small_demo` fixture of tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, F
from django.test import Client, RequestFactory
from django.urls import reverse

from jisr.accounts.models import Membership, User
from jisr.cases.models import Case
from jisr.centers.models import LANGUAGE_CHOICES, Center, CenterService, OpeningHours, Organization
from jisr.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from jisr.people.models import Person
from jisr.territories.models import Province
from tests.demo.common import (
    PILOT_PROVINCES,
    UNDER_REHABILITATION,
    demo_centers,
    run_demo,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_small_set_covers_every_province_and_the_pilots(small_demo) -> None:  # type: ignore[no-untyped-def]
    assert "Centers:" in small_demo and "Demo data loaded" in small_demo
    jisr = demo_centers().filter(is_jisr=True)
    assert jisr.values("province").distinct().count() == Province.objects.count() == 75
    for code, province_code in PILOT_PROVINCES.items():
        pilot = jisr.get(code=code)
        assert (pilot.province_id, pilot.rehabilitation_status) == (province_code, Center.Rehabilitation.OPERATIONAL)
        assert pilot.kind == Center.Kind.MULTIFUNCTION and pilot.status == Center.Status.ACTIVE
    agadir = jisr.get(code="demo-jisr-agadir")
    assert (agadir.name_ar, agadir.name_fr) == (
        "المركز متعدد الوظائف جسر – أكادير",
        "Centre multifonctionnel Jisr – Agadir",
    )
    rsk = jisr.filter(region_code="04")
    assert rsk.count() == rsk.filter(rehabilitation_status__in=UNDER_REHABILITATION).count() == 21
    assert 200 <= demo_centers().filter(is_jisr=False).count() <= 210


def test_rehabilitation_works_follow_the_centers_status(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.centers.models import CenterWorks
    from jisr.centers.works.models import CENTER_STATUS_OF_PHASE
    from jisr.centers.works.selectors import late_phases

    jisr = demo_centers().filter(is_jisr=True)
    works = CenterWorks.objects.filter(center__in=jisr).select_related("center").prefetch_related("phases")
    assert works.count() == jisr.count()
    for record in works:
        assert CENTER_STATUS_OF_PHASE[record.phase] == record.center.rehabilitation_status, record.center.code
        assert record.budget_mad == record.center.rehabilitation_budget_mad
        assert record.phases.count() == 7
    assert {record.phase for record in works if record.center.code in PILOT_PROVINCES} == {"operational"}
    assert sum(1 for record in works if late_phases(record)) >= 5
    assert works.filter(center__region_code="04").count() == 21


def test_rows_are_consistent_and_complete(small_demo) -> None:  # type: ignore[no-untyped-def]
    centers = demo_centers()
    assert not centers.exclude(province_id=F("commune__province_id")).exists()
    assert not centers.exclude(region_code=F("commune__region_id")).exists()
    assert not centers.filter(latitude__lt=20.8).exists() and not centers.filter(latitude__gt=35.9).exists()
    assert not centers.filter(longitude__lt=-17).exists() and not centers.filter(longitude__gt=-1).exists()
    assert not centers.exclude(phone__startswith="+212 5").exists()
    assert centers.filter(name_ar="").count() == centers.filter(name_en="").count() == 0
    # Every center has weekday hours 08:30–16:30 (or a residential schedule) and at least one service.
    assert centers.annotate(days=Count("opening_hours")).filter(days__lt=5).count() == 0
    assert centers.annotate(services_count=Count("services")).filter(services_count=0).count() == 0
    assert OpeningHours.objects.filter(
        center__is_jisr=True, weekday=1, opens_at="08:30", closes_at="16:30"
    ).count() == (centers.filter(is_jisr=True).count())
    allowed = {code for code, _ in LANGUAGE_CHOICES}
    for languages in CenterService.objects.filter(center__in=centers).values_list("languages", flat=True):
        assert {"ar", "ary"} <= set(languages) <= allowed
    jisr_services = set(
        CenterService.objects.filter(center__code="demo-jisr-agadir").values_list("service_type__code", flat=True)
    )
    assert {"reception", "listening", "orientation", "certified-training", "social-incubation"} <= jisr_services


def test_demo_accounts_log_in_with_their_membership(small_demo) -> None:  # type: ignore[no-untyped-def]
    expected = {
        "national": ("national_officer", {}),
        "analyst": ("national_analyst", {}),
        "region-rsk": ("regional_coordinator", {"region_id": "04"}),
        "province-agadir": ("provincial_coordinator", {"province_id": "09.001"}),
        "manager-agadir": ("center_manager", {"center__code": "demo-jisr-agadir"}),
        "worker-agadir": ("social_worker", {"center__code": "demo-jisr-agadir"}),
        "worker-oujda": ("social_worker", {"center__code": "demo-jisr-oujda"}),
        "partner-health-agadir": ("partner_agent", {"organization__province_id": "09.001"}),
        "citizen": ("citizen", {}),
        "khadamati-officer-agadir": ("provincial_disability_officer", {"province_id": "09.001"}),
        "khadamati-medical-agadir": ("medical_committee_member", {"province_id": "09.001"}),
        "khadamati-social-agadir": ("social_assistant", {"province_id": "09.001"}),
        "khadamati-secretary-agadir": ("committee_secretary", {"province_id": "09.001"}),
        "citizen-parent": ("citizen", {}),
        "program-officer": ("program_officer", {}),
        "partner-council-rsk": ("partner_agent", {"organization__email__startswith": "conseil-regional-04@"}),
    }
    assert {account.username for account in DEMO_ACCOUNTS} == set(expected)
    for username, (role, anchor) in expected.items():
        membership = Membership.objects.get(user__username=username)
        assert membership.role_id == role
        assert Membership.objects.filter(pk=membership.pk, **anchor).exists(), username
        response = Client().post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        # The citizen signs in to Khadamati with a one-time code, never at the staff login.
        assert response.status_code == (200 if role == "citizen" else 302), username
    citizen = User.objects.get(username="citizen")
    assert citizen.phone == "+212600000001" and not citizen.has_usable_password()
    partner_organization = Membership.objects.get(user__username="partner-health-agadir").organization
    assert partner_organization is not None and partner_organization.sector == Organization.Sector.HEALTH
    # The password really is checked (the login page's own rendering belongs to the accounts app).
    assert authenticate(RequestFactory().post("/"), username="national", password="wrong") is None


def test_demo_beneficiaries_live_in_households_around_the_demo_centers(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.demo.loader import DEMO_PEOPLE
    from jisr.demo.watch import SURGE_PERSONS
    from jisr.people.selectors import visible_people

    people = Person.objects.filter(registered_at__code__startswith="demo-")
    assert people.count() == DEMO_PEOPLE["small"] + SURGE_PERSONS  # with the households of the watch's surge
    assert people.filter(relation_to_head="head").count() == people.values("household").distinct().count()
    assert not people.filter(name_phonetic_key="").exists()
    assert people.exclude(cin=None).count() > DEMO_PEOPLE["small"] // 3
    worker = User.objects.get(username="worker-agadir")
    assert visible_people(worker).exists()
    assert run_demo("--small").count("Beneficiaries loaded") == 0


def test_demo_cases_give_the_demo_workers_a_caseload_at_every_stage(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import ListeningRecord
    from jisr.cases.selectors import CaseFilters, case_list

    worker = User.objects.get(username="worker-agadir")
    mine = case_list(worker, CaseFilters(mine=True))
    assert mine.count() >= 5
    assert set(Case.objects.values_list("status", flat=True)) >= {"reception", "listening", "closed"}
    assert not Case.objects.exclude(person__registered_at=F("center")).exists()
    assert ListeningRecord.objects.exists()
    assert "Demo data removed" in run_demo("--small", "--reset")


def test_the_demo_partner_has_referrals_waiting(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.referrals.selectors import referral_list

    partner = User.objects.get(username="partner-health-agadir")
    assert referral_list(partner, box="received", status="sent").exists()


def test_the_demo_referrals_are_due_from_their_sending_day(small_demo) -> None:  # type: ignore[no-untyped-def]
    """A demo referral keeps the day it was sent; none sent today reads overdue (issue 11, item 10)."""
    from django.utils import timezone

    from jisr.referrals.models import Referral
    from jisr.referrals.selectors import is_overdue
    from jisr.referrals.services import answer_due_on

    referrals = list(Referral.objects.all())
    today = timezone.localdate()
    assert referrals and any(timezone.localdate(r.created_at) < today for r in referrals)
    assert all(r.due_on == answer_due_on(r.created_at, r.urgency) for r in referrals)
    assert not [r for r in referrals if timezone.localdate(r.created_at) == today and is_overdue(r)]


def test_the_demo_pathways_are_consistent_with_each_cases_stage(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import Assessment, OrientationPlan
    from jisr.training.models import Certificate, Enrollment, TrainingProgram

    past_listening = Case.objects.filter(status__in=["diagnosis", "orientation", "pathway", "follow_up"])
    assert not past_listening.filter(assessments=None).exists()
    assert not Case.objects.filter(status__in=["pathway", "follow_up"]).exclude(plan__status="approved").exists()
    # An approved plan belongs to a case on its pathway, or to one closed after reaching it.
    assert not OrientationPlan.objects.filter(status="approved").exclude(
        case__status__in=["pathway", "follow_up", "closed"]).exists()  # fmt: skip
    assert not OrientationPlan.objects.filter(status="approved", case__status="closed").exclude(
        case__status_changes__to_status="pathway").exists()  # fmt: skip
    assert Assessment.objects.exists() and TrainingProgram.objects.exists()
    assert Enrollment.objects.exists() and Certificate.objects.exists()
    assert all(c.result.passed for c in Certificate.objects.select_related("result")[:50])
    assert not Enrollment.objects.exclude(case__status__in=["pathway", "follow_up"]).exists()
    before = (TrainingProgram.objects.count(), Enrollment.objects.count(), Certificate.objects.count())
    assert "Demo data removed" in run_demo("--small", "--reset")  # removed, then loaded again, the same
    assert (TrainingProgram.objects.count(), Enrollment.objects.count(), Certificate.objects.count()) == before


def test_the_demo_registry_shows_a_coverage_gap(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.programs.coverage import coverage
    from jisr.programs.models import Program
    from jisr.registry.models import RegistryHousehold

    assert RegistryHousehold.objects.count() > 2500 and not RegistryHousehold.objects.filter(pmt_index=None).exists()
    amo = Program.objects.get(code="amo-tadamon")
    nation = coverage(amo, "nation")[0]
    assert 0 < nation.figures["enrolled_households"] < nation.figures["eligible_households"]
    assert "Demo data removed" in run_demo("--small", "--reset")
    assert RegistryHousehold.objects.count() > 2500  # loaded again after the reset


def test_the_demo_registry_members_are_persons_some_already_beneficiaries(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.demo.registry import MEMBER_COMMUNES
    from jisr.people.models import Person
    from jisr.registry.models import RegistryMember

    members = RegistryMember.objects.select_related("person", "household")
    assert members.count() > 500 and {m.household.commune_id for m in members} <= set(MEMBER_COMMUNES)
    assert not members.filter(person__registered_at__isnull=False).exists()
    at_centers = Person.objects.exclude(registered_at=None)
    again = [m.person for m in members if at_centers.filter(name_phonetic_key=m.person.name_phonetic_key,
                                                            birth_date=m.person.birth_date).exists()]  # fmt: skip
    assert again, "some registry members are beneficiaries already received at a demo center"
    assert "Demo data removed" in run_demo("--small", "--reset")
    assert Person.objects.filter(registered_at=None).count() == RegistryMember.objects.count() > 500


def test_every_demo_case_follows_the_stage_rules(small_demo) -> None:  # type: ignore[no-untyped-def]
    """Each stage a demo case went through had its records (the protocol's stage rules), and each closure
    had its outcome unless the rules exempt it: the demo creates the records before moving the stage."""
    from jisr.cases.models import CaseStatusChange
    from jisr.cases.stage_rules import REQUIREMENTS, closure_is_exempt, rules_of_case

    cases = Case.objects.filter(center__code__startswith="demo-")
    assert cases.count() > 50
    broken = []
    for case in cases.prefetch_related("status_changes"):
        rules = rules_of_case(case)
        for change in case.status_changes.all():
            needs = rules["requires"].get(change.to_status, [])
            if change.to_status == "closed" and closure_is_exempt(rules, change.from_status, change.reason):
                needs = []
            missing = [need for need in needs if not REQUIREMENTS[need].holds(case)]
            if missing:
                broken.append((case.reference, change.from_status, change.to_status, missing))
    assert broken == []
    assert CaseStatusChange.objects.filter(to_status="closed", from_status="pathway").exists()


def test_the_demo_violence_surge_raises_one_alert_to_agadirs_coordinator(small_demo) -> None:  # type: ignore[no-untyped-def]
    from jisr.notifications.models import Notification
    from jisr.watch.models import Alert
    from jisr.watch.selectors import alert_list

    surge = Alert.objects.filter(signal="cases.violence_surge")
    assert list(surge.values_list("level", "province_code")) == [("province", "09.001")]
    coordinator = User.objects.get(username="province-agadir")
    assert alert_list(coordinator, status="active").filter(signal="cases.violence_surge").count() == 1
    assert Notification.objects.filter(
        user=coordinator, kind="watch.alert_raised", object_id=str(surge.get().pk)
    ).exists()
    assert not alert_list(User.objects.get(username="region-rsk")).filter(signal="cases.violence_surge").exists()
    assert "Demo data removed" in run_demo("--small", "--reset")  # removed (its centers with it), then loaded again
    assert Alert.objects.filter(signal="cases.violence_surge").count() == 1
