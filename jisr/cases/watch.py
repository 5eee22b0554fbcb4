"""The cases' signals of the social watch (`jisr.core.watch_signals`).

- `cases.waiting`: cases waiting at reception or listening (the first two stages, before a diagnosis) for
  longer than n days since they entered that stage — a center's waiting list.
- `cases.violence_surge`: a surge of cases of violence against women in a province or a region: the cases
  opened this month (to date) compared with the average of the same month over the previous years.

A case of violence against women is a case of a woman (the person's sex) who is recorded as a victim of
violence, either in the beneficiary index (the vulnerability "victim of violence") or by the diagnosis
(the safety question "is the person exposed to violence or threats?" answered "in the past" or "currently").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Assessment, Case, CaseStatusChange
from jisr.core.dates import add_months, zone_start
from jisr.core.watch_signals import CENTER, PROVINCE, REGION, Firing, Param, Places, Signal, count_by_level, firing_at
from jisr.core.watch_signals import register_signal as register_watch_signal
from jisr.people.models import Person, Vulnerability

PLACES = Places(region="region_code", province="province_id", center="center_id")
WAITING_STAGES = (Case.Status.RECEPTION, Case.Status.LISTENING)
VIOLENCE_ANSWERS = ("past", "current")


def waiting_cases(older_than: datetime.datetime) -> QuerySet[Case]:
    """The cases at reception or listening that entered that stage before `older_than`."""
    entered = (
        CaseStatusChange.objects.filter(case=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-changed_at")
        .values("changed_at")[:1]
    )
    return (
        Case.objects.filter(status__in=WAITING_STAGES)
        .annotate(waiting_since=Coalesce(Subquery(entered), "opened_at"))
        .filter(waiting_since__lt=older_than)
    )


def waiting_firings(params: Mapping[str, Any], level: str, today: datetime.date) -> Iterable[Firing]:
    older_than = zone_start(today - datetime.timedelta(days=params["days"]))
    for region, province, center, count in count_by_level(waiting_cases(older_than), level, PLACES):
        if count >= params["min_count"]:
            yield firing_at(level, region, province, center, value=count, reference=params["min_count"],
                            figures={"waiting": count})  # fmt: skip


def violence_against_women() -> QuerySet[Case]:
    """The cases of women recorded as victims of violence (the index's vulnerability or the diagnosis)."""
    victim = Vulnerability.objects.filter(person=OuterRef("person"), category=Vulnerability.Category.VIOLENCE_VICTIM)
    diagnosed = Assessment.objects.filter(case=OuterRef("pk"), answers__violence__in=VIOLENCE_ANSWERS)
    return Case.objects.filter(Q(Exists(victim)) | Q(Exists(diagnosed)), person__sex=Person.Sex.FEMALE)


def _month_start(day: datetime.date, years_back: int = 0) -> datetime.date:
    return day.replace(year=day.year - years_back, day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return add_months(day, 1)


def _opened_between(cases: QuerySet[Case], start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    return cases.filter(opened_at__gte=zone_start(start), opened_at__lt=zone_start(end))


def surge_firings(params: Mapping[str, Any], level: str, today: datetime.date) -> Iterable[Firing]:
    cases, years = violence_against_women(), params["years"]
    current = count_by_level(_opened_between(cases, _month_start(today), today + datetime.timedelta(days=1)),
                             level, PLACES)  # fmt: skip
    past: dict[tuple[str, str], int] = defaultdict(int)
    for back in range(1, years + 1):
        start = _month_start(today, back)
        for region, province, _center, count in count_by_level(_opened_between(cases, start, _next_month(start)),
                                                               level, PLACES):  # fmt: skip
            past[(region, province)] += count
    for region, province, center, count in current:
        average = past[(region, province)] / years
        threshold = average * (1 + params["increase_percent"] / 100)
        if count >= params["min_count"] and count > threshold:
            yield firing_at(level, region, province, center, value=count, reference=round(average, 1),
                            figures={"this_month": count, "average": round(average, 1)})  # fmt: skip


WAITING = Signal(
    code="cases.waiting",
    label=_("Waiting list at reception or listening"),
    description=_(
        "Cases at reception or listening (before their diagnosis) that entered that stage more than the "
        "given number of days ago. Fires where there are at least the minimum number of such cases."
    ),
    params=(
        Param("days", _("Waiting for more than (days)"), minimum=1, maximum=365, default=15),
        Param("min_count", _("Minimum number of waiting cases"), minimum=1, maximum=10000, default=3),
    ),
    levels=(CENTER, PROVINCE, REGION),
    evaluate=waiting_firings,
    order=20,
    figures={"waiting": _("Cases waiting")},
)

SURGE = Signal(
    code="cases.violence_surge",
    label=_("Surge of violence cases against women"),
    description=_(
        "Cases of women recorded as victims of violence (in the beneficiary index or by the diagnosis) opened "
        "this month, compared with the average of the same month over the previous years. Fires when this "
        "month's count reaches the minimum and exceeds the average by more than the given percentage."
    ),
    params=(
        Param("min_count", _("Minimum number of cases this month"), minimum=1, maximum=10000, default=5),
        Param(
            "increase_percent", _("Increase over the average (%)"), kind="number", minimum=0, maximum=1000, default=50
        ),  # fmt: skip
        Param("years", _("Previous years averaged"), minimum=1, maximum=10, default=3),
    ),
    levels=(PROVINCE, REGION),
    evaluate=surge_firings,
    order=30,
    figures={
        "this_month": _("Cases this month"),
        "average": _("Average of the same month"),
    },  # fmt: skip
)


def register() -> None:
    register_watch_signal(WAITING)
    register_watch_signal(SURGE)
