"""The referrals' figure on the dashboards (`jisr.core.dashboards`): response times by partner organization.

The referrals sent in the period by the territory's centers (the sender anchor), grouped by the
organization that received them (a partner organization, or the organization running the receiving
center): how many were sent and answered, the median and 90th percentile of the days from sending to
the answer, and the share answered within the delay. docs/cases.md ("Dashboards") has the definitions.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.centers.models import Organization
from jisr.core.dashboards import (
    COUNT,
    DAYS,
    MEDIAN,
    P90,
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
from jisr.core.disclosure import two_way_sums
from jisr.referrals.models import SENDER, Referral

PERMISSIONS = ("referrals.view_referral", "cases.view_caseload")  # the sending side, or counts only
TOTAL = "total"
MEASURES = ["sent", "answered", "in_delay", "expected"]


def referral_figures(query: DashboardQuery) -> list[Figure]:
    return [_response_times(query)]


def _response_times(query: DashboardQuery) -> Figure:
    period, today = query.period, query.period.today
    sent = (
        query.records(Referral, anchor=SENDER)
        .filter(created_at__gte=period.start_at, created_at__lt=period.end_at)
        .annotate(recipient=Coalesce("to_organization_id", "to_center__organization_id"))
    )
    answered = Q(responded_at__isnull=False)
    counts = {
        row["recipient"]: row
        for row in sent.annotate(answered_on=TruncDate("responded_at"))
        .values("recipient")
        .annotate(
            sent=Count("id"),
            answered=Count("id", filter=answered),
            in_delay=Count("id", filter=answered & Q(answered_on__lte=F("due_on"))),
            # the answer is known to be in time or late: given, or still awaited after the last day of
            # the delay (a referral withdrawn before any answer expects none)
            expected=Count("id", filter=answered | (Q(due_on__lt=today) & ~Q(status=Referral.Status.CANCELLED))),
        )
    }
    delay = F("responded_at") - F("created_at")
    times = percentiles(sent.filter(answered), value=delay, group="recipient", fractions=[MEDIAN, P90])
    overall = percentiles(sent.filter(answered).annotate(everyone=Value(TOTAL)), value=delay, group="everyone",
                          fractions=[MEDIAN, P90])  # fmt: skip
    names = {organization.pk: organization.name for organization in Organization.objects.filter(pk__in=list(counts))}
    recipients = sorted(counts, key=lambda key: (-counts[key]["sent"], names.get(key, "")))
    values: dict[Hashable, int] = {(r, m): counts[r][m] for r in recipients for m in MEASURES}
    values.update({(TOTAL, m): sum(counts[r][m] for r in recipients) for m in MEASURES})
    shown = query.publish(values, two_way_sums(recipients, MEASURES, row_total=None, column_total=TOTAL))
    spreads = {**times, TOTAL: overall.get(TOTAL)}

    def row(key: Any, label: str) -> Row:
        cells: dict[str, Any] = {m: shown[(key, m)] for m in MEASURES}
        spread = spreads.get(key)
        median = days(spread.values[MEDIAN]) if spread else None
        slowest = days(spread.values[P90]) if spread else None
        cells["share"] = share(cells["in_delay"], cells["expected"])
        cells["median"] = query.statistic(median, cells["answered"])
        cells["p90"] = query.statistic(slowest, cells["answered"])
        return Row(str(key), label, cells)

    return Figure(
        key="referrals.response_times",
        title=_("Referral response times by partner organization"),
        definition=_(
            "Referrals sent in the period by the territory's centers, by the organization that received "
            "them: days from sending to the answer (accepted or declined), and the share answered by the "
            "last day of the delay among those whose answer was due or given."
        ),  # fmt: skip
        row_header=_("Organization"),
        columns=[
            Column("sent", _("Sent"), COUNT, drawn=False),
            Column("answered", _("Answered"), COUNT, drawn=False),
            Column("median", _("Median days to the answer"), DAYS),
            Column("p90", _("90th percentile, days"), DAYS),
            Column("expected", _("Answer due or given"), COUNT, drawn=False),
            Column("in_delay", _("Answered within the delay"), COUNT, drawn=False),
            Column("share", _("Share answered within the delay"), SHARE, drawn=False),
        ],
        rows=[row(key, names.get(key, "—")) for key in recipients],
        totals=row(TOTAL, _("All organizations")) if recipients else None,
        chart="hbar",
        unit=DAYS,
    )


SECTION = DashboardSection(name="referrals", title=gettext_lazy("Referrals"), permissions=PERMISSIONS,
                           figures=referral_figures, order=20)  # fmt: skip
