"""Reads behind the homes and the work list: what waits for a social worker, what a center manager
oversees, what a coordinator counts — always through the user's scope (`jisr.core.scope`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jisr.accounts.models import User
from jisr.cases.measures import team_measures, with_last_activity
from jisr.cases.models import Case, FollowUp, OrientationPlan
from jisr.cases.selectors import plans_awaiting_approval, visible_cases
from jisr.centers.models import Center
from jisr.core.scope import in_scope

CLOSED = Case.Status.CLOSED
OPEN_STAGES = [status for status in Case.Status.values if status != CLOSED]

# --- The social worker: the open cases assigned to them, and what is due in them now.


def my_open_cases(user: User) -> QuerySet[Case]:
    """The open cases assigned to the user, among those they may work on (`cases.change_case`)."""
    return visible_cases(user, "cases.change_case").filter(assigned_to=user).exclude(status=CLOSED)


def my_stage_counts(user: User) -> list[tuple[str, str, int]]:
    """(stage, label, number of my open cases there) for each open stage, in the pathway's order (one query)."""
    counts = dict(my_open_cases(user).values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(stage, str(Case.Status(stage).label), counts.get(stage, 0)) for stage in OPEN_STAGES]


def cases_to_listen(user: User) -> QuerySet[Case]:
    """My cases in reception: the listening interview is to be held (longest waiting first)."""
    return my_open_cases(user).filter(status=Case.Status.RECEPTION).select_related("person").order_by("updated_at")


def cases_to_diagnose(user: User) -> QuerySet[Case]:
    """My cases in listening: the diagnosis with the protocol is to be made (longest waiting first)."""
    return my_open_cases(user).filter(status=Case.Status.LISTENING).select_related("person").order_by("updated_at")


