"""The cases' figures on the dashboards (`jisr.core.dashboards`): cases opened and closed per month, the
stage funnel, the median days per stage, follow-ups done on time, outcomes at 3, 6 and 12 months.

Every figure is a few aggregate queries (GROUP BY with conditional counts; window functions for the
medians) over the territory's cases; docs/cases.md ("Dashboards") defines each figure exactly.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections.abc import Hashable, Mapping
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q, Sum
from django.db.models import Value as Constant
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.cases.dashboard_months import (
    closed_per_month,
    followup_starts,
    followups_per_month,
    opened_per_month,
    outcomes_counted,
    stages_reached,
)
from jisr.cases.models import HELD_AT, Case, CaseStatusChange, DashboardMonth, FollowUp, Outcome
from jisr.cases.services import PATHWAY
from jisr.core.dashboards import (
    COUNT,
    DAYS,
    MEDIAN,
    SHARE,
    Column,
    DashboardQuery,
    DashboardSection,
    Figure,
    Period,
    Row,
    Value,
    days,
    midnight,
    month_label,
    percentiles,
    share,
)
from jisr.core.dates import add_months
from jisr.core.disclosure import two_way_sums

PERMISSIONS = ("cases.view_case", "cases.view_caseload")  # who sees the cases, or their counts only
TOTAL = "total"
HORIZONS = (3, 6, 12)  # the follow-ups' months (services.FOLLOW_UP_MONTHS)
CASE_FIELDS = ("opened", "closed", *(f"reached_{stage}" for stage in PATHWAY[1:]))
FOLLOWUP_FIELDS = tuple(f"followups_{measure}" for measure in ("due", "on_time", "late", "missed", "pending"))
# the stage medians sort a region's year of stays (85,000 at 200,000 cases): in memory, not on disk
MEDIAN_WORK_MEM = "32MB"


def _per_month(rows: Any) -> dict[datetime.date, Any]:
    return {row["month"]: row for row in rows}


def _kept(query: DashboardQuery, fields: tuple[str, ...]) -> tuple[list[datetime.date], dict[datetime.date, Any]]:
    """The period's months before the current one and their kept figures (`DashboardMonth`, summed over the
    territory's centers); none when the kept figures are not read (settings.JISR_DASHBOARD_MONTHS)."""
    current = query.period.today.replace(day=1)
    months = [month for month in query.period.months if month < current] if settings.JISR_DASHBOARD_MONTHS else []
    if not months:
        return [], {}
    rows = (
        query.records(DashboardMonth)
        .filter(month__gte=months[0], month__lte=months[-1])
        .values("month")
        .annotate(**{field: Sum(field) for field in fields})
    )
    return months, _per_month(rows)


def _live(query: DashboardQuery, kept: list[datetime.date]) -> DashboardQuery | None:
    """The query for the period's months that are counted live (after the kept ones), or None."""
    period = query.period
    if kept and kept[-1] >= period.last:
        return None
    first = add_months(kept[-1], 1) if kept else period.first
    return dataclasses.replace(query, period=Period(first, period.last, period.today))


def _kept_value(kept: Mapping[datetime.date, Any], month: datetime.date, field: str) -> int:
    return kept[month][field] if month in kept else 0


def case_figures(query: DashboardQuery) -> list[Figure]:
    """Cases opened and closed per month, the funnel of the cases opened in the period, the median days
    per stage. The funnel's first step is the opened cases' total: one cell, hidden alike in both.
    The months before the current one are read from the kept figures (`dashboard_months`), the others live."""
    period = query.period
    kept_months, kept = _kept(query, CASE_FIELDS)
    live = _live(query, kept_months)
    opened: dict[datetime.date, Any] = {}
    closed: dict[datetime.date, Any] = {}
    reached = {stage: sum(_kept_value(kept, month, f"reached_{stage}") for month in kept_months)
               for stage in PATHWAY[1:]}  # fmt: skip
    if live is not None:
        start_at, end_at = live.period.start_at, live.period.end_at
        cases = live.records(Case)
        opened = _per_month(opened_per_month(cases, start_at, end_at))
        closed = _per_month(closed_per_month(cases, start_at, end_at))
        # a cohort case's changes come after its opening: the range lets the territory's index serve
        cohort = cases.filter(opened_at__gte=start_at, opened_at__lt=end_at)
        for row in stages_reached(live.records(CaseStatusChange, anchor=HELD_AT), cohort, start_at):
            reached[row["stage"]] += row["count"]
    months = period.months
    values: dict[Hashable, int] = {}
    for month in months:
        if month in kept_months:
            values[(month, "opened")] = _kept_value(kept, month, "opened")
            values[(month, "closed")] = _kept_value(kept, month, "closed")
        else:
            values[(month, "opened")] = opened[month]["count"] if month in opened else 0
            values[(month, "closed")] = closed[month]["count"] if month in closed else 0
    for column in ("opened", "closed"):
        values[(TOTAL, column)] = sum(values[(month, column)] for month in months)
    for stage in PATHWAY[1:]:
        values[("funnel", stage)] = reached[stage]
    sums = two_way_sums(months, ["opened", "closed"], row_total=None, column_total=TOTAL)
    shown = query.publish(values, sums)
    stays = _stage_stays(query)
    return [_opened_closed(months, shown), _funnel(shown), _stage_days(query, stays)]


