"""The cases' monthly figures per center, kept for the dashboards (`DashboardMonth`, docs/cases.md "Dashboards").

A province's or a region's dashboard counted its cases, their status changes and follow-ups again on
every page; with 200,000 cases a region's page took a second or more. The additive figures — cases
opened and closed, the stages reached by the cases opened in a month (the funnel), the follow-ups due
and what came of them — are kept here per center and month, and a dashboard adds up at most its
centers × its months. The current month is always counted live (its follow-ups up to yesterday);
the outcomes at 3, 6 and 12 months are kept by the month the follow-up started (how many started, and
of those how many had an outcome by each horizon, of any kind and per kind); the medians, the referrals
and the training figures are computed live (a median is not the sum of its centers' medians, nor is a
count of distinct persons the sum of its centers').

The same query builders compute the live figures (`jisr.cases.dashboards`) and the kept ones, grouped by
center besides: the kept rows are the live figures by construction. Kept fresh by the services: every
service that writes what they count (opening, each move along the pathway, closing, reopening, the
follow-ups scheduled and recorded, an outcome recorded, a transfer) calls `refresh` for the case's
center(s) in its own transaction, naming the figures and the months its write changed (a move along
the pathway: the funnel of the month the case was opened; a follow-up recorded: the month it was due),
so that only those are counted again (a transfer recomputes both centers' rows whole). `rebuild` (the
`rebuild_dashboard_months` command, and each night Celery beat) recomputes every center's, for data
written outside the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, TruncDate, TruncMonth
from django.utils import timezone

from jisr.cases.models import (
    OUTCOME_FIELDS,
    OUTCOME_HORIZONS,
    Case,
    CaseStatusChange,
    DashboardMonth,
    FollowUp,
    Outcome,
)
from jisr.centers.models import Center
from jisr.core.dates import add_months

STAGES = ("listening", "diagnosis", "orientation", "pathway", "follow_up")  # the funnel: the pathway after reception
FOLLOWUP_MEASURES = ("due", "on_time", "late", "missed", "pending")
# the figures, by the write that changes them (`refresh`)
FAMILIES = {
    "opened": ("opened",),
    "closed": ("closed",),
    "reached": tuple(f"reached_{stage}" for stage in STAGES),
    "followups": tuple(f"followups_{measure}" for measure in FOLLOWUP_MEASURES),
    "outcomes": OUTCOME_FIELDS,
}
FIELDS = tuple(field for fields in FAMILIES.values() for field in fields)
BATCH = 2000


# --- the query builders, shared with the live dashboards -------------------------------------------


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=DateField())


def opened_per_month(cases: QuerySet[Case], start: datetime.datetime | None, end: datetime.datetime | None,
                     **by: Any) -> QuerySet[Any]:  # fmt: skip
    """Cases opened in [start, end), per month of opening (and per `by`): rows with "month" and "count"."""
    return _per_month(cases, "opened_at", start, end, by)


def closed_per_month(cases: QuerySet[Case], start: datetime.datetime | None, end: datetime.datetime | None,
                     **by: Any) -> QuerySet[Any]:  # fmt: skip
    """Cases closed in [start, end), per month of closing (and per `by`)."""
    return _per_month(cases.filter(closed_at__isnull=False), "closed_at", start, end, by)


def _per_month(cases: QuerySet[Case], field: str, start: Any, end: Any, by: Mapping[str, Any]) -> QuerySet[Any]:
    if start is not None:
        cases = cases.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    return cases.values(**by, month=_month(field)).annotate(count=Count("id"))


def stages_reached(changes: QuerySet[CaseStatusChange], cohort: QuerySet[Case], since: datetime.datetime | None,
                   **by: Any) -> QuerySet[Any]:  # fmt: skip
    """The stages after reception reached by the cases of `cohort`: rows with "to_status" and "count" (and
    `by`). Each stage is entered once (a reopened case re-enters the stage it was closed from: not
    counted again); `since` (the cohort's first moment) lets the territory's index serve."""
    if since is not None:
        changes = changes.filter(changed_at__gte=since)
    return (
        changes.filter(to_status__in=STAGES, case__in=cohort.values("pk"))
        .exclude(from_status=Case.Status.CLOSED)
        .values(**by, stage=F("to_status"))
        .annotate(count=Count("*"))
    )


def followups_per_month(followups: QuerySet[FollowUp], first: datetime.date | None, until: datetime.date | None,
                        **by: Any) -> QuerySet[Any]:  # fmt: skip
    """The follow-ups due from `first` to `until`, per month of their due date: how many were due, done on
    or before the due date (the local day of recording), done later, missed, not recorded."""
    if first is not None:
        followups = followups.filter(due_on__gte=first, due_on__lte=until)
    done = Q(status=FollowUp.Status.DONE)
    return (
        followups.annotate(recorded_on=TruncDate("recorded_at"))
        .values(**by, month=_month("due_on"))
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=done & Q(recorded_on__lte=F("due_on"))),
            late=Count("id", filter=done & Q(recorded_on__gt=F("due_on"))),
            missed=Count("id", filter=Q(status=FollowUp.Status.MISSED)),
            pending=Count("id", filter=Q(status=FollowUp.Status.SCHEDULED)),
        )
    )


def reached_by(horizon: int) -> Q:
    """The outcome was achieved on or before the start of the follow-up + `horizon` months: fewer whole
    calendar months after it, or as many and not a later day of the month (exact with add_months'
    clamping to the month's last day). Reads the annotations of `gap`."""
    return Q(gap__lt=horizon) | Q(gap=horizon, outcome_day__lte=F("start_day"))


def gap(achieved_on: Any, changed_at: Any) -> dict[str, Any]:
    """The whole calendar months from the start of the follow-up (the local day of `changed_at`) to the
    outcome, and both days of the month, as annotations for `reached_by`."""
    start = TruncDate(changed_at)
    return {
        "gap": ExtractYear(achieved_on) * 12 + ExtractMonth(achieved_on) - ExtractYear(start) * 12
        - ExtractMonth(start),
        "outcome_day": ExtractDay(achieved_on),
        "start_day": ExtractDay(start, output_field=IntegerField()),
    }  # fmt: skip


def followup_starts(changes: QuerySet[CaseStatusChange]) -> QuerySet[CaseStatusChange]:
    """The follow-ups' starts: a case leaving its integration pathway for follow-up."""
    return changes.filter(from_status=Case.Status.PATHWAY, to_status=Case.Status.FOLLOW_UP)


def achieved_by(horizon: int) -> Exists:
    """For a start (a status change), whether its case had an outcome by `horizon` months."""
    outcomes = Outcome.objects.filter(case_id=OuterRef("case_id"))
    started = ExpressionWrapper(OuterRef("changed_at"), output_field=DateTimeField())
    return Exists(outcomes.annotate(**gap("achieved_on", started)).filter(reached_by(horizon)))


def outcomes_counted(starts: QuerySet[CaseStatusChange], within: dict[int, Q], **by: Any) -> tuple[Any, Any]:
    """The starts of each horizon (`within[h]`: those whose horizon falls in the period) and those with an
    outcome by then — (rows with "cohort_h" and "any_h", rows with "kind" and "h_h"), grouped by `by`; a
    start is one case's follow-up, counted once per kind whatever the number of outcomes of that kind (the
    starts without any outcome come as a row of kind None)."""
    starts = starts.order_by()  # a queryset's ordering would join the GROUP BY (PostgreSQL refuses it)
    followed = starts.values(**by).annotate(
        **{f"cohort_{h}": Count("id", filter=within[h]) for h in OUTCOME_HORIZONS},
        **{f"any_{h}": Count("id", filter=within[h] & Q(achieved_by(h))) for h in OUTCOME_HORIZONS},
    )
    by_kind = (
        starts.annotate(**gap("case__outcomes__achieved_on", "changed_at"))
        .values(**by, kind=F("case__outcomes__kind"))
        .annotate(**{f"h_{h}": Count("id", distinct=True, filter=within[h] & reached_by(h)) for h in OUTCOME_HORIZONS})
    )
    return followed, by_kind


# --- keeping the rows ------------------------------------------------------------------------------

_AT_CENTER = {"at_center": F("center_id"), "at_province": F("province_id"), "at_region": F("region_code")}
_CASE_AT = {"at_center": F("case__center_id"), "at_province": F("case__province_id"),
            "at_region": F("case__region_code")}  # fmt: skip
Months = Iterable[datetime.date | datetime.datetime | None]


def month_of(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The first day of the month of a date, or of a moment in the site's time zone."""
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return day.replace(day=1)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _in_months(field: str, months: list[datetime.date] | None, *, moment: bool = True) -> Q:
    """`field` in one of `months` (first days), as index ranges; everything when `months` is None."""
    if months is None:
        return Q()
    condition = Q(pk__in=[])
    for month in months:
        start, end = month, add_months(month, 1)
        if moment:
            condition |= Q(**{f"{field}__gte": _midnight(start), f"{field}__lt": _midnight(end)})
        else:
            condition |= Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return condition


def _computed(
    cases: QuerySet[Case], months: Mapping[str, list[datetime.date] | None]
) -> dict[tuple[Any, ...], dict[str, int]]:
    """(center, province, region, month) → the figures of the families in `months` (each for its months, or
    all of them: None), for `cases` (a center's, or all)."""
    rows: dict[tuple[Any, ...], dict[str, int]] = {}

    def add(row: Mapping[str, Any], field: str, count: int) -> None:
        key = (row["at_center"], row["at_province"], row["at_region"], row["month"])
        rows.setdefault(key, dict.fromkeys(FIELDS, 0))[field] += count

    if "opened" in months:
        for row in opened_per_month(cases.filter(_in_months("opened_at", months["opened"])), None, None, **_AT_CENTER):
            add(row, "opened", row["count"])
    if "closed" in months:
        for row in closed_per_month(cases.filter(_in_months("closed_at", months["closed"])), None, None, **_AT_CENTER):
            add(row, "closed", row["count"])
    if "reached" in months:
        # the stages reached count where the case is, in the month it was opened (a change is held where its
        # case is: the live funnel reads the changes held in the territory, of the territory's cases)
        changes = CaseStatusChange.objects.filter(center_id=F("case__center_id"))
        cohort = cases.filter(_in_months("opened_at", months["reached"]))
        for row in stages_reached(changes, cohort, None, **_CASE_AT, month=_month("case__opened_at")):
            add(row, f"reached_{row['stage']}", row["count"])
    if "followups" in months:
        followups = FollowUp.objects.filter(_in_months("due_on", months["followups"], moment=False),
                                            case__in=cases.values("pk"))  # fmt: skip
        for row in followups_per_month(followups, None, None, **_CASE_AT):
            for measure in FOLLOWUP_MEASURES:
                add(row, f"followups_{measure}", row[measure])
    if "outcomes" in months:
        # held where the case is, by the month the follow-up started; every start is in each horizon's cohort
        starts = followup_starts(CaseStatusChange.objects.filter(_in_months("changed_at", months["outcomes"]),
                                                                 case__in=cases.values("pk")))  # fmt: skip
        by = {"at_center": F("center_id"), "at_province": F("province_id"), "at_region": F("region_code"),
              "month": _month("changed_at")}  # fmt: skip
        followed, by_kind = outcomes_counted(starts, dict.fromkeys(OUTCOME_HORIZONS, Q()), **by)
        for row in followed:
            add(row, "followups_started", row[f"cohort_{OUTCOME_HORIZONS[0]}"])
            for h in OUTCOME_HORIZONS:
                add(row, f"outcome_any_{h}", row[f"any_{h}"])
        for row in by_kind:
            for h in OUTCOME_HORIZONS:
                if row["kind"] is not None:
                    add(row, f"outcome_{row['kind']}_{h}", row[f"h_{h}"])
    return rows


ALL: dict[str, list[datetime.date] | None] = dict.fromkeys(FAMILIES)


def _write(cases: QuerySet[Case], stale: QuerySet[DashboardMonth]) -> int:
    kept = [
        DashboardMonth(center_id=center, province_id=province, region_code=region, month=month, **counts)
        for (center, province, region, month), counts in _computed(cases, ALL).items()
        if any(counts.values())
    ]
    stale.delete()
    DashboardMonth.objects.bulk_create(kept, batch_size=BATCH)
    return len(kept)


def _update(center_ids: list[Any], months: Mapping[str, list[datetime.date]]) -> None:
    """Count again the figures of `months`' families for their months, at these centers, and write them into
    the rows (creating, changing, or deleting a row left with nothing)."""
    computed = {(key[0], key[3]): (key, counts) for key, counts in _computed(
        Case.objects.filter(center_id__in=center_ids), months).items()}  # fmt: skip
    touched = sorted({month for family_months in months.values() for month in family_months})
    existing = {(row.center_id, row.month): row for row in DashboardMonth.objects.filter(
        center_id__in=center_ids, month__in=touched)}  # fmt: skip
    changed: list[DashboardMonth] = []
    created: list[DashboardMonth] = []
    emptied: list[DashboardMonth] = []
    for center_id in center_ids:
        for month in touched:
            row = existing.get((center_id, month))
            found = computed.get((center_id, month))
            if row is None and found is None:
                continue
            counts = found[1] if found else dict.fromkeys(FIELDS, 0)
            fields = [field for family, family_months in months.items() if month in family_months
                      for field in FAMILIES[family]]  # fmt: skip
            if row is None:
                key = found[0]  # type: ignore[index]
                row = DashboardMonth(center_id=key[0], province_id=key[1], region_code=key[2], month=month)
                for field in fields:
                    setattr(row, field, counts[field])
                if any(getattr(row, field) for field in FIELDS):
                    created.append(row)
                continue
            if all(getattr(row, field) == counts[field] for field in fields):
                continue
            for field in fields:
                setattr(row, field, counts[field])
            (changed if any(getattr(row, field) for field in FIELDS) else emptied).append(row)
    if changed:
        DashboardMonth.objects.bulk_update(changed, FIELDS)
    if created:
        DashboardMonth.objects.bulk_create(created)
    if emptied:
        DashboardMonth.objects.filter(pk__in=[row.pk for row in emptied]).delete()


def refresh(center_ids: Iterable[Any], **months: Months) -> None:
    """Count again, in the caller's transaction (a service's, after its write), the kept rows of these
    centers: the families named (`opened`, `closed`, `reached`, `followups`, `outcomes`) for the months of
    the moments or dates given to each (their month in the site's time zone), or every row of the centers
    when no family is named (a transfer).

    The centers are locked first (in a fixed order): two writes at one center recompute one after the
    other, and the second sees the first's rows once it has committed."""
    ids = sorted({center_id for center_id in center_ids if center_id is not None}, key=str)
    unknown = set(months) - set(FAMILIES)
    if unknown:
        raise TypeError(f"Unknown dashboard figures: {sorted(unknown)}")
    wanted = {family: sorted({month_of(moment) for moment in moments if moment is not None})
              for family, moments in months.items()}  # fmt: skip
    wanted = {family: family_months for family, family_months in wanted.items() if family_months}
    if not ids or (months and not wanted):
        return
    with transaction.atomic(savepoint=False):
        list(Center.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        if wanted:
            _update(ids, wanted)
        else:
            _write(Case.objects.filter(center_id__in=ids), DashboardMonth.objects.filter(center_id__in=ids))


@transaction.atomic
def rebuild() -> int:
    """Recompute every center's rows from the cases; returns the number of rows kept.

    The table is locked against the services' refreshes meanwhile (SHARE ROW EXCLUSIVE: a service whose
    refresh waits has not committed its write, so the rebuild never reads half of one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {DashboardMonth._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    return _write(Case.objects.all(), DashboardMonth.objects.all())
