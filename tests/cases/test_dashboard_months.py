"""The dashboards' kept monthly figures (`jisr.cases.dashboard_months`) give the same dashboards as counting
every month live (settings.JISR_DASHBOARD_MONTHS off), on a generated history: cases opened, moved, closed and
reopened at the edges of months (in Morocco's time zone), follow-ups recorded around midnight, outcomes on
and around each horizon (3, 6 and 12 months after the follow-up started), in several
centers, provinces and regions; after the rebuild command, then after the services' own writes (without a
rebuild): an opening on the last evening of a month, a closing, a reopening, follow-ups recorded, a transfer
to another region. The national analyst's pages (small counts hidden) are compared too."""

from __future__ import annotations

import datetime
import random
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jisr.cases import dashboard_months, handover, services
from jisr.cases.models import Case, CaseStatusChange, DashboardMonth, FollowUp, Outcome
from jisr.core.dashboards import HIDDEN, Period, dashboard, territory_for
from jisr.core.dates import add_months
from tests.cases.dashboard_data import a_person
from tests.personas import AGADIR_COMMUNE, make_center, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
STAGES = ["reception", "listening", "diagnosis", "orientation", "pathway", "follow_up"]


def local(day: datetime.date, hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def a_moment(rng: random.Random, month: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """A moment of the month: often its first or last minute (in Morocco's time), else any day."""
    last_day = add_months(month, 1) - datetime.timedelta(days=1)
    moment = rng.choice([
        local(month, 0, 0, 30), local(last_day, 23, 59, 30), local(last_day, 23, 30),
        local(month + datetime.timedelta(days=rng.randint(0, 27)), rng.randint(0, 23), rng.randint(0, 59)),
    ])  # fmt: skip
    return min(moment, now - datetime.timedelta(minutes=rng.randint(5, 600)))


def generate(personas: Any, centers: list[Any], rng: random.Random, count: int) -> list[Case]:
    """`count` cases over the last 15 months, written directly (as a bulk load would: no service)."""
    now, today = timezone.now(), timezone.localdate()
    this_month = today.replace(day=1)
    person = a_person(personas)
    cases, changes, followups, outcomes = [], [], [], []
    for index in range(count):
        center = centers[index % len(centers)] if index % 3 else centers[0]  # the first center the busiest
        opened = a_moment(rng, add_months(this_month, -rng.randint(0, 14)), now)
        case = Case(reference=f"G-{index}", person=person, center=center, province_id=center.province_id,
                    region_code=center.region_code, reason="generated", channel=Case.Channel.WALK_IN, opened_at=opened,
                    opened_by=personas.worker_a)  # fmt: skip
        history = [("", "reception", opened)]
        moment = opened
        for stage in STAGES[1 : rng.randint(1, len(STAGES))]:
            step = datetime.timedelta(days=rng.choice([0, 1, 3, 12, 29, 31, 45]), hours=rng.randint(0, 23),
                                      minutes=rng.randint(0, 59))  # fmt: skip
            if moment + step > now:
                break
            moment += step
            history.append((history[-1][1], stage, moment))
        if rng.random() < 0.3 and moment + datetime.timedelta(days=2) < now:  # closed, and some reopened
            moment += datetime.timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 12))
            stage = history[-1][1]
            history.append((stage, "closed", moment))
            case.closed_at = moment
            if rng.random() < 0.4 and moment + datetime.timedelta(days=3) < now:
                moment += datetime.timedelta(days=rng.randint(1, 3))
                history.append(("closed", stage, moment))
                case.closed_at = None
        case.status = history[-1][1]
        cases.append(case)
        since = None
        for from_status, to_status, changed_at in history:
            changes.append(CaseStatusChange(
                case=case, from_status=from_status, to_status=to_status, changed_by=personas.worker_a,
                changed_at=changed_at, from_status_since=since if from_status else None, center=center,
                province_id=center.province_id, region_code=center.region_code,
            ))  # fmt: skip
            since = changed_at
        if any(to == "follow_up" for _f, to, _at in history):
            start = timezone.localdate(next(at for _f, to, at in history if to == "follow_up"))
            for _index in range(rng.choice([0, 1, 1, 2])):  # outcomes on, just before and after each horizon
                achieved = add_months(start, rng.choice([0, 1, 3, 6, 12])) + datetime.timedelta(
                    days=rng.choice([-1, 0, 0, 1, 9]))  # fmt: skip
                kind = rng.choice(["employed", "housed", "back_in_school"])
                outcomes.append(Outcome(case=case, kind=kind, achieved_on=min(max(achieved, start), today),
                                        recorded_by=personas.worker_a, recorded_at=now))  # fmt: skip
            for months in (1, 2, 3, 6):
                due = add_months(start, months)
                status = rng.choice(["done", "done", "missed", "scheduled"]) if due < today else "scheduled"
                recorded = None
                if status != "scheduled":  # on the day, just after midnight the next day, or days later
                    recorded = min(rng.choice([local(due, 23, 30), local(due + datetime.timedelta(days=1), 0, 30),
                                               local(due - datetime.timedelta(days=2), 10, 0),
                                               local(due + datetime.timedelta(days=9), 10, 0)]), now)  # fmt: skip
                followups.append(FollowUp(case=case, due_on=due, status=status, recorded_at=recorded,
                                          recorded_by=personas.worker_a if recorded else None))  # fmt: skip
    Case.objects.bulk_create(cases)
    CaseStatusChange.objects.bulk_create(changes)
    FollowUp.objects.bulk_create(followups)
    Outcome.objects.bulk_create(outcomes)
    return cases


