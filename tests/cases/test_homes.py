"""The homes of a center's staff: the social worker's work due now, by stage, each item a link to where
it is done, counted in the menu; the manager's plans to decide (from the home page, audited), unassigned
and stalled cases, the team's overdue work and the capacity in use — and nothing of it for anyone else."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.cases import orientation, services
from jisr.cases.models import Assessment, Case, FollowUp, ListeningRecord, OrientationPlan, PlanAction, PlanGoal
from jisr.core.models import AuditLog
from tests.cases.helpers import diagnose, submitted_plan, to_pathway
from tests.core.home_helpers import due_urls, home, menu_count, panel, panel_names
from tests.people.helpers import register
from tests.personas import make_user

pytestmark = pytest.mark.django_db
WORK_PANELS = {"cases.my_cases", "core.work", "cases.center"}


def open_case(personas: Any, first_name: str, *, worker: str | None = "worker_a", center: str = "center_a",
              by: str = "worker_a") -> Case:  # fmt: skip
    person = register(personas, by=by, center=center, first_name_ar=first_name, last_name_ar="التجريبي", sex="F")
    return services.case_open(
        acting_user=getattr(personas, by), person=person, center=getattr(personas, center), reason="بدون دخل",
        channel=Case.Channel.WALK_IN, consent_obtained=True, assigned_to=getattr(personas, worker) if worker else None,
    )  # fmt: skip


@pytest.fixture
def worker_cases(personas):  # type: ignore[no-untyped-def]
    """Worker A's cases, one for each kind of work due: a case to listen to, one to diagnose, one with a
    follow-up overdue and one due today (and one later), one whose plan the manager returned."""
    to_listen = open_case(personas, "رقية")
    to_diagnose = open_case(personas, "زينب")
    services.listening_record(acting_user=personas.worker_a, case=to_diagnose, needs=["income"], notes="")
    followed = to_pathway(personas, open_case(personas, "خديجة"))
    late, today, later = services.followups_schedule(acting_user=personas.worker_a, case=followed)
    FollowUp.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    FollowUp.objects.filter(pk=today.pk).update(due_on=timezone.localdate())
    returned = diagnose(personas, open_case(personas, "مريم"))
    plan = submitted_plan(personas, returned)
    orientation.plan_return(acting_user=personas.manager_a, plan=plan, note="Préciser la formation visée")
    return {"to_listen": to_listen, "to_diagnose": to_diagnose, "followed": followed, "late": late,
            "today": today, "later": later, "returned": returned}  # fmt: skip


def test_the_worker_sees_each_kind_of_work_due_with_a_link_to_where_it_is_done(personas, worker_cases,
                                                                                client_for) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    cases = worker_cases
    response = home(client_for("worker_a"))
    assert due_urls(response) == {
        "cases.listening": [reverse("cases:detail", args=[cases["to_listen"].pk]) + "#listening-form"],
        "cases.diagnosis": [reverse("cases:assess", args=[cases["to_diagnose"].pk])],
        "cases.followups": [reverse("cases:followup_record", args=[cases["followed"].pk, cases[key].pk])
                            for key in ("late", "today")],  # overdue first; the one due later is not due yet
        "cases.plans_returned": [reverse("cases:plan", args=[cases["returned"].pk])],
    }  # fmt: skip
    [returned] = panel(response, "core.work")["sections"][3].items
    assert returned.detail == "Préciser la formation visée"  # the manager's note, on the home
    [late, today] = panel(response, "core.work")["sections"][2].items
    assert late.overdue and not today.overdue
    # The menu counts what the home lists: 1 + 1 + 2 + 1.
    assert menu_count(response, "cases") == 5 and menu_count(response, "referrals") == 0
    assert "centers.network" not in panel_names(response)


def test_the_links_lead_to_the_place_to_act(personas, worker_cases, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    listening = client.get(reverse("cases:detail", args=[worker_cases["to_listen"].pk])).content.decode()
    assert 'id="listening-form"' in listening
    followup_url = reverse("cases:followup_record", args=[worker_cases["followed"].pk, worker_cases["today"].pk])
    page = client.get(followup_url)
    assert page.status_code == 200 and 'name="done"' in page.content.decode()
    for name in ("worker_b", "partner", "citizen", "outsider"):
        assert client_for(name).get(followup_url).status_code == 404, name
    assert client.post(followup_url, {"done": "1", "notes": "Joint au téléphone"}).status_code == 302
    assert FollowUp.objects.get(pk=worker_cases["today"].pk).status == FollowUp.Status.DONE
    response = home(client)
    assert len(due_urls(response)["cases.followups"]) == 1 and menu_count(response, "cases") == 4


def test_my_cases_by_stage_link_to_the_list_of_them(personas, worker_cases, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    stages = {stage["value"]: stage for stage in panel(home(client), "cases.my_cases")["stages"]}
    expected = {"reception": 1, "listening": 1, "diagnosis": 0, "orientation": 1, "pathway": 0, "follow_up": 1}
    assert {value: stage["count"] for value, stage in stages.items()} == expected
    listed = client.get(stages["reception"]["url"]).context["page"]
    assert [case.pk for case in listed] == [worker_cases["to_listen"].pk]


def test_a_worker_of_another_center_sees_nothing_of_center_a(personas, worker_cases, client_for) -> None:  # type: ignore[no-untyped-def]
    response = home(client_for("worker_b"))
    assert due_urls(response) == {}
    assert panel(response, "core.work")["total"] == 0
    assert panel(response, "cases.my_cases")["total"] == 0
    html = response.content.decode()
    assert all(case.reference not in html for case in Case.objects.all())
    assert menu_count(response, "cases") == 0


@pytest.mark.parametrize("name", ["partner", "citizen", "analyst", "outsider", "region_rsk", "national"])
def test_the_work_panels_are_for_the_staff_of_a_center_only(personas, worker_cases, client_for, name) -> None:  # type: ignore[no-untyped-def]
    response = home(client_for(name))
    panels = set(panel_names(response))
    if name in {"region_rsk", "national"}:  # their "To do" holds the social watch's alerts, never cases
        assert not {"cases.my_cases", "cases.center"} & panels, name
        assert panel(response, "core.work")["total"] == 0 and not due_urls(response), name
    else:  # a partner's "To do" holds only the plan actions their organization reports on (consultations)
        assert not {"cases.my_cases", "cases.center"} & panels, name
        assert "core.work" not in panels or panel(response, "core.work")["total"] == 0, name
    html = response.content.decode()
    assert all(case.reference not in html for case in Case.objects.all()), name


def test_a_manager_gets_my_cases_only_while_carrying_cases(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    assert not {"cases.my_cases", "core.work"} & set(panel_names(home(client_for("manager_a"))))
    mine = open_case(personas, "ثريا", worker="manager_a", by="manager_a")
    response = home(client_for("manager_a"))
    assert panel(response, "cases.my_cases")["total"] == 1
    assert due_urls(response) == {"cases.listening": [reverse("cases:detail", args=[mine.pk]) + "#listening-form"]}
    assert menu_count(response, "cases") == 1


def test_nothing_due_today_is_said(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = home(client_for("worker_a"))
    assert panel(response, "core.work") == {"sections": [], "total": 0}
    assert 'class="alert alert-success mb-0"' in response.content.decode()


# --- The center manager.


@pytest.fixture
def plan_to_decide(personas):  # type: ignore[no-untyped-def]
    case = diagnose(personas, open_case(personas, "هند"))
    return submitted_plan(personas, case)


def decide(client: Any, plan: OrientationPlan, decision: str, note: str = "") -> Any:
    url = reverse("cases:plan_decide", args=[plan.case_id, decision])
    return client.post(url, {"note": note, "from": "home"})


def test_the_manager_approves_a_plan_from_the_home_page(personas, plan_to_decide, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("manager_a")
    response = home(client)
    center = panel(response, "cases.center")
    assert [plan.pk for plan in center["plans"]] == [plan_to_decide.pk] and center["plans_count"] == 1
    html = response.content.decode()
    assert reverse("cases:plan_decide", args=[plan_to_decide.case_id, "approve"]) in html
    assert menu_count(response, "cases") == 1  # the plan to decide
    assert "cases.center" not in panel_names(home(client_for("worker_a")))

    answer = decide(client, plan_to_decide, "approve", "Bon plan")
    assert answer.status_code == 302 and answer["Location"] == reverse("core:home")
    plan_to_decide.refresh_from_db()
    assert plan_to_decide.status == OrientationPlan.Status.APPROVED and plan_to_decide.decided_by == personas.manager_a
    assert Case.objects.get(pk=plan_to_decide.case_id).status == Case.Status.PATHWAY
    entry = AuditLog.objects.get(object_type="cases.orientationplan", object_id=str(plan_to_decide.pk),
                                 actor=personas.manager_a)  # fmt: skip
    assert entry.changes == {"status": ["submitted", "approved"]}
    after = home(client)
    assert panel(after, "cases.center")["plans"] == [] and menu_count(after, "cases") == 0


def test_returning_from_the_home_page_needs_a_reason(personas, plan_to_decide, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("manager_a")
    refused = decide(client, plan_to_decide, "return", "  ")
    assert refused["Location"] == reverse("core:home")
    plan_to_decide.refresh_from_db()
    assert plan_to_decide.status == OrientationPlan.Status.SUBMITTED
    assert list(home(client).context["messages"])  # the reason is asked for on the page
    decide(client, plan_to_decide, "return", "Ajouter une action de santé")
    plan_to_decide.refresh_from_db()
    assert plan_to_decide.status == OrientationPlan.Status.RETURNED
    assert plan_to_decide.decision_note == "Ajouter une action de santé"
    worker = home(client_for("worker_a"))
    assert due_urls(worker)["cases.plans_returned"] == [reverse("cases:plan", args=[plan_to_decide.case_id])]


@pytest.mark.parametrize("name", ["worker_a", "worker_b", "partner", "province_agadir", "outsider"])
def test_no_one_else_can_decide(personas, plan_to_decide, client_for, name) -> None:  # type: ignore[no-untyped-def]
    for decision in ("approve", "return"):
        assert decide(client_for(name), plan_to_decide, decision, "note").status_code == 404, name
    plan_to_decide.refresh_from_db()
    assert plan_to_decide.status == OrientationPlan.Status.SUBMITTED


def test_each_manager_sees_the_plans_of_their_own_center(personas, plan_to_decide, client) -> None:  # type: ignore[no-untyped-def]
    manager_b = make_user("p-manager-b", "center_manager", center=personas.center_b)
    case_b = diagnose(personas, open_case(personas, "سلمى", worker="worker_b", center="center_b", by="worker_b"),
                      worker="worker_b")  # fmt: skip
    plan_b = submitted_plan(personas, case_b, worker="worker_b")
    client.force_login(manager_b)
    assert [plan.pk for plan in panel(home(client), "cases.center")["plans"]] == [plan_b.pk]
    assert decide(client, plan_to_decide, "approve").status_code == 404
    client.force_login(personas.manager_a)
    assert [plan.pk for plan in panel(home(client), "cases.center")["plans"]] == [plan_to_decide.pk]


def test_unassigned_cases_and_capacity_in_use(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    unassigned = open_case(personas, "نعيمة", worker=None)
    open_case(personas, "فدوى")
    open_case(personas, "لطيفة", worker="worker_b", center="center_b", by="worker_b")
    personas.center_a.capacity = 8
    personas.center_a.save(update_fields=["capacity"])
    response = home(client_for("manager_a"))
    center = panel(response, "cases.center")
    assert [case.pk for case in center["unassigned"]] == [unassigned.pk]
    assert reverse("cases:detail", args=[unassigned.pk]) + "#handover-title" in response.content.decode()
    [load] = center["loads"]
    assert (load.center, load.open_cases, load.capacity, load.percent) == (personas.center_a, 2, 8, 25)
    assert 'data-width="25"' in response.content.decode()


def _backdate(case: Case, days: int) -> None:
    then = timezone.now() - datetime.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(opened_at=then, updated_at=then)


def stalled(client: Any) -> list[Case]:
    return [case for case, _days in panel(home(client), "cases.center")["stalled"]]


def test_stalled_cases_follow_the_setting(personas, client_for, settings) -> None:  # type: ignore[no-untyped-def]
    quiet = open_case(personas, "سعاد")
    open_case(personas, "بشرى")  # worked on today
    _backdate(quiet, 20)
    client = client_for("manager_a")
    assert stalled(client) == [quiet]  # the default: 14 days
    assert panel(home(client), "cases.center")["stalled"][0][1] == 20
    settings.JISR_STALLED_CASE_DAYS = 30
    assert stalled(client) == []
    settings.JISR_STALLED_CASE_DAYS = 19
    assert stalled(client) == [quiet]


def test_any_record_of_the_case_is_activity(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, "حسناء")
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"], notes="")
    _backdate(case, 30)
    record = ListeningRecord.objects.get(case=case)
    client = client_for("manager_a")
    ListeningRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert stalled(client) == []  # the interview three days ago is activity, though the case row is older
    ListeningRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - datetime.timedelta(days=25))
    assert stalled(client) == [case]


def _backdate_everything(case: Case, days: int) -> None:
    """The case and every record of its pathway so far, as if written `days` ago."""
    then = timezone.now() - datetime.timedelta(days=days)
    _backdate(case, days)
    ListeningRecord.objects.filter(case=case).update(created_at=then)
    Assessment.objects.filter(case=case).update(assessed_at=then)
    OrientationPlan.objects.filter(case=case).update(created_at=then, submitted_at=then, decided_at=then)
    PlanGoal.objects.filter(plan__case=case).update(created_at=then)
    PlanAction.objects.filter(goal__plan__case=case).update(created_at=then)


def test_a_case_waiting_for_its_follow_up_is_not_stalled(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = to_pathway(personas, open_case(personas, "وفاء"))
    services.followups_schedule(acting_user=personas.worker_a, case=case)
    _backdate_everything(case, 40)
    client = client_for("manager_a")
    assert stalled(client) == []  # its follow-ups are in 3, 6 and 12 months
    FollowUp.objects.filter(case=case).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert stalled(client) == [case]


def test_the_team_table_counts_overdue_follow_ups_per_worker(personas, worker_cases, client_for) -> None:  # type: ignore[no-untyped-def]
    open_case(personas, "أسماء", worker=None)
    team = panel(home(client_for("manager_a")), "cases.center")["team"]
    [row] = team  # only workers holding open cases; the unassigned case has no row
    assert (row.username, row.open_cases, row.overdue_followups) == ("p-worker-a", 4, 1)  # due today: not overdue
    assert row.measures == {"overdue_referrals": 0}