def _opened_closed(months: list[datetime.date], shown: Mapping[Hashable, Value]) -> Figure:
    columns = [Column("opened", _("Opened")), Column("closed", _("Closed"))]
    return Figure(
        key="cases.opened_closed",
        title=_("Cases opened and closed per month"),
        definition=_(
            "Cases opened at the territory's centers in each month, and cases closed in each month "
            "(whenever they were opened)."
        ),  # fmt: skip
        row_header=_("Month"),
        columns=columns,
        rows=[Row(str(month), month_label(month), {c.key: shown[(month, c.key)] for c in columns}) for month in months],
        totals=Row(TOTAL, _("Total"), {c.key: shown[(TOTAL, c.key)] for c in columns}),
    )


def _funnel(shown: Mapping[Hashable, Value]) -> Figure:
    cohort = shown[(TOTAL, "opened")]
    counts = {PATHWAY[0]: cohort, **{stage: shown[("funnel", stage)] for stage in PATHWAY[1:]}}
    return Figure(
        key="cases.funnel",
        title=_("Stage funnel"),
        definition=_("Of the cases opened in the period, how many have reached each stage of the pathway so far."),
        row_header=_("Stage"),
        columns=[
            Column("cases", _("Cases"), COUNT),
            Column("share", _("Share of the cases opened"), SHARE, drawn=False),
        ],
        rows=[
            Row(stage, str(Case.Status(stage).label), {"cases": counts[stage], "share": share(counts[stage], cohort)})
            for stage in PATHWAY
        ],  # fmt: skip
        chart="hbar",
    )


def _stage_stays(query: DashboardQuery) -> Any:
    """The stays in an open stage that ended in the period: each is one status change leaving the stage."""
    return query.records(CaseStatusChange, anchor=HELD_AT).filter(
        changed_at__gte=query.period.start_at,
        changed_at__lt=query.period.end_at,
        from_status__in=PATHWAY,
        from_status_since__isnull=False,
    )


def _stage_days(query: DashboardQuery, stays: Any) -> Figure:
    with transaction.atomic(using=stays.db, savepoint=False):
        if connections[stays.db].vendor == "postgresql":
            with connections[stays.db].cursor() as cursor:  # for this transaction only
                cursor.execute(f"SET LOCAL work_mem = '{MEDIAN_WORK_MEM}'")
        medians = percentiles(stays, value=F("changed_at") - F("from_status_since"), group="from_status",
                              fractions=[MEDIAN])  # fmt: skip
    counts = query.publish({stage: medians[stage].count if stage in medians else 0 for stage in PATHWAY})
    rows = []
    for stage in PATHWAY:
        median = days(medians[stage].values[MEDIAN]) if stage in medians else None
        rows.append(Row(stage, str(Case.Status(stage).label),
                        {"stays": counts[stage], "median": query.statistic(median, counts[stage])}))  # fmt: skip
    return Figure(
        key="cases.stage_days",
        title=_("Median days per stage"),
        definition=_(
            "For the stays in a stage that ended in the period (the case moved on or was closed): "
            "the median number of days between entering the stage and leaving it."
        ),  # fmt: skip
        row_header=_("Stage"),
        columns=[Column("stays", _("Stays ended"), COUNT, drawn=False), Column("median", _("Median days"), DAYS)],
        rows=rows,
        unit=DAYS,
    )


