"""Dashboards of a territory — a center, a province or a region — assembled from what the apps register.

Core knows no figure and no territory. Each app that has figures to show registers a
`DashboardSection` in its AppConfig.ready(): a title, the permissions that show it (any of them held
over the territory) and a function that computes its `Figure`s — a table, drawn as a chart — for a
`DashboardQuery` (the viewer, the territory, the period). One app (centers) registers the
`TerritoryDirectory`: how a region, a province or a center is found, named and subdivided.

Who sees a dashboard: the sections whose permission the viewer holds over the whole territory —
`scope.may_access` on the territory's anchor, so a worker's center grant opens their center and not
its province, a provincial grant the province and its centers, a regional grant the region and
everything in it, a national grant everything. No section: 404, whether the territory exists or not.

Figures are computed in the database (GROUP BY, conditional counts, window functions for the medians:
`percentiles`) and published through `publish`: for a reader who sees aggregates only (the national
analyst), the small counts and their complements are `HIDDEN` (`jisr.core.disclosure`), in the page,
the chart (null: no bar) and the downloads alike.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol, TypeVar

from django.db import connections, transaction
from django.db.models import Aggregate, Count, Expression, F, Model, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jisr.core import audit
from jisr.core.dates import add_months
from jisr.core.disclosure import SMALL_COUNT, Sum, suppress
from jisr.core.models import AuditLog
from jisr.core.scope import DEFAULT, Anchor, Grant, anchor_fields, in_scope, may_access, user_scope
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes

LEVELS = ("region", "province", "center")
# A reader who sees aggregates only (the national analyst) opens the regions' dashboards, not those of
# provinces and centers: a region's count is the sum of its provinces', a province's of its centers', so
# a count hidden on one page would come back from its parent's page minus its published siblings (each
# page's suppression sees only its own table). Regions have no published sum above them.
AGGREGATE_ONLY_LEVELS = ("region",)
MAX_MONTHS = 36  # the longest period a dashboard shows: three years of months on one axis
DEFAULT_MONTHS = 12

_M = TypeVar("_M", bound=Model)


# --- territories -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    """A region, a province or a center, with the anchor `scope` checks and its parent territory."""

    level: str
    code: str
    name: str
    anchor: Anchor
    parent: Territory | None = None

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}"

    def lineage(self) -> list[Territory]:
        """The territory and those above it, the largest first."""
        chain: list[Territory] = []
        current: Territory | None = self
        while current is not None:
            chain.insert(0, current)
            current = current.parent
        return chain


class TerritoryDirectory(Protocol):
    """Where the territories come from (the centers app registers it: it knows centers and territories)."""

    def territory(self, level: str, code: str) -> Territory | None:
        """The territory, with its parents; None when it does not exist (or the code is malformed)."""

    def children(self, territory: Territory) -> list[Territory]:
        """The territories one level down: a region's provinces, a province's centers, by name."""

    def opened_by(self, grant: Grant) -> list[Territory]:
        """The largest territories a grant covers: the regions (national), its region, province or center."""


_directory: list[TerritoryDirectory] = []


def register_territories(directory: TerritoryDirectory) -> None:
    """Tell core where territories come from; registering another directory replaces it."""
    _directory[:] = [directory]


def _territories() -> TerritoryDirectory:
    if not _directory:
        raise LookupError("No territory directory is registered: the centers app registers it in ready().")
    return _directory[0]


# --- the period ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months, from the month of `first` to the month of `last` (both first days), seen on `today`."""

    first: datetime.date
    last: datetime.date
    today: datetime.date

    @classmethod
    def last_months(cls, today: datetime.date, count: int = DEFAULT_MONTHS) -> Period:
        """The `count` months up to the current one."""
        this_month = today.replace(day=1)
        return cls(add_months(this_month, 1 - count), this_month, today)

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each month of the period, in order."""
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return add_months(self.last, 1) - datetime.timedelta(days=1)

    @property
    def start_at(self) -> datetime.datetime:
        """The period's first moment, in the site's time zone."""
        return midnight(self.first)

    @property
    def end_at(self) -> datetime.datetime:
        """The first moment after the period (exclusive bound)."""
        return midnight(add_months(self.last, 1))


def month_label(month: datetime.date) -> str:
    """A month as the figures name it, in the reader's language ("mars 2026")."""
    return date_format(month, "YEAR_MONTH_FORMAT")