def snapshot(user: Any, level: str, code: Any, period: Period) -> dict[str, Any]:
    board = dashboard(user, territory_for(user, level, code), period)
    return {figure.key: ([(row.key, dict(row.values)) for row in figure.rows],
                         dict(figure.totals.values) if figure.totals else None)
            for section in board.sections for figure in section.figures}  # fmt: skip


def periods() -> list[Period]:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    return [
        Period.last_months(today),  # the default: eleven kept months and the current one, live
        Period(add_months(this_month, -14), add_months(this_month, -1), today),  # kept months only
        Period(this_month, this_month, today),  # the current month only: all live
        Period(add_months(this_month, -3), add_months(this_month, -3), today),
    ]


def assert_same_as_live(personas: Any, pages: list[tuple[Any, str, Any]]) -> int:
    """Each page's figures with the kept months equal those counted live; returns the cells compared."""
    compared = 0
    for user, level, code in pages:
        for period in periods():
            with override_settings(JISR_DASHBOARD_MONTHS=False):
                live = snapshot(user, level, code, period)
            kept = snapshot(user, level, code, period)
            assert kept == live, (user.username, level, code, period)
            compared += sum(len(values) for rows, _totals in live.values() for _key, values in rows)
    return compared


@pytest.fixture
def world(personas):  # type: ignore[no-untyped-def]
    second = make_center(code="test-agadir-2", commune_code=AGADIR_COMMUNE, organization=personas.entraide)
    centers = [personas.center_a, second, personas.center_b, personas.center_rabat]
    cases = generate(personas, centers, random.Random(2026), 160)
    call_command("rebuild_dashboard_months", stdout=open("/dev/null", "w"))  # noqa: SIM115
    national, analyst = personas.national, personas.analyst
    pages = [
        (personas.worker_a, "center", personas.center_a.pk),
        (national, "center", second.pk),
        (personas.province_agadir, "province", "09.001"),
        (national, "region", "09"),
        (national, "region", "02"),
        (national, "region", "04"),
        (analyst, "region", "09"),
        (analyst, "region", "02"),
    ]
    return {"cases": cases, "pages": pages, "centers": centers}


def test_the_kept_months_give_the_live_figures_after_the_rebuild(world, personas) -> None:  # type: ignore[no-untyped-def]
    assert DashboardMonth.objects.exists()
    # the kept outcomes are compared too: starts, and outcomes by each horizon of any kind and of one
    kept = DashboardMonth.objects.all()
    assert kept.filter(followups_started__gt=0).exists() and kept.filter(outcome_any_3__gt=0).exists()
    assert kept.filter(outcome_any_6__gt=0).exists() and kept.filter(outcome_housed_3__gt=0).exists()
    assert assert_same_as_live(personas, world["pages"]) > 500
    # the analyst's region pages have figures published and figures hidden alike
    analyst = snapshot(personas.analyst, "region", "09", periods()[0])
    cells = [value for rows, _totals in analyst.values() for _key, values in rows for value in values.values()]
    assert any(value is HIDDEN for value in cells) and any(isinstance(value, int) and value >= 5 for value in cells)