def followup_figures(query: DashboardQuery) -> list[Figure]:
    return [_followups_on_time(query), _outcomes(query)]


FOLLOWUP_PARTS = ["on_time", "late", "missed", "pending"]


def _followups_on_time(query: DashboardQuery) -> Figure:
    """The follow-ups due in the period, up to yesterday, by month of their due date and what came of them;
    the months before the current one from the kept figures, the others live."""
    period = query.period
    kept_months, kept = _kept(query, FOLLOWUP_FIELDS)
    live = _live(query, kept_months)
    rows: dict[datetime.date, Any] = {}
    if live is not None:
        until = min(live.period.end, period.today - datetime.timedelta(days=1))
        rows = _per_month(followups_per_month(live.records(FollowUp), live.period.first, until))
    months = period.months
    measures = ["due", *FOLLOWUP_PARTS]
    values: dict[Hashable, int] = {}
    for month in months:
        for measure in measures:
            if month in kept_months:
                values[(month, measure)] = _kept_value(kept, month, f"followups_{measure}")
            else:
                values[(month, measure)] = rows[month][measure] if month in rows else 0
    values.update({(TOTAL, k): sum(values[(m, k)] for m in months) for k in measures})
    shown = query.publish(values, two_way_sums(months, FOLLOWUP_PARTS, row_total="due", column_total=TOTAL))
    columns = [
        Column("due", _("Due"), drawn=False),
        Column("on_time", _("Done on time")),
        Column("late", _("Done late")),
        Column("missed", _("Missed")),
        Column("pending", _("Not recorded")),
        Column("share", _("Share done on time"), SHARE, drawn=False),
    ]

    def row(key: Any, label: str) -> Row:
        cells: dict[str, Value] = {k: shown[(key, k)] for k in measures}
        return Row(str(key), label, {**cells, "share": share(cells["on_time"], cells["due"])})

    return Figure(
        key="followups.on_time",
        title=_("Follow-ups done on time"),
        definition=_(
            "Follow-ups whose due date fell in the period, up to yesterday, by month of the due date: done "
            "on or before the due date, done later, missed, or not recorded yet."
        ),  # fmt: skip
        row_header=_("Month due"),
        columns=columns,
        rows=[row(month, month_label(month)) for month in months],
        totals=row(TOTAL, _("Total")),
        chart="stacked",
    )


def last_start(horizon: int, last_day: datetime.date) -> datetime.date:
    """The latest follow-up start whose horizon (start + `horizon` months, as `add_months` counts them)
    falls on or before `last_day`."""
    if last_day.day == calendar.monthrange(last_day.year, last_day.month)[1]:
        month = add_months(last_day.replace(day=1), -horizon)
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return add_months(last_day, -horizon)