def followups_due(user: User, today: datetime.date | None = None) -> QuerySet[FollowUp]:
    """The follow-ups of my open cases due today or overdue, still to record (oldest first)."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, due_on__lte=today, case__in=my_open_cases(user))
        .select_related("case__person")
        .order_by("due_on", "id")
    )


def plans_returned(user: User) -> QuerySet[OrientationPlan]:
    """The plans of my open cases that the manager returned for changes (oldest decision first)."""
    return (
        OrientationPlan.objects.filter(status=OrientationPlan.Status.RETURNED, case__in=my_open_cases(user))
        .select_related("case__person", "decided_by")
        .order_by("decided_at", "id")
    )


def my_due_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """How many items each of the lists above holds — cases to listen to, to diagnose, follow-ups due,
    plans returned — in one query (the menu's count, on every page)."""
    today = today or timezone.localdate()
    due_followup = Q(followups__status=FollowUp.Status.SCHEDULED, followups__due_on__lte=today)
    totals = my_open_cases(user).aggregate(
        listening=Count("id", filter=Q(status=Case.Status.RECEPTION), distinct=True),
        diagnosis=Count("id", filter=Q(status=Case.Status.LISTENING), distinct=True),
        followups=Count("followups", filter=due_followup, distinct=True),
        plans_returned=Count("plan", filter=Q(plan__status=OrientationPlan.Status.RETURNED), distinct=True),
    )
    return {key: value or 0 for key, value in totals.items()}


# --- The center manager: plans to decide, the center's open cases, its team and its capacity.


def plans_to_decide(user: User) -> QuerySet[OrientationPlan]:
    """Plans waiting for the user's approval that the user may decide: never their own (four eyes),
    oldest first, with their numbers of goals and actions."""
    return (
        plans_awaiting_approval(user)
        .exclude(submitted_by=user)
        .exclude(created_by=user)
        .annotate(goal_count=Count("goals", distinct=True), action_count=Count("goals__actions", distinct=True))
    )


def overseen_open_cases(user: User) -> QuerySet[Case]:
    """The open cases of the centers where the user assigns cases (`cases.assign_case`: the manager)."""
    return in_scope(user, "cases.assign_case", Case).exclude(status=CLOSED)


def unassigned_cases(user: User) -> QuerySet[Case]:
    """The open cases of the user's centers given to no social worker yet, longest waiting first."""
    return overseen_open_cases(user).filter(assigned_to__isnull=True).select_related("person").order_by("opened_at")


def stalled_days() -> int:
    """Days without activity after which an open case is stalled (`JISR_STALLED_CASE_DAYS`, 14 by default)."""
    return max(1, int(settings.JISR_STALLED_CASE_DAYS))


def stalled_cases(user: User, now: datetime.datetime | None = None) -> QuerySet[Case]:
    """The open cases of the user's centers on which nothing happened for `stalled_days()` days, oldest
    activity first, annotated with `last_activity` (`jisr.cases.measures`).

    A case whose follow-ups are scheduled and not yet due is waiting for its calendar, not stalled; its
    follow-ups come back on the lists once they are due."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=stalled_days())
    waiting_for_a_followup = FollowUp.objects.filter(
        case=OuterRef("pk"), status=FollowUp.Status.SCHEDULED, due_on__gte=timezone.localdate(now or timezone.now())
    )
    # The case row changes with every stage move and reassignment: a case touched since the cutoff is not
    # stalled, whatever its records say — the cheap condition first, the subqueries on what is left.
    candidates = overseen_open_cases(user).filter(updated_at__lt=cutoff).exclude(Exists(waiting_for_a_followup))
    return (
        with_last_activity(candidates)
        .filter(last_activity__lt=cutoff)  # type: ignore[misc]  # the annotation of with_last_activity
        .select_related("person", "assigned_to")
        .order_by("last_activity", "id")
    )


@dataclass
class TeamRow:
    """One social worker of the manager's centers: open cases and what is overdue in them."""

    worker_id: int
    username: str
    open_cases: int
    overdue_followups: int
    measures: dict[str, int] = field(default_factory=dict)


def team_table(user: User, today: datetime.date | None = None) -> list[TeamRow]:
    """Per social worker holding open cases in the user's centers: their open cases, their overdue
    follow-ups (scheduled, due before today) and the columns other apps add (overdue referrals)."""
    today = today or timezone.localdate()
    cases = overseen_open_cases(user).filter(assigned_to__isnull=False)
    overdue = Q(followups__status=FollowUp.Status.SCHEDULED, followups__due_on__lt=today)
    rows = [
        TeamRow(
            worker_id=row["assigned_to"],
            username=row["assigned_to__username"],
            open_cases=row["open_cases"],
            overdue_followups=row["overdue_followups"],
        )  # fmt: skip
        for row in cases.values("assigned_to", "assigned_to__username")
        .annotate(open_cases=Count("id", distinct=True), overdue_followups=Count("followups", filter=overdue))
        .order_by("assigned_to__username")
    ]
    for measure in team_measures():
        counts = measure.count(user, cases)
        for row in rows:
            row.measures[measure.key] = counts.get(row.worker_id, 0)
    return rows


@dataclass(frozen=True)
class CenterLoad:
    """A center's open cases against its capacity (None when the directory gives no capacity)."""

    center: Center
    open_cases: int
    capacity: int | None

    @property
    def percent(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.open_cases / self.capacity)


def center_loads(user: User) -> list[CenterLoad]:
    """The centers where the user assigns cases, each with its open cases and its capacity (one query)."""
    centers = in_scope(user, "cases.assign_case", Center.objects.all()).annotate(
        open_cases=Count("cases", filter=~Q(cases__status=CLOSED))
    )
    return [
        CenterLoad(center=center, open_cases=center.open_cases, capacity=center.capacity)  # type: ignore[attr-defined]
        for center in centers.order_by("name_fr")
    ]


# --- Coordinators and national roles: their territory's counts (no names).


@dataclass(frozen=True)
class TerritoryCaseCounts:
    open_cases: int
    opened_this_month: int
    overdue_followups: int


def territory_case_counts(user: User, today: datetime.date | None = None) -> TerritoryCaseCounts:
    """Open cases, cases opened since the first of this month, and overdue follow-ups (scheduled, due before
    today, of open cases) in the user's caseload scope (`cases.view_caseload`). Two queries."""
    today = today or timezone.localdate()
    month_start = timezone.make_aware(datetime.datetime.combine(today.replace(day=1), datetime.time.min))
    cases = in_scope(user, "cases.view_caseload", Case)
    totals = cases.aggregate(
        open_cases=Count("id", filter=~Q(status=CLOSED)),
        opened_this_month=Count("id", filter=Q(opened_at__gte=month_start)),
    )
    overdue = (
        in_scope(user, "cases.view_caseload", FollowUp)
        .filter(status=FollowUp.Status.SCHEDULED, due_on__lt=today)
        .exclude(case__status=CLOSED)
        .count()
    )
    return TerritoryCaseCounts(
        open_cases=totals["open_cases"] or 0,
        opened_this_month=totals["opened_this_month"] or 0,
        overdue_followups=overdue,
    )
