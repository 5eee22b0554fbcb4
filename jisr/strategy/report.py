"""What the regional report holds (a selector module): the strategy's indicators in one territory and year
(baseline, the year's target and actual, the light, the actuals by year), the territory's open social-watch
alerts the reader may see, its centers by type and the coverage of the social programs there.

The territory is checked visible first (`selectors.visible_place`: a 404 otherwise). The alerts are read
through the watch's own scoped selector, so a reader without `watch.view_alert` gets none; the program
coverage is shown to a reader who may see coverage, with the small counts hidden as on every shared export.
`report_pdf.regional_report_pdf` lays it out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from jisr.centers.models import Center
from jisr.core import scope
from jisr.programs.coverage import coverage
from jisr.programs.models import Program
from jisr.socialmap.selectors import Place
from jisr.strategy import overview, selectors
from jisr.watch import labels
from jisr.watch import selectors as watch

COVERAGE = "programs.view_coverage"


@dataclass(frozen=True)
class AlertLine:
    title: str
    severity: str  # as read (the choice's label)
    status: str
    raised_at: datetime.datetime
    value: float


@dataclass(frozen=True)
class CoverageLine:
    program: str
    eligible: int | None
    enrolled: int | None
    rate: float | None


@dataclass
class RegionalReport:
    place: Place
    year: int
    blocks: list[overview.PillarBlock]
    alerts: list[AlertLine] = field(default_factory=list)
    centers: list[tuple[str, int]] = field(default_factory=list)
    coverage: list[CoverageLine] | None = None  # None: the reader may not see coverage
    made_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def lights(self) -> dict[str, int]:
        """How many indicators are on track, at risk, off track, without data."""
        counts = {"on_track": 0, "at_risk": 0, "off_track": 0, "": 0}
        for block in self.blocks:
            for row in block.rows:
                counts[row.light or ""] += 1
        return counts


def _alerts(user: Any, place: Place) -> list[AlertLine]:
    if not scope.user_scope(user).has_permission_somewhere(watch.VIEW_ALERT):
        return []
    alerts = watch.alert_list(user, status="active")
    if place.level == "region":
        alerts = alerts.filter(region_code=place.code)
    elif place.level == "province":
        alerts = alerts.filter(province_code=place.code)
    return [AlertLine(labels.alert_title(alert), str(alert.get_severity_display()), str(alert.get_status_display()),
                      alert.raised_at, alert.value) for alert in alerts[:50]]  # fmt: skip


def _centers(place: Place) -> list[tuple[str, int]]:
    centers = Center.objects.filter(status=Center.Status.ACTIVE).order_by()
    if place.level == "region":
        centers = centers.filter(region_code=place.code)
    elif place.level == "province":
        centers = centers.filter(province_id=place.code)
    kinds = dict(Center.Kind.choices)
    rows = centers.values("kind").annotate(total=Count("id")).values_list("kind", "total")
    return sorted(((str(kinds.get(kind, kind)), total) for kind, total in rows), key=lambda row: (-row[1], row[0]))


def _coverage(user: Any, place: Place) -> list[CoverageLine] | None:
    if not scope.user_scope(user).has_permission_somewhere(COVERAGE):
        return None
    lines = []
    for program in Program.objects.filter(is_active=True).order_by("code"):
        parent = place.parent.code if place.level == "province" and place.parent else None
        rows = [row for row in coverage(program, place.level, parent, suppress_small=True) if row.code == place.code]
        if rows:
            row = rows[0]
            lines.append(CoverageLine(program.name, row.figures.get("eligible_households"),
                                      row.figures.get("enrolled_households"), row.coverage_rate))  # fmt: skip
    return lines


def regional_report(user: Any, level: str, code: str, year: int) -> RegionalReport:
    """The report of a territory the user may see (else 404): indicators, alerts, centers, coverage."""
    place = selectors.visible_place(user, level, code)
    return RegionalReport(place=place, year=year, blocks=overview.overview(place, year), alerts=_alerts(user, place),
                          centers=_centers(place), coverage=_coverage(user, place))  # fmt: skip