def _month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def _outcomes(query: DashboardQuery) -> Figure:
    """Outcomes at 3, 6 and 12 months after the start of the follow-up, for the cases whose horizon fell
    in the period (up to today). A case starts its follow-up once (pathway → follow-up), so the starts
    are counted as rows; whether an outcome came by the horizon is an EXISTS, and only the count per
    kind joins the outcomes.

    Each horizon's starts fall in whole months and, at the end, part of a month (the days whose horizon
    has come): the whole months are read from the kept figures (`DashboardMonth`, by the month the
    follow-up started), the part counted live."""
    period = query.period
    last_day = min(period.end, period.today)
    ranges = {h: (add_months(period.first, -h), last_start(h, last_day)) for h in HORIZONS}
    # the whole months of starts of each horizon, read from the kept figures
    whole: dict[int, list[datetime.date]] = {h: [] for h in HORIZONS}
    if settings.JISR_DASHBOARD_MONTHS:
        for h, (low, high) in ranges.items():
            month = low
            while _month_end(month) <= high:
                whole[h].append(month)
                month = add_months(month, 1)
    values: dict[Hashable, int] = {}
    kinds_found: set[str] = set()
    kept_months = [months for months in whole.values() if months]
    if kept_months:
        first, last = min(m[0] for m in kept_months), max(m[-1] for m in kept_months)

        def kept_sum(field: str, h: int) -> Sum:
            months = whole[h]
            return Sum(field, filter=Q(month__gte=months[0], month__lte=months[-1]) if months else Q(pk__in=[]))

        sums = {f"cohort_{h}": kept_sum("followups_started", h) for h in HORIZONS}
        sums.update({f"any_{h}": kept_sum(f"outcome_any_{h}", h) for h in HORIZONS})
        sums.update({f"{kind}_{h}": kept_sum(f"outcome_{kind}_{h}", h) for kind in Outcome.Kind.values
                     for h in HORIZONS})  # fmt: skip
        kept = query.records(DashboardMonth).filter(month__gte=first, month__lte=last).aggregate(**sums)
        for h in HORIZONS:
            values[("cohort", h)] = kept[f"cohort_{h}"] or 0
            values[("any", h)] = kept[f"any_{h}"] or 0
            for kind in Outcome.Kind.values:
                if kept[f"{kind}_{h}"]:
                    values[(kind, h)] = kept[f"{kind}_{h}"]
                    kinds_found.add(kind)
    # the rest of each horizon's starts, counted live
    live = {h: (add_months(whole[h][-1], 1) if whole[h] else low, high) for h, (low, high) in ranges.items()}
    live = {h: (low, high) for h, (low, high) in live.items() if low <= high}
    if live:
        within = {h: Q(changed_at__gte=midnight(low), changed_at__lt=midnight(high + datetime.timedelta(days=1)))
                  for h, (low, high) in live.items()}  # fmt: skip
        for h in HORIZONS:
            within.setdefault(h, Q(pk__in=[]))
        earliest = min(low for low, _high in live.values())
        latest = max(high for _low, high in live.values())
        starts = followup_starts(query.records(CaseStatusChange, anchor=HELD_AT)).filter(
            changed_at__gte=midnight(earliest), changed_at__lt=midnight(latest + datetime.timedelta(days=1))
        )
        followed, by_kind = outcomes_counted(starts, within, everyone=Constant(TOTAL))
        for counted in followed:
            for h in HORIZONS:
                values[("cohort", h)] = values.get(("cohort", h), 0) + counted[f"cohort_{h}"]
                values[("any", h)] = values.get(("any", h), 0) + counted[f"any_{h}"]
        for counted in by_kind:
            for h in HORIZONS:
                if counted["kind"] is not None and counted[f"h_{h}"]:
                    values[(counted["kind"], h)] = values.get((counted["kind"], h), 0) + counted[f"h_{h}"]
                    kinds_found.add(counted["kind"])
    kinds = [kind for kind in Outcome.Kind.values if kind in kinds_found]
    for h in HORIZONS:
        values.setdefault(("cohort", h), 0)
        values.setdefault(("any", h), 0)
        for kind in kinds:
            values.setdefault((kind, h), 0)
    values = {key: count for key, count in values.items() if key[0] in ("cohort", "any", *kinds)}  # type: ignore[index]
    shown = query.publish(values)
    columns = []
    for h in HORIZONS:
        columns.append(Column(f"cases_{h}", _("Cases at %(months)d months") % {"months": h}, COUNT, drawn=False))
        columns.append(Column(f"share_{h}", _("Share at %(months)d months") % {"months": h}, SHARE))

    def row(key: str, label: str) -> Row:
        cells: dict[str, Value] = {}
        for h in HORIZONS:
            cells[f"cases_{h}"] = shown[(key, h)]
            cells[f"share_{h}"] = share(shown[(key, h)], shown[("cohort", h)]) if key != "cohort" else None
        return Row(key, label, cells)

    return Figure(
        key="followups.outcomes",
        title=_("Outcomes at 3, 6 and 12 months"),
        definition=_(
            "Cases whose follow-up started (the end of the integration pathway) 3, 6 or 12 months before a "
            "day of the period: how many had an outcome recorded by then, of any kind and by kind, and "
            "their share of those cases."
        ),  # fmt: skip
        row_header=_("Outcome"),
        columns=columns,
        rows=[row("any", _("Any outcome")), *[row(kind, str(Outcome.Kind(kind).label)) for kind in kinds]],
        totals=row("cohort", _("Cases followed (the base of the shares)")),
        unit=SHARE,
    )


SECTIONS = [
    DashboardSection(name="cases", title=gettext_lazy("Cases"), permissions=PERMISSIONS, figures=case_figures,
                     order=10),
    DashboardSection(name="followups", title=gettext_lazy("Follow-up and outcomes"), permissions=PERMISSIONS,
                     figures=followup_figures, order=30),
]  # fmt: skip