def midnight(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- what the sections compute -------------------------------------------------------------------


class Hidden:
    """A published cell hidden from an aggregate-only reader (a small count or its complement)."""

    def __repr__(self) -> str:
        return "HIDDEN"

    def __bool__(self) -> bool:
        return False


HIDDEN = Hidden()
Value = int | float | Hidden | None  # None: nothing to show (a median of no stay, a share of nothing)

COUNT, DAYS, SHARE = "count", "days", "share"
MAX_DRAWN = 25  # rows a chart draws at most (a region's partner organizations); the table lists them all


@dataclass(frozen=True)
class Column:
    """A column of a figure's table; `drawn` columns are the chart's series."""

    key: str
    label: str
    unit: str = COUNT
    drawn: bool = True


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: Mapping[str, Value]


@dataclass(frozen=True)
class Figure:
    """One figure of a dashboard: a table (its rows and a totals row) that a chart draws.

    `key` is unique among all sections ("<section>.<figure>") and names the downloads. `chart` is "bar"
    (one bar per row and drawn column), "stacked" (the drawn columns stacked) or "hbar" (horizontal bars,
    for long row names); the chart's axis shows `unit` values."""

    key: str
    title: str
    definition: str
    row_header: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    totals: Row | None = None
    chart: str = "bar"
    unit: str = COUNT

    @property
    def drawn(self) -> list[Column]:
        return [column for column in self.columns if column.drawn]

    @property
    def has_data(self) -> bool:
        """Whether the chart has a bar to draw (a chart of nothing but zeros or blanks is not drawn)."""
        return any(_drawable(row.values.get(c.key)) for row in self.rows[:MAX_DRAWN] for c in self.drawn)

    @property
    def wide(self) -> bool:
        """A table too wide to stand beside its chart on a large screen."""
        return len(self.columns) > 3

    @property
    def html_id(self) -> str:
        return "figure-" + self.key.replace(".", "-").replace("_", "-")

    @property
    def data_id(self) -> str:
        return self.html_id + "-data"

    @property
    def summary(self) -> str:
        """The chart's text alternative: what it draws, and where the figures are."""
        return _("Chart: %(title)s. The table gives the same figures.") % {"title": self.title}

    @property
    def note(self) -> str:
        """Said under the chart when it draws only the first rows of the table."""
        if len(self.rows) <= MAX_DRAWN:
            return ""
        return _("The chart shows the first %(shown)d of the %(total)d rows of the table.") % {
            "shown": MAX_DRAWN,
            "total": len(self.rows),
        }

    def lines(self) -> list[list[Any]]:
        """The table as a download writes it: the header, the rows, the totals row; a hidden cell is empty,
        as in every export (docs/privacy.md), and so is a cell without a value; a share is a fraction
        (0.25), days have one decimal."""
        lines: list[list[Any]] = [[self.row_header, *[column.label for column in self.columns]]]
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            lines.append([row.label, *[_plain(row.values.get(column.key), column.unit) for column in self.columns]])
        return lines

    def chart_data(self) -> dict[str, Any]:
        """What the browser draws (passed with json_script): a hidden cell and a missing value are null."""
        rows = self.rows[:MAX_DRAWN]
        return {
            "kind": self.chart,
            "unit": self.unit,
            "labels": [row.label for row in rows],
            "series": [
                {
                    "key": column.key,
                    "label": column.label,
                    "data": [_drawable(row.values.get(column.key)) for row in rows],
                    "hidden": [isinstance(row.values.get(column.key), Hidden) for row in rows],
                }
                for column in self.drawn
            ],
            "axis": {COUNT: _("Number"), DAYS: _("Days"), SHARE: _("Share")}[self.unit],
            "text": {"hidden": _("x (hidden)"), "none": "—"},
        }


def _plain(value: Value, unit: str) -> Any:
    if value is None or isinstance(value, Hidden):
        return None
    if unit == DAYS:
        return round(float(value), 1)
    if unit == SHARE:
        return round(float(value), 4)
    return value


def _drawable(value: Value) -> float | int | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class DashboardQuery:
    """What a section computes its figures for: a viewer, a territory within their scope, a period.

    `permission` is the section's permission that covers the territory for this viewer."""

    user: Any
    territory: Territory
    period: Period
    permission: str

    @property
    def aggregate_only(self) -> bool:
        """Whether the viewer sees aggregates only (the national analyst): small counts are then hidden."""
        return not user_scope(self.user).sees_personal_data

    def records(self, source: QuerySet[_M] | type[_M], *, anchor: str = DEFAULT) -> QuerySet[_M]:
        """The records of `source` anchored within the territory (through the model's declared anchor)."""
        fields = anchor_fields(source if isinstance(source, type) else source.model, anchor)
        lookup = {"region": fields.region, "province": fields.province, "center": fields.center}[self.territory.level]
        if lookup is None:
            raise LookupError(f"{source} has no {self.territory.level} in its anchor {anchor!r}")
        return in_scope(self.user, self.permission, source, anchor=anchor).filter(**{lookup: self.territory.code})

    def publish(self, values: Mapping[Hashable, int], sums: Sequence[Sum[Any]] = ()) -> dict[Hashable, int | Hidden]:
        """The counts as this viewer may see them: for an aggregate-only viewer, the small ones and the
        complements that the published `sums` would give them back are HIDDEN."""
        if not self.aggregate_only:
            return dict(values)
        hidden = suppress(values, sums)
        return {key: HIDDEN if key in hidden else count for key, count in values.items()}

    def statistic(self, value: float | None, count: int | Hidden) -> float | Hidden | None:
        """A median or a percentile of `count` records: hidden from an aggregate-only viewer when the
        count is hidden or small (a median of three answers is nearly one person's)."""
        if value is None:
            return None
        if self.aggregate_only and (isinstance(count, Hidden) or count < SMALL_COUNT):
            return HIDDEN
        return value


def share(numerator: Value, denominator: Value) -> float | Hidden | None:
    """numerator ÷ denominator; HIDDEN when either is hidden (a share would give it back), None over zero."""
    if isinstance(numerator, Hidden) or isinstance(denominator, Hidden):
        return HIDDEN
    if not denominator or numerator is None:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class Percentiles:
    """The percentiles of one group's values, and how many values the group has."""

    count: int
    values: dict[Fraction, Any]


MEDIAN = Fraction(1, 2)
P90 = Fraction(9, 10)


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the `fraction` percentile of the expression, interpolated."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Expression | F, fraction: Fraction, **extra: Any) -> None:
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentiles(
    queryset: QuerySet[Any], *, value: Expression | F, group: str, fractions: Sequence[Fraction]
) -> dict[Hashable, Percentiles]:
    """Per value of `group`, the percentiles of `value` (linear interpolation between the two nearest
    ranks, as PERCENTILE_CONT) and the number of values, in one query. The values may be numbers or
    durations (timedelta); a group without rows is absent.

    PostgreSQL computes them itself (`PERCENTILE_CONT … WITHIN GROUP`, one GROUP BY: twice as fast as
    ranking). SQLite has no percentile: there the rows are ranked within their group with window
    functions and only the (at most two) rows around each percentile come back."""
    queryset = queryset.order_by()  # a model's default ordering would sort the rows once more for nothing
    if connections[queryset.db].vendor == "postgresql":
        aggregates = {f"_p{index}": PercentileCont(value, fraction) for index, fraction in enumerate(fractions)}
        # COUNT(*): a count of a column the index does not hold would send the scan to the table
        rows = queryset.values(group).annotate(_count=Count("*"), **aggregates)
        return {row[group]: Percentiles(row["_count"], {f: row[f"_p{i}"] for i, f in enumerate(fractions)})
                for row in rows}  # fmt: skip
    ranked = queryset.annotate(
        _value=value,
        _rank=Window(RowNumber(), partition_by=[F(group)], order_by=[F("_value").asc()]),
        _count=Window(Count("*"), partition_by=[F(group)]),
    )
    wanted = Q()
    for fraction in fractions:
        # the 1-based ranks around 1 + fraction × (count − 1): floor and ceiling, in integer arithmetic
        scaled = (F("_count") - 1) * fraction.numerator
        wanted |= Q(_rank__gte=scaled / fraction.denominator + 1,
                    _rank__lte=(scaled + fraction.denominator - 1) / fraction.denominator + 1)  # fmt: skip
    found: dict[Hashable, dict[int, Any]] = {}
    counts: dict[Hashable, int] = {}
    for key, count, rank, number in ranked.filter(wanted).values_list(group, "_count", "_rank", "_value"):
        found.setdefault(key, {})[rank] = number
        counts[key] = count
    result: dict[Hashable, Percentiles] = {}
    for key, ranks in found.items():
        values = {}
        for fraction in fractions:
            position = 1 + fraction * (counts[key] - 1)
            low, high = ranks[math.floor(position)], ranks[math.ceil(position)]
            values[fraction] = low + (high - low) * float(position - math.floor(position))
        result[key] = Percentiles(counts[key], values)
    return result


def days(duration: datetime.timedelta | None) -> float | None:
    """A duration in days (a fraction of a day kept), as the figures show times."""
    return None if duration is None else duration.total_seconds() / 86400


@dataclass(frozen=True)
class DashboardSection:
    """A part of the dashboards: `figures(query)` computes its figures (keys "<name>.<figure>")."""

    name: str  # stable and unique, without a dot: "cases", "referrals"
    title: str | Promise
    permissions: tuple[str, ...]  # any of them held over the territory shows the section
    figures: Callable[[DashboardQuery], list[Figure]]
    order: int = 100
    # the levels whose dashboards show the section (records anchored to a province have no center figures)
    levels: frozenset[str] = frozenset(LEVELS)


_sections: dict[str, DashboardSection] = {}


def register_section(section: DashboardSection) -> None:
    """Add (or replace, by name) a section of the dashboards."""
    if "." in section.name:
        raise ValueError(f"a section's name has no dot: {section.name!r}")
    _sections[section.name] = section


# --- assembling a dashboard ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShownSection:
    name: str
    title: str | Promise
    figures: list[Figure]


@dataclass(frozen=True)
class Dashboard:
    territory: Territory
    period: Period
    sections: list[ShownSection]


def _covering(user: Any, section: DashboardSection, territory: Territory) -> str | None:
    """The first of the section's permissions the user holds over the whole territory."""
    return next((p for p in section.permissions if may_access(user, p, territory.anchor)), None)


def _visible(user: Any, territory: Territory) -> list[tuple[DashboardSection, str]]:
    if territory.level not in AGGREGATE_ONLY_LEVELS and not user_scope(user).sees_personal_data:
        return []
    sections = sorted(_sections.values(), key=lambda section: section.order)
    shown = [
        (section, _covering(user, section, territory)) for section in sections if territory.level in section.levels
    ]
    return [(section, permission) for section, permission in shown if permission is not None]


def territory_for(user: Any, level: str, code: str) -> Territory:
    """The territory if the user may see its dashboard, else 404 (unknown, malformed or outside scope)."""
    territory = _territories().territory(level, code) if level in LEVELS else None
    if territory is None or not _visible(user, territory):
        raise Http404
    return territory


def may_open(user: Any, territory: Territory) -> bool:
    """Whether the user may see the dashboard of this territory."""
    return bool(_visible(user, territory))


def has_dashboards(user: Any) -> bool:
    """Whether the user holds a permission that shows a section over some territory (the menu's link)."""
    held = user_scope(user)
    if held.is_superuser:
        return True
    # a grant over a territory (not over a partner organization, which has no dashboard)
    return any(grant.organization_id is None for section in _sections.values() for p in section.permissions
               for grant in held.grants(p))  # fmt: skip


def dashboard_territories(user: Any) -> list[Territory]:
    """The largest territories whose dashboard the user may open, each once (the dashboards' index)."""
    held = user_scope(user)
    grants = {grant for section in _sections.values() for p in section.permissions for grant in held.grants(p)}
    if held.is_superuser:
        grants.add(Grant(level="national"))
    found: dict[str, Territory] = {}
    for grant in sorted(grants, key=repr):
        for territory in _territories().opened_by(grant):
            if may_open(user, territory):
                found.setdefault(territory.key, territory)
    order = {level: index for index, level in enumerate(LEVELS)}
    return sorted(found.values(), key=lambda t: (order[t.level], t.name))


def dashboard(user: Any, territory: Territory, period: Period) -> Dashboard:
    """The sections the user may see over the territory, with their figures for the period."""
    shown = [
        ShownSection(section.name, section.title, section.figures(DashboardQuery(user, territory, period, permission)))
        for section, permission in _visible(user, territory)
    ]
    if not shown:
        raise Http404
    return Dashboard(territory, period, shown)


def territory_choices(user: Any, territory: Territory) -> list[Territory]:
    """The territory filter's choices: the territories above it the user may open, itself, those below."""
    above = [t for t in territory.lineage()[:-1] if may_open(user, t)]
    below = [t for t in _territories().children(territory) if may_open(user, t)]
    return [*above, territory, *below]


def figure_of(user: Any, territory: Territory, period: Period, key: str) -> Figure:
    """One figure of the territory's dashboard (its section only is computed), or 404."""
    name = key.split(".", 1)[0]
    for section, permission in _visible(user, territory):
        if section.name == name:
            for figure in section.figures(DashboardQuery(user, territory, period, permission)):
                if figure.key == key:
                    return figure
    raise Http404


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class FigureFile:
    content: bytes
    content_type: str
    file_name: str


@transaction.atomic
def figure_export(*, acting_user: Any, territory: Territory, period: Period, key: str, file_format: str) -> FigureFile:
    """One figure's table as CSV or XLSX — the numbers of the page, hidden cells empty — audited like
    every export (who, which figure, which territory and period, how many rows)."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    figure = figure_of(acting_user, territory, period, key)
    lines = figure.lines()
    content, count = csv_bytes(lines) if file_format == "csv" else xlsx_bytes(lines, figure.key[:31])
    name = f"{figure.key}-{territory.level}-{territory.code}-{period.first:%Y-%m}-{period.last:%Y-%m}.{file_format}"
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.EXPORT,
        object_type="core.dashboard",
        object_id=territory.key,
        object_repr=name,
        changes={
            "figure": key,
            "territory": territory.key,
            "from": f"{period.first:%Y-%m}",
            "to": f"{period.last:%Y-%m}",
            "format": file_format,
            "rows": count,
        },  # fmt: skip
    )
    return FigureFile(content=content, content_type=CONTENT_TYPES[file_format], file_name=name)


def keyed(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, Mapping[str, Any]]:
    """Aggregate rows (from `.values(...).annotate(...)`) by one of their fields."""
    return {row[key]: row for row in rows}
