"""Khadamati's figures on the dashboards (`jisr.core.dashboards`): requests by type and outcome, by age and sex,
by province; the median days of each step; the share decided within the service level; cards issued and renewals
due. Counts are published through `query.publish`: a reader who sees aggregates only (the national analyst) gets
the small counts and their complements hidden (docs/khadamati.md, "Reporting").

The requests counted are those submitted in the period, in the territory (the province of the person); a
person's age is their age on the period's last day.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.dashboards import (
    COUNT,
    DAYS,
    MEDIAN,
    SHARE,
    Column,
    DashboardQuery,
    DashboardSection,
    Figure,
    Row,
    days,
    percentiles,
    share,
)
from jisr.core.dates import add_months
from jisr.core.disclosure import Sum, two_way_sums
from jisr.khadamati.models import Request, RequestStatus, RequestType
from jisr.khadamati.models_office import Card
from jisr.khadamati.services_requests import years_after
from jisr.territories.models import Province

PERMISSIONS = ("khadamati.view_request", "khadamati.view_figures")
TOTAL = "total"
S = RequestStatus
OUTCOMES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "in_progress": (
        gettext_lazy("In progress"),
        (
            S.SUBMITTED,
            S.MEDICAL_COMMITTEE,
            S.SOCIAL_ASSESSMENT,
            S.COMMITTEE_DECISION,
            S.MORE_INFORMATION,
            S.RECONSIDERATION,
            S.APPEAL,
        ),
    ),
    "granted": (gettext_lazy("Granted"), (S.GRANTED, S.CARD_ISSUED)),
    "refused": (gettext_lazy("Refused"), (S.REFUSED,)),
    "withdrawn": (gettext_lazy("Withdrawn"), (S.WITHDRAWN,)),
}
AGE_BANDS: tuple[tuple[str, Any, int, int | None], ...] = (
    ("0_5", gettext_lazy("0 to 5 years"), 0, 6),
    ("6_17", gettext_lazy("6 to 17 years"), 6, 18),
    ("18_39", gettext_lazy("18 to 39 years"), 18, 40),
    ("40_59", gettext_lazy("40 to 59 years"), 40, 60),
    ("60", gettext_lazy("60 years or more"), 60, None),
)
SEXES = (("F", gettext_lazy("Women and girls")), ("M", gettext_lazy("Men and boys")))
# The steps' durations, from the request's own timestamps: (key, label, start field, end field).
STEP_TIMES = (
    ("documents", gettext_lazy("Documents checked"), "submitted_at", "documents_checked_at"),
    ("medical", gettext_lazy("Medical committee"), "documents_checked_at", "medical_reviewed_at"),
    ("social", gettext_lazy("Social assessment"), "medical_reviewed_at", "assessed_at"),
    ("decision", gettext_lazy("Committee decision"), "assessed_at", "decided_at"),
    ("card", gettext_lazy("Card issued"), "decided_at", "card_issued_at"),
)
SLA_STEPS = (S.SUBMITTED, S.MEDICAL_COMMITTEE, S.SOCIAL_ASSESSMENT, S.COMMITTEE_DECISION)
RENEWAL_MONTHS = 6


def decision_service_level_days() -> int:
    """The days from submission to decision that the service levels of the steps add up to."""
    return sum(int(settings.JISR_KHADAMATI_SLA_DAYS.get(str(step), 0)) for step in SLA_STEPS)


def _submitted(query: DashboardQuery) -> Any:
    period = query.period
    return query.records(Request).filter(submitted_at__gte=period.start_at, submitted_at__lt=period.end_at)


def khadamati_figures(query: DashboardQuery) -> list[Figure]:
    submitted = _submitted(query)
    return [
        _by_type(query, submitted),
        _by_age_sex(query, submitted),
        _by_province(query, submitted),
        _step_days(query),
        _service_level(query),
        _cards(query),
    ]


def _by_type(query: DashboardQuery, submitted: Any) -> Figure:
    conditions = {key: Count("pk", filter=Q(status__in=statuses)) for key, (_label, statuses) in OUTCOMES.items()}
    found = {row["request_type"]: row for row in submitted.order_by().values("request_type").annotate(**conditions)}
    types = list(RequestType.objects.filter(Q(active=True) | Q(pk__in=list(found))).order_by("position", "code"))
    keys = list(OUTCOMES)
    values: dict[Hashable, int] = {}
    for request_type in types:
        counted = found.get(request_type.pk, {})
        for key in keys:
            values[(request_type.pk, key)] = counted.get(key, 0)
        values[(request_type.pk, TOTAL)] = sum(values[(request_type.pk, key)] for key in keys)
    for key in [*keys, TOTAL]:
        values[(TOTAL, key)] = sum(values[(request_type.pk, key)] for request_type in types)
    shown = query.publish(values, two_way_sums([t.pk for t in types], keys, row_total=TOTAL, column_total=TOTAL))
    columns = [
        Column(TOTAL, _("Submitted"), drawn=False),
        *[Column(key, str(label)) for key, (label, _statuses) in OUTCOMES.items()],
    ]

    def row(key: Any, label: str) -> Row:
        return Row(str(key), label, {column.key: shown[(key, column.key)] for column in columns})

    return Figure(
        key="khadamati.by_type",
        title=_("Requests by type and where they stand"),
        definition=_("Requests submitted in the period in the territory, by type, and their status today."),
        row_header=_("Type"),
        columns=columns,
        rows=[row(request_type.pk, request_type.name) for request_type in types],
        totals=row(TOTAL, _("Total")),
        chart="stacked",
    )


def _by_age_sex(query: DashboardQuery, submitted: Any) -> Figure:
    end = query.period.end
    counts: dict[str, Any] = {}
    for band, _label, low, high in AGE_BANDS:
        # born after `end − high years` and on or before `end − low years`: aged low to high − 1 on `end`
        condition = Q(birth_date__lte=years_after(end, -low))
        if high is not None:
            condition &= Q(birth_date__gt=years_after(end, -high))
        for sex, _sex_label in SEXES:
            counts[f"{band}_{sex}"] = Count("pk", filter=condition & Q(sex=sex))
    row = submitted.order_by().aggregate(**counts)
    bands = [band for band, *_rest in AGE_BANDS]
    sexes = [sex for sex, _label in SEXES]
    values: dict[Hashable, int] = {(band, sex): row[f"{band}_{sex}"] for band in bands for sex in sexes}
    for band in bands:
        values[(band, TOTAL)] = sum(values[(band, sex)] for sex in sexes)
    for key in [*sexes, TOTAL]:
        values[(TOTAL, key)] = sum(values[(band, key)] for band in bands)
    shown = query.publish(values, two_way_sums(bands, sexes, row_total=TOTAL, column_total=TOTAL))
    columns = [*[Column(sex, str(label)) for sex, label in SEXES], Column(TOTAL, _("Total"), drawn=False)]

    def line(key: str, label: str) -> Row:
        return Row(key, label, {column.key: shown[(key, column.key)] for column in columns})

    return Figure(
        key="khadamati.age_sex",
        title=_("Requests by age and sex"),
        definition=_(
            "Requests submitted in the period, by the person's age on the period's last day and sex "
            "(requests without a date of birth or sex are not counted here)."
        ),
        row_header=_("Age"),
        columns=columns,
        rows=[line(band, str(label)) for band, label, *_rest in AGE_BANDS],
        totals=line(TOTAL, _("Total")),
    )


def _by_province(query: DashboardQuery, submitted: Any) -> Figure:
    found = dict(
        submitted.order_by().values("province_id").annotate(count=Count("pk")).values_list("province_id", "count")
    )
    provinces = list(Province.objects.filter(pk__in=[code for code in found if code]).order_by("code"))
    values: dict[Hashable, int] = {province.pk: found[province.pk] for province in provinces}
    values[TOTAL] = sum(values.values())
    shown = query.publish(values, [Sum(TOTAL, tuple(province.pk for province in provinces))])
    return Figure(
        key="khadamati.provinces",
        title=_("Requests by province"),
        definition=_("Requests submitted in the period, by the province where the person lives."),
        row_header=_("Province"),
        columns=[Column("requests", _("Requests"))],
        rows=[Row(province.pk, province.name, {"requests": shown[province.pk]}) for province in provinces],
        totals=Row(TOTAL, _("Total"), {"requests": shown[TOTAL]}),
        chart="hbar",
    )


def _step_days(query: DashboardQuery) -> Figure:
    period = query.period
    requests = query.records(Request)
    rows = []
    counts: dict[Hashable, int] = {}
    medians: dict[str, float | None] = {}
    for key, _label, start, end in STEP_TIMES:
        ended = requests.filter(
            **{f"{end}__gte": period.start_at, f"{end}__lt": period.end_at, f"{start}__isnull": False}
        )
        duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
        found = percentiles(ended, value=duration, group="region_code", fractions=[MEDIAN])
        counts[key] = sum(group.count for group in found.values())
        single = next(iter(found.values()), None) if len(found) == 1 else None
        medians[key] = days(single.values[MEDIAN]) if single is not None else None
    shown = query.publish(counts)
    for key, label, _start, _end in STEP_TIMES:
        rows.append(Row(key, str(label), {"count": shown[key], "median": query.statistic(medians[key], shown[key])}))
    return Figure(
        key="khadamati.step_days",
        title=_("Median days per step"),
        definition=_(
            "For the steps that ended in the period: the median number of days between the step's start and its end."
        ),
        row_header=_("Step"),
        columns=[Column("count", _("Steps ended"), COUNT, drawn=False), Column("median", _("Median days"), DAYS)],
        rows=rows,
        unit=DAYS,
    )


def _service_level(query: DashboardQuery) -> Figure:
    period = query.period
    limit = decision_service_level_days()
    decided = query.records(Request).filter(
        decided_at__gte=period.start_at, decided_at__lt=period.end_at, submitted_at__isnull=False
    )
    within = ExpressionWrapper(F("decided_at") - F("submitted_at"), output_field=DurationField())
    row = (
        decided.order_by()
        .annotate(took=within)
        .aggregate(decided=Count("pk"), within=Count("pk", filter=Q(took__lte=datetime.timedelta(days=limit))))
    )
    values: dict[Hashable, int] = {
        "decided": row["decided"],
        "within": row["within"],
        "beyond": row["decided"] - row["within"],
    }
    shown = query.publish(values, [Sum("decided", ("within", "beyond"))])
    return Figure(
        key="khadamati.service_level",
        title=_("Decided within the service level"),
        definition=_(
            "Requests decided in the period, and those decided within %(days)d days of their submission "
            "(the service levels of the steps added up)."
        )
        % {"days": limit},
        row_header=_("Requests"),
        columns=[Column("count", _("Requests")), Column("share", _("Share of the decided"), SHARE, drawn=False)],
        rows=[
            Row(
                "decided", _("Decided"), {"count": shown["decided"], "share": share(shown["decided"], shown["decided"])}
            ),
            Row(
                "within",
                _("Within the service level"),
                {"count": shown["within"], "share": share(shown["within"], shown["decided"])},
            ),
            Row(
                "beyond", _("Beyond it"), {"count": shown["beyond"], "share": share(shown["beyond"], shown["decided"])}
            ),
        ],
    )


def _cards(query: DashboardQuery) -> Figure:
    period = query.period
    today = period.today
    cards = query.records(Card)
    counted = cards.order_by().aggregate(
        issued=Count("pk", filter=Q(issued_at__gte=period.start_at, issued_at__lt=period.end_at)),
        renewals=Count("pk", filter=Q(issued_at__gte=period.start_at, issued_at__lt=period.end_at) & ~Q(replaces=None)),
        due=Count(
            "pk",
            filter=Q(
                status=Card.Status.ACTIVE,
                valid_until__gte=today,
                valid_until__lt=add_months(today, RENEWAL_MONTHS),
            ),
        ),
    )
    shown = query.publish({key: int(value) for key, value in counted.items()})
    return Figure(
        key="khadamati.cards",
        title=_("Disability cards"),
        definition=_(
            "Cards issued in the period (of which renewals or replacements of an earlier card), and the "
            "active cards whose validity ends in the next six months."
        ),
        row_header=_("Cards"),
        columns=[Column("count", _("Cards"))],
        rows=[
            Row("issued", _("Issued in the period"), {"count": shown["issued"]}),
            Row("renewals", _("of which renewals or replacements"), {"count": shown["renewals"]}),
            Row("due", _("To renew in the next six months"), {"count": shown["due"]}),
        ],
    )


SECTION = DashboardSection(
    name="khadamati",
    title=gettext_lazy("Khadamati: disability card and support"),
    permissions=PERMISSIONS,
    figures=khadamati_figures,
    order=60,
    levels=frozenset({"region", "province"}),  # requests are the province's, not a center's
)
