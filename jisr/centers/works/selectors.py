"""Every read of the rehabilitation programme, scoped to the reader (`centers.view_centerworks`).

The national program officer and the national roles see the whole programme, a regional coordinator
their region, a provincial coordinator their province, a center manager their own center's works; a
partner organization's users and everyone else get a 404 (the works records are not anchored to an
organization).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from jisr.centers.models import Center, ServiceType
from jisr.centers.works import money
from jisr.centers.works.models import PHASE_ORDER, CenterWorks, Phase, WorksPhase, WorksPhoto
from jisr.centers.works.money import CenterMoney, LinkedProject
from jisr.centers.works.services import ADD, ADD_PHOTO, CHANGE, DELETE, DELETE_PHOTO, VIEW
from jisr.core import scope
from jisr.core.scope import AnchorFields
from jisr.territories.models import Province, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User

LATE_LISTED = 100  # the late centers the programme page lists (the count says how many there are)
PROGRAMME_CENTERS_TARGET = 240
PROGRAMME_BUDGET_TARGET_MAD = Decimal(200_000_000)
TIMELINE_WIDTH = 1000  # the SVG timeline's user units; it scales to the page
TIMELINE_ROW = 26  # the height of a bar's row in the same units


@dataclass(frozen=True)
class ProgramFilters:
    region: str = ""
    phase: str = ""
    late_only: bool = False


def require_programme(user: User | AnonymousUser) -> None:
    """Http404 for anyone who may see no works record anywhere."""
    scope.require(user, VIEW)


def _late_rows(today: datetime.date) -> QuerySet[WorksPhase]:
    return WorksPhase.objects.filter(actual_end__isnull=True, planned_end__lt=today)


def works_in_scope(user: User | AnonymousUser, filters: ProgramFilters | None = None) -> QuerySet[CenterWorks]:
    """The works records the user may see, filtered."""
    filters = filters or ProgramFilters()
    queryset = scope.in_scope(user, VIEW, CenterWorks).select_related("center", "center__province")
    if filters.region:
        queryset = queryset.filter(center__region_code=filters.region)
    if filters.phase:
        queryset = queryset.filter(phase=filters.phase)
    if filters.late_only:
        queryset = queryset.filter(Exists(_late_rows(timezone.localdate()).filter(works=OuterRef("pk"))))
    return queryset


def works_with_phases(user: User | AnonymousUser, filters: ProgramFilters | None = None) -> QuerySet[CenterWorks]:
    """The filtered works in scope with their phases loaded, in a stable order (the API's list)."""
    return works_in_scope(user, filters).prefetch_related("phases").order_by("center__region_code", "center__code")


def works_get(user: User | AnonymousUser, works_id: uuid.UUID | str) -> CenterWorks:
    """One works record with its phases, photos and future services, or Http404 (missing or out of scope)."""
    queryset = (
        scope.in_scope(user, VIEW, CenterWorks)
        .select_related("center", "center__province__region", "center__commune")
        .prefetch_related(
            Prefetch("phases", queryset=WorksPhase.objects.all()),
            Prefetch("photos", queryset=WorksPhoto.objects.select_related("added_by")),
            Prefetch("future_services", queryset=ServiceType.objects.order_by("code")),
        )
    )
    return scope.one_or_404(queryset, pk=works_id)


def works_for_center(user: User | AnonymousUser, center: Center) -> CenterWorks | None:
    """The center's works record if the user may see it (for the link on the center page), else None."""
    if not scope.user_scope(user).has_permission_somewhere(VIEW):
        return None
    return scope.in_scope(user, VIEW, CenterWorks).filter(center_id=center.pk).first()


def photo_get(user: User | AnonymousUser, photo_id: uuid.UUID | str) -> WorksPhoto:
    """A photo of works the user may see (`centers.view_worksphoto`), else Http404."""
    return scope.get_or_404(user, "centers.view_worksphoto", WorksPhoto.objects.select_related("works"), pk=photo_id)


def photo_bytes(photo: WorksPhoto) -> bytes:
    """The photo's (already cleaned) bytes, decrypted."""
    from jisr.centers.works import photos

    return photos.load(photo.stored_name, photo.file_key)


def photo_get_for_delete(user: User, photo_id: uuid.UUID | str) -> WorksPhoto:
    return scope.get_or_404(user, DELETE_PHOTO, WorksPhoto, pk=photo_id)


def works_get_for_change(user: User, works_id: uuid.UUID | str) -> CenterWorks:
    """The works record if the user may change it, else Http404."""
    return scope.get_or_404(user, CHANGE, CenterWorks.objects.select_related("center"), pk=works_id)


def works_get_for_delete(user: User, works_id: uuid.UUID | str) -> CenterWorks:
    return scope.get_or_404(user, DELETE, CenterWorks.objects.select_related("center"), pk=works_id)


@dataclass(frozen=True)
class WorksRights:
    change: bool
    add_photo: bool
    delete_photo: bool
    remove: bool


def works_rights(user: User | AnonymousUser, works: CenterWorks) -> WorksRights:
    """What the works page offers the user (the services check again)."""
    return WorksRights(
        change=scope.may(user, CHANGE, works),
        add_photo=scope.may(user, ADD_PHOTO, works),
        delete_photo=scope.may(user, DELETE_PHOTO, works),
        remove=scope.may(user, DELETE, works),
    )


def may_enrol(user: User | AnonymousUser, center: Center) -> bool:
    return scope.may(user, ADD, center)


def may_enrol_somewhere(user: User | AnonymousUser) -> bool:
    """Whether the user may put some center in the programme (the programme page's link)."""
    return scope.user_scope(user).has_permission_somewhere(ADD)


def enrollable_centers(user: User | AnonymousUser) -> QuerySet[Center]:
    """The centers the user may enrol that are not in the programme yet, by region and name."""
    return (
        scope.in_scope(user, ADD, Center)
        .filter(works__isnull=True)
        .select_related("province")
        .order_by("region_code", "province__code", "code")
    )


def enrollable_center_or_404(user: User | AnonymousUser, center_id: uuid.UUID | str) -> Center:
    """A center the user may enrol (in the programme or not: the service says so), else Http404."""
    return scope.get_or_404(user, ADD, Center, pk=center_id)


def center_for_enrol(user: User | AnonymousUser, center: Center) -> bool:
    """Whether the center page offers to enrol the center: the user may, and it is not in the programme yet."""
    return scope.may(user, ADD, center) and not CenterWorks.objects.filter(center_id=center.pk).exists()


@dataclass(frozen=True)
class WorksMoney:
    """A center's money on its works page: what the registered ledgers report, and the projects behind it."""

    reported: bool
    money: CenterMoney
    projects: list[LinkedProject]


def works_money(user: User | AnonymousUser, works: CenterWorks) -> WorksMoney:
    """What the registered sources report for the works' center (zeros when none has anything)."""
    found = money.money_by_center([works.center_id]).get(works.center_id, CenterMoney())
    return WorksMoney(reported=money.has_money_source(), money=found,
                      projects=money.project_links(user, works.center_id))  # fmt: skip


def service_types_by_codes(codes: list[str]) -> list[ServiceType]:
    return list(ServiceType.objects.filter(code__in=codes).order_by("code"))


def late_phases(works: CenterWorks, today: datetime.date | None = None) -> list[WorksPhase]:
    """The phases of `works` past their planned end and not done (phases prefetched)."""
    today = today or timezone.localdate()
    return [row for row in works.phases.all() if row.actual_end is None and row.planned_end and row.planned_end < today]


# --- The programme page --------------------------------------------------------------------------------------


@dataclass
class RegionRow:
    code: str
    name: str
    counts: list[int]
    total: int
    budget: Decimal
    late: int


@dataclass
class LateCenter:
    works_id: uuid.UUID
    center_name: str
    province_name: str
    region_code: str
    phase_label: str
    planned_end: datetime.date
    days_late: int


@dataclass
class TimelineBar:
    phase: str
    label: str
    start: datetime.date
    end: datetime.date
    done: int
    total: int
    x: float = 0.0
    width: float = 0.0
    y: int = 0


@dataclass
class RegionTimeline:
    code: str
    name: str
    bars: list[TimelineBar]
    height: int = 0  # the SVG's height in user units: a row per bar and one for the years


@dataclass
class TimelineAxis:
    start: datetime.date
    end: datetime.date
    years: list[tuple[int, float]]  # (year, x of its 1 January)
    today_x: float | None


@dataclass
class ProgrammeOverview:
    centers: int
    budget: Decimal
    phases: list[tuple[str, str]]
    phase_totals: list[int]
    regions: list[RegionRow]
    money: money.CenterMoney
    has_money_source: bool
    late_count: int
    late: list[LateCenter]
    provinces_without: list[Province]
    provinces_in_scope: int
    timelines: list[RegionTimeline]
    axis: TimelineAxis | None
    target_centers: int = PROGRAMME_CENTERS_TARGET
    target_budget: Decimal = PROGRAMME_BUDGET_TARGET_MAD
    spent_rate: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _provinces_in_scope(user: User | AnonymousUser, region: str) -> QuerySet[Province]:
    provinces = scope.scope_filter(
        Province.objects.select_related("region"), user, VIEW, AnchorFields(region="region_id", province="code")
    )
    if not scope.user_scope(user).has_permission_somewhere(VIEW):
        provinces = provinces.none()
    return provinces.filter(region_id=region) if region else provinces


def provinces_without_operational_center(user: User | AnonymousUser, region: str = "") -> tuple[list[Province], int]:
    """The provinces and prefectures in the user's scope with no open, operational new-generation center
    (a Jisr center whose rehabilitation, if any, is finished), and how many provinces are in scope."""
    provinces = _provinces_in_scope(user, region)
    operational = Center.objects.filter(
        province_id=OuterRef("code"),
        status=Center.Status.ACTIVE,
        is_jisr=True,
        rehabilitation_status=Center.Rehabilitation.OPERATIONAL,
    )
    without = list(provinces.filter(~Exists(operational)).order_by("region_id", "code"))
    return without, provinces.count()


def _axis(start: datetime.date, end: datetime.date, today: datetime.date, rtl: bool) -> TimelineAxis:
    span = max((end - start).days, 1)

    def x(day: datetime.date) -> float:
        position = round((day - start).days / span * TIMELINE_WIDTH, 1)
        return round(TIMELINE_WIDTH - position, 1) if rtl else position

    years = [(year, x(datetime.date(year, 1, 1))) for year in range(start.year + 1, end.year + 1)]
    return TimelineAxis(start=start, end=end, years=years, today_x=x(today) if start <= today <= end else None)


def _timelines(works_ids: list[uuid.UUID], region_names: dict[str, str], today: datetime.date, rtl: bool) -> tuple[
        list[RegionTimeline], TimelineAxis | None]:  # fmt: skip
    spans = (
        WorksPhase.objects.filter(works_id__in=works_ids)
        .values("works__center__region_code", "phase")
        .annotate(
            first_planned=Min("planned_start"),
            first_actual=Min("actual_start"),
            last_planned=Max("planned_end"),
            last_actual=Max("actual_end"),
            total=Count("id"),
            done=Count("id", filter=Q(actual_end__isnull=False)),
        )
    )
    by_region: dict[str, list[TimelineBar]] = defaultdict(list)
    for row in spans:
        starts = [day for day in (row["first_planned"], row["first_actual"]) if day]
        ends = [day for day in (row["last_planned"], row["last_actual"]) if day]
        if not starts or not ends:
            continue
        start, end = min(starts), max(ends)
        by_region[row["works__center__region_code"]].append(
            TimelineBar(
                phase=row["phase"],
                label=str(Phase(row["phase"]).label),
                start=start,
                end=max(end, start),
                done=row["done"],
                total=row["total"],
            )  # fmt: skip
        )
    if not by_region:
        return [], None
    first = min(bar.start for bars in by_region.values() for bar in bars)
    last = max(bar.end for bars in by_region.values() for bar in bars)
    axis = _axis(first, last, today, rtl)
    span = max((last - first).days, 1)
    timelines = []
    for code in sorted(by_region):
        bars = sorted(by_region[code], key=lambda bar: PHASE_ORDER.index(bar.phase))
        for number, bar in enumerate(bars):
            bar.y = number * TIMELINE_ROW + 4
            bar.x = round((bar.start - first).days / span * TIMELINE_WIDTH, 1)
            bar.width = max(round((bar.end - bar.start).days / span * TIMELINE_WIDTH, 1), 4.0)
            if rtl:  # time runs from right to left in Arabic: the bar is mirrored
                bar.x = round(max(TIMELINE_WIDTH - bar.x - bar.width, 0.0), 1)
        timelines.append(RegionTimeline(code=code, name=region_names.get(code, code), bars=bars,
                                        height=(len(bars) + 1) * TIMELINE_ROW))  # fmt: skip
    return timelines, axis


def programme_overview(
    user: User | AnonymousUser, filters: ProgramFilters | None = None, *, rtl: bool = False
) -> ProgrammeOverview:
    """The programme as the user may see it: counts per phase by region, money, late phases, the provinces
    still without an operational new-generation center, and the timeline per region (Http404 without the right)."""
    require_programme(user)
    filters = filters or ProgramFilters()
    today = timezone.localdate()
    works = works_in_scope(user, filters)
    late_exists = Exists(_late_rows(today).filter(works=OuterRef("pk")))
    per_region_phase = works.values("center__region_code", "phase").annotate(
        n=Count("id"), budget=Sum("budget_mad"), late=Count("id", filter=Q(late_exists))
    )
    region_names = {region.code: region.name for region in Region.objects.all()}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(PHASE_ORDER, 0))
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    late_by_region: dict[str, int] = defaultdict(int)
    for row in per_region_phase:
        code = row["center__region_code"]
        counts[code][row["phase"]] += row["n"]
        budgets[code] += row["budget"] or Decimal(0)
        late_by_region[code] += row["late"]
    regions = [
        RegionRow(code=code, name=region_names.get(code, code), counts=[counts[code][p] for p in PHASE_ORDER],
                  total=sum(counts[code].values()), budget=budgets[code], late=late_by_region[code])
        for code in sorted(counts)
    ]  # fmt: skip
    phase_totals = [sum(region.counts[i] for region in regions) for i in range(len(PHASE_ORDER))]
    budget = sum((region.budget for region in regions), Decimal(0))
    works_ids = list(works.values_list("id", flat=True))
    center_ids = list(works.values_list("center_id", flat=True))
    total_money = money.money_total(center_ids)
    late_phase_rows = (
        _late_rows(today)
        .filter(works_id__in=works_ids)
        .select_related("works__center__province")
        .order_by("planned_end", "works__center__name_fr", "phase")
    )
    late: dict[uuid.UUID, LateCenter] = {}
    for phase_row in late_phase_rows:
        if phase_row.works_id in late or phase_row.planned_end is None:
            continue  # the earliest late phase of each center
        center = phase_row.works.center
        late[phase_row.works_id] = LateCenter(
            works_id=phase_row.works_id, center_name=center.name, province_name=center.province.name,
            region_code=center.region_code, phase_label=str(phase_row.get_phase_display()),
            planned_end=phase_row.planned_end, days_late=(today - phase_row.planned_end).days,
        )  # fmt: skip
    late_list = sorted(late.values(), key=lambda item: (-item.days_late, item.center_name))
    provinces_without, provinces_in_scope = provinces_without_operational_center(user, filters.region)
    timelines, axis = _timelines(works_ids, region_names, today, rtl)
    spent_rate = (
        (total_money.spent / budget * 100).quantize(Decimal("0.1")) if budget and money.has_money_source() else None
    )
    return ProgrammeOverview(
        centers=len(works_ids),
        budget=budget,
        phases=[(phase.value, str(phase.label)) for phase in Phase],
        phase_totals=phase_totals,
        regions=regions,
        money=total_money,
        has_money_source=money.has_money_source(),
        late_count=len(late_list),
        late=late_list[:LATE_LISTED],
        provinces_without=provinces_without,
        provinces_in_scope=provinces_in_scope,
        timelines=timelines,
        axis=axis,
        spent_rate=spent_rate,
    )


def region_choices(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """The regions the user's programme covers, for the filter."""
    codes = set(works_in_scope(user).values_list("center__region_code", flat=True).distinct())
    return [(region.code, region.name) for region in Region.objects.filter(code__in=codes).order_by("code")]


def phase_rows(works: CenterWorks) -> list[WorksPhase]:
    """The phases of a works record in the programme's order (prefetched)."""
    return sorted(works.phases.all(), key=lambda row: PHASE_ORDER.index(row.phase))
