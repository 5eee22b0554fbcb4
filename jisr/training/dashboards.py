"""The training figure on the dashboards (`jisr.core.dashboards`): certified training completions per month.

A completion is a certified module: a module passed (score and attendance) and certified, its
certificate not revoked. Counted by the month the certificate was issued, at the centers of the
territory (the program's center); with the number of persons certified. docs/cases.md ("Dashboards").
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.dashboards import Column, DashboardQuery, DashboardSection, Figure, Row, month_label
from jisr.core.disclosure import Sum
from jisr.training.models import Certificate

PERMISSIONS = ("training.view_trainingprogram", "cases.view_caseload")
TOTAL = "total"


def training_figures(query: DashboardQuery) -> list[Figure]:
    period = query.period
    certificates = query.records(Certificate).filter(
        revoked_at=None, issued_at__gte=period.start_at, issued_at__lt=period.end_at
    )
    persons = Count("result__enrollment__person_id", distinct=True)
    per_month = {
        row["month"]: row
        for row in certificates.annotate(month=TruncMonth("issued_at", output_field=DateField()))
        .values("month")
        .annotate(certificates=Count("id"), persons=persons)
    }
    total_persons = certificates.aggregate(persons=persons)["persons"]
    months = period.months
    values: dict[Hashable, int] = {}
    for month in months:
        found = per_month.get(month, {"certificates": 0, "persons": 0})
        values[(month, "certificates")], values[(month, "persons")] = found["certificates"], found["persons"]
    values[(TOTAL, "certificates")] = sum(values[(month, "certificates")] for month in months)
    values[(TOTAL, "persons")] = total_persons  # persons certified in the period: each once, not a sum
    sums = [Sum((TOTAL, "certificates"), tuple((month, "certificates") for month in months))]
    shown = query.publish(values, sums)
    columns = [Column("certificates", _("Modules certified")), Column("persons", _("Persons certified"))]

    def row(key: datetime.date | str, label: str) -> Row:
        return Row(str(key), label, {column.key: shown[(key, column.key)] for column in columns})

    return [
        Figure(
            key="training.certified",
            title=_("Certified training completions"),
            definition=_(
                "Certified modules completed at the territory's centers: certificates issued in each month "
                "and not revoked, and the persons who received them (each person once in the total)."
            ),  # fmt: skip
            row_header=_("Month"),
            columns=columns,
            rows=[row(month, month_label(month)) for month in months],
            totals=row(TOTAL, _("Total")),
        )
    ]


SECTION = DashboardSection(name="training", title=gettext_lazy("Certified training"), permissions=PERMISSIONS,
                           figures=training_figures, order=40)  # fmt: skip