def test_the_kept_months_are_what_the_dashboards_read(world, personas) -> None:  # type: ignore[no-untyped-def]
    """A kept row changed by hand shows on the page (the comparison above is not live against live)."""
    past = periods()[1]
    row = DashboardMonth.objects.filter(center=personas.center_a, month__gte=past.first, month__lte=past.last,
                                        opened__gt=0).first()  # fmt: skip
    DashboardMonth.objects.filter(pk=row.pk).update(opened=row.opened + 100)
    kept = snapshot(personas.national, "province", "09.001", past)["cases.opened_closed"][1]
    with override_settings(JISR_DASHBOARD_MONTHS=False):
        live = snapshot(personas.national, "province", "09.001", past)["cases.opened_closed"][1]
    assert kept["opened"] == live["opened"] + 100


def test_the_services_keep_the_months_fresh_in_their_transaction(world, personas) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    last_month = add_months(today.replace(day=1), -1)
    evening = local(today.replace(day=1) - datetime.timedelta(days=1), 23, 59, 40)  # last month's last minute
    person = a_person(personas)
    with mock.patch("django.utils.timezone.now", return_value=evening):
        opened = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                    reason="late visit", channel=Case.Channel.WALK_IN,
                                    consent_obtained=True)  # fmt: skip
    assert timezone.localtime(opened.opened_at).date().replace(day=1) == last_month
    open_cases = [case for case in world["cases"] if case.center == personas.center_a and case.closed_at is None]
    early = next(case for case in open_cases if case.status in ("reception", "listening"))
    services.case_close(acting_user=personas.manager_a, case=early, reason="moved")
    closed = next(case for case in world["cases"] if case.center == personas.center_a and case.closed_at)
    services.case_reopen(acting_user=personas.manager_a, case=closed, reason="came back")
    for followup in FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, due_on__lt=today,
                                            case__center=personas.center_a)[:3]:  # fmt: skip
        services.followup_record(acting_user=personas.manager_a, followup=followup, done=True)
    # a follow-up started now, and outcomes recorded for follow-ups started months ago (around their horizons)
    on_pathway = next((case for case in open_cases if case.status == "pathway"), None)
    if on_pathway is not None:
        services.followups_schedule(acting_user=personas.manager_a, case=on_pathway)
    followed = [case for case in open_cases if case.status == "follow_up"][:4]
    assert followed
    for index, case in enumerate(followed):
        start = timezone.localdate(case.status_changes.get(to_status="follow_up", from_status="pathway").changed_at)
        achieved = min(add_months(start, (3, 6, 12, 1)[index]), today)
        services.outcome_record(acting_user=personas.manager_a, case=case, kind="housed", achieved_on=achieved)
    # a case of Agadir (region 09) with its history and follow-ups, transferred to Oujda (region 02)
    moved = next(case for case in open_cases if case != early and case.followups.exists())
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=moved, to_center=personas.center_b,
                                              note="moved to Oujda", consent_obtained=True)  # fmt: skip
    handover.case_transfer_accept(acting_user=make_user("p-manager-b", "center_manager", center=personas.center_b),
                                  transfer=transfer)  # fmt: skip
    assert assert_same_as_live(personas, world["pages"]) > 500
    # and the rebuild finds nothing to change
    before = sorted(DashboardMonth.objects.values_list("center", "month", *dashboard_months.FIELDS))
    call_command("rebuild_dashboard_months", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(DashboardMonth.objects.values_list("center", "month", *dashboard_months.FIELDS)) == before


def test_a_refresh_counts_only_the_figures_and_months_named(world, personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """A move along the pathway counts the funnel of one month again: the center's lock, the count, the
    month's row read and written (four queries), and leaves every other row as it was."""
    case = next(case for case in world["cases"] if case.center == personas.center_a and case.status != "reception")
    month = timezone.localdate(case.opened_at).replace(day=1)
    others = sorted(DashboardMonth.objects.exclude(center=personas.center_a, month=month)
                    .values_list("center", "month", *dashboard_months.FIELDS))  # fmt: skip
    DashboardMonth.objects.filter(center=personas.center_a, month=month).update(reached_listening=999)
    with django_assert_num_queries(4):
        dashboard_months.refresh([personas.center_a.pk], reached=[case.opened_at])
    others_after = sorted(DashboardMonth.objects.exclude(center=personas.center_a, month=month)
                          .values_list("center", "month", *dashboard_months.FIELDS))  # fmt: skip
    counted = DashboardMonth.objects.get(center=personas.center_a, month=month).reached_listening
    call_command("rebuild_dashboard_months", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rebuilt = DashboardMonth.objects.get(center=personas.center_a, month=month).reached_listening
    assert counted != 999 and counted == rebuilt
    assert others_after == others
