"""The case selectors built on the models' anchors: every record of a case is seen where its case is,
and whoever must not see it gets a 404; the form choices come from the user's scope."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from jisr.accounts import selectors as accounts
from jisr.cases import plan_writing, selectors, services
from jisr.cases.models import (
    Assessment,
    Case,
    CaseStatusChange,
    FollowUp,
    ListeningRecord,
    OrientationPlan,
    Outcome,
    PlanAction,
    PlanGoal,
)
from jisr.core.scope import anchor_fields, anchor_of, in_scope
from tests.cases.helpers import approved_plan, diagnose
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
NEVER_SEE = ("worker_b", "partner", "region_rsk", "analyst", "citizen", "outsider")
IN_A_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="سعاد", last_name_ar="البقالي", sex="F")
    opened = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                reason="r", channel="walk_in", consent_obtained=True)  # fmt: skip
    return diagnose(personas, opened)


@pytest.mark.parametrize(
    "model", [CaseStatusChange, ListeningRecord, Assessment, FollowUp, Outcome, OrientationPlan, PlanGoal, PlanAction]
)
def test_every_record_of_a_case_is_anchored_where_its_case_is(model) -> None:  # type: ignore[no-untyped-def]
    fields = anchor_fields(model)
    assert fields.center and fields.center.endswith("case__center_id")
    assert fields.province and fields.province.endswith("case__province_id")


def test_a_case_sits_at_its_center(personas, case) -> None:  # type: ignore[no-untyped-def]
    assert anchor_of(case).center_id == personas.center_a.pk
    assert anchor_of(case).province_code == personas.center_a.province_id


def test_plans_goals_and_actions_are_404_for_those_who_must_not_see(personas, case) -> None:  # type: ignore[no-untyped-def]
    plan = approved_plan(personas, case)
    goal = plan.goals.get()
    action = goal.actions.get()
    assert selectors.plan_get(personas.worker_a, plan.pk) == plan
    assert selectors.goal_get(personas.worker_a, plan, goal.pk) == goal
    assert selectors.action_get(personas.worker_a, action.pk) == action
    for name in NEVER_SEE:
        user = getattr(personas, name)
        with pytest.raises(Http404):
            selectors.plan_get(user, plan.pk)
        with pytest.raises(Http404):
            selectors.goal_get(user, plan, goal.pk)
        with pytest.raises(Http404):
            selectors.action_get(user, action.pk)
        assert selectors.plan_list(user) == [], name
    with pytest.raises(Http404):
        selectors.plan_get(personas.worker_a, "not-a-uuid")
    with pytest.raises(Http404):  # approving is the manager's: the worker does not find the plan to approve
        selectors.plan_get(personas.worker_a, plan.pk, "cases.approve_plan")
    assert selectors.plan_list(personas.province_agadir) == [plan]


def test_a_goal_of_another_plan_is_not_found(personas, case) -> None:  # type: ignore[no-untyped-def]
    plan = approved_plan(personas, case)
    other_person = register(personas, first_name_ar="نادية", last_name_ar="الإدريسي", sex="F")
    other_case = diagnose(personas, services.case_open(
        acting_user=personas.worker_a, person=other_person, center=personas.center_a, reason="r",
        channel="walk_in", consent_obtained=True,
    ))  # fmt: skip
    other_plan = approved_plan(personas, other_case)
    with pytest.raises(Http404):
        selectors.goal_get(personas.worker_a, other_plan, plan.goals.get().pk)


def test_a_followup_is_found_only_through_its_own_case(personas, case) -> None:  # type: ignore[no-untyped-def]
    approved_plan(personas, case)
    case.refresh_from_db()
    followup = services.followups_schedule(acting_user=personas.worker_a, case=case)[0]
    assert selectors.followup_get(personas.worker_a, case, followup.pk) == followup
    for name in NEVER_SEE:
        with pytest.raises(Http404):
            selectors.followup_get(getattr(personas, name), case, followup.pk)
    other_person = register(personas, first_name_ar="مريم", last_name_ar="السوسي", sex="F")
    other_case = services.case_open(acting_user=personas.worker_a, person=other_person, center=personas.center_a,
                                    reason="r", channel="walk_in", consent_obtained=True)  # fmt: skip
    with pytest.raises(Http404):
        selectors.followup_get(personas.worker_a, other_case, followup.pk)
    assert list(in_scope(personas.worker_b, "cases.view_case", FollowUp)) == []


def test_case_opening_choices_are_the_users_centers_and_their_staff(personas) -> None:  # type: ignore[no-untyped-def]
    assert list(selectors.centers_for_case_opening(personas.worker_a)) == [personas.center_a]
    assert personas.center_a not in selectors.centers_for_case_opening(personas.worker_b)
    assert list(selectors.centers_for_case_opening(personas.outsider)) == []
    staff = set(accounts.staff_of_centers([personas.center_a]))
    assert {personas.worker_a, personas.manager_a} <= staff and personas.worker_b not in staff


def test_a_whole_plan_is_written_or_nothing(personas, case) -> None:  # type: ignore[no-untyped-def]
    goals = [
        plan_writing.GoalDraft(domain="income", title="Emploi", actions=[
            plan_writing.ActionDraft(kind="internal", description="Atelier CV", due_on=IN_A_MONTH,
                                     responsible=personas.worker_a.username),
        ]),
        plan_writing.GoalDraft(domain="health", title="Santé", actions=[
            plan_writing.ActionDraft(kind="internal", description="Bilan", due_on=IN_A_MONTH, responsible="nobody"),
        ]),
    ]  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        plan_writing.plan_write(acting_user=personas.worker_a, case=case, goals=goals)
    assert list(refused.value.message_dict) == ["goals.1.actions.0.responsible"]
    assert not OrientationPlan.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == Case.Status.DIAGNOSIS
    plan = plan_writing.plan_write(acting_user=personas.worker_a, case=case, goals=goals[:1])
    assert [goal.title for goal in plan.goals.all()] == ["Emploi"]
    with pytest.raises(Http404):
        plan_writing.plan_goals_add(acting_user=personas.worker_b, plan=plan, goals=goals[:1])
