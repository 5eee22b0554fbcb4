"""The cases' monthly figures per center, kept for the dashboards (`DashboardMonth`, docs/cases.md "Dashboards").

A province's or a region's dashboard counted its cases, their status changes and follow-ups again on
every page; with 200,000 cases a region's page took a second or more. The additive figures — cases
opened and closed, the stages reached by the cases opened in a month (the funnel), the follow-ups due
and what came of them — are kept here per center and month, and a dashboard adds up at most its
centers × its months. The current month is always counted live (its follow-ups up to yesterday);
the medians, the outcomes, the referrals and the training figures are computed live too (a median
is not the sum of its centers' medians).

The same query builders compute the live figures (`jisr.cases.dashboards`) and the kept ones, grouped by
center besides: the kept rows are the live figures by construction. Kept fresh by the services: every
service that writes what they count (opening, each move along the pathway, closing, reopening, the
follow-ups scheduled and recorded, a transfer) calls `refresh` for the case's center(s) in its own
transaction, which recomputes that center's rows. `rebuild` (the `rebuild_dashboard_months` command,
and each night Celery beat) recomputes every center's, for data written outside the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth

from jisr.cases.models import Case, CaseStatusChange, DashboardMonth, FollowUp
from jisr.centers.models import Center

STAGES = ("listening", "diagnosis", "orientation", "pathway", "follow_up")  # the funnel: the pathway after reception
FOLLOWUP_MEASURES = ("due", "on_time", "late", "missed", "pending")
FIELDS = ("opened", "closed", *(f"reached_{stage}" for stage in STAGES),
          *(f"followups_{measure}" for measure in FOLLOWUP_MEASURES))  # fmt: skip
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


# --- keeping the rows ------------------------------------------------------------------------------

_AT_CENTER = {"at_center": F("center_id"), "at_province": F("province_id"), "at_region": F("region_code")}
_CASE_AT = {"at_center": F("case__center_id"), "at_province": F("case__province_id"),
            "at_region": F("case__region_code")}  # fmt: skip


def _computed(cases: QuerySet[Case]) -> dict[tuple[Any, ...], dict[str, int]]:
    """(center, province, region, month) → the kept figures, for `cases` (all of a center's, or all)."""
    rows: dict[tuple[Any, ...], dict[str, int]] = {}

    def add(row: Mapping[str, Any], field: str, count: int) -> None:
        key = (row["at_center"], row["at_province"], row["at_region"], row["month"])
        rows.setdefault(key, dict.fromkeys(FIELDS, 0))[field] += count

    for row in opened_per_month(cases, None, None, **_AT_CENTER):
        add(row, "opened", row["count"])
    for row in closed_per_month(cases, None, None, **_AT_CENTER):
        add(row, "closed", row["count"])
    # the stages reached count where the case is, in the month it was opened (a change is held where its
    # case is: the live funnel reads the changes held in the territory, of the territory's cases)
    changes = CaseStatusChange.objects.filter(center_id=F("case__center_id"))
    for row in stages_reached(changes, cases, None, **_CASE_AT, month=_month("case__opened_at")):
        add(row, f"reached_{row['stage']}", row["count"])
    for row in followups_per_month(FollowUp.objects.filter(case__in=cases.values("pk")), None, None, **_CASE_AT):
        for measure in FOLLOWUP_MEASURES:
            add(row, f"followups_{measure}", row[measure])
    return rows


def _write(cases: QuerySet[Case], stale: QuerySet[DashboardMonth]) -> int:
    kept = [
        DashboardMonth(center_id=center, province_id=province, region_code=region, month=month, **counts)
        for (center, province, region, month), counts in _computed(cases).items()
        if any(counts.values())
    ]
    stale.delete()
    DashboardMonth.objects.bulk_create(kept, batch_size=BATCH)
    return len(kept)


def refresh(center_ids: Iterable[Any]) -> None:
    """Recompute the kept rows of these centers, in the caller's transaction (a service's, after its write).

    The centers are locked first (in a fixed order): two writes at one center recompute one after the
    other, and the second sees the first's rows once it has committed."""
    ids = sorted({center_id for center_id in center_ids if center_id is not None}, key=str)
    with transaction.atomic(savepoint=False):
        list(Center.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
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
