"""Reads of the social map, limited to what the user may see (`jisr.core.scope`).

Who sees what: the permission `socialmap.view_socialmap` held nationally opens every territory; held
over a region, that region, its provinces and communes, and the nation for comparison; over a
province, that province, its communes, its region and the nation. Anything else is a 404. Counts
that the refresh marked hidden (small counts and their complements) are None for the roles that see
aggregates only (the national analyst); census figures are public and never hidden.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, Max, Min, OuterRef
from django.http import Http404
from django.utils.translation import get_language

from jisr.core import scope
from jisr.core.scope import Anchor
from jisr.socialmap.models import LEVELS, NATION, Indicator, IndicatorValue, Refresh
from jisr.territories.models import Commune, Province, Region

PERMISSION = "socialmap.view_socialmap"
CHILD = {"nation": "region", "region": "province", "province": "commune"}


@dataclass(frozen=True)
class Place:
    level: str
    code: str
    name: str
    parent: Place | None = None

    @property
    def lineage(self) -> list[Place]:
        chain: list[Place] = []
        place: Place | None = self
        while place is not None:
            chain.insert(0, place)
            place = place.parent
        return chain

    @property
    def child_level(self) -> str | None:
        return CHILD.get(self.level)

    def anchor(self) -> Anchor:
        region = next((p.code for p in self.lineage if p.level == "region"), None)
        province = next((p.code for p in self.lineage if p.level == "province"), None)
        return Anchor(region_code=region, province_code=province)


@dataclass
class ValueRow:
    place: Place
    value: float | None  # None: no data, or hidden from the reader
    hidden: bool = False
    by_year: dict[int, float | None] = field(default_factory=dict)


def require_map(user: Any) -> None:
    """404 unless the user may open the social map somewhere."""
    scope.require(user, PERMISSION)


def nation() -> Place:
    from django.utils.translation import gettext

    return Place("nation", NATION, gettext("Morocco"))


def place_get(level: str, code: str) -> Place:
    """A territory with its ancestors, or 404."""
    if level == "nation":
        return nation()
    if level == "region":
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404
        return Place("region", region.code, region.name, nation())
    if level == "province":
        province = Province.objects.select_related("region").filter(code=code).first()
        if province is None:
            raise Http404
        return Place("province", province.code, province.name,
                     Place("region", province.region.code, province.region.name, nation()))  # fmt: skip
    if level == "commune":
        commune = Commune.objects.select_related("province__region").filter(code=code).first()
        if commune is None:
            raise Http404
        above = Place("region", commune.province.region.code, commune.province.region.name, nation())
        return Place("commune", commune.code, commune.name, Place("province", commune.province.code,
                                                                   commune.province.name, above))  # fmt: skip
    raise Http404


def may_see(user: Any, place: Place, permission: str = PERMISSION) -> bool:
    """The user's territory, below it, or above it (the comparison figures), by where `permission` is held."""
    user_scope = scope.user_scope(user)
    if user_scope.is_superuser:
        return True
    for grant in user_scope.grants(permission):
        if grant.level == "national" and grant.organization_id is None:
            return True
        anchor = place.anchor()
        if grant.region_code is not None and (anchor.region_code == grant.region_code or place.level == "nation"):
            return True
        if grant.province_code is not None:
            if anchor.province_code == grant.province_code or place.level == "nation":
                return True
            if place.level == "region" and Province.objects.filter(code=grant.province_code,
                                                                   region_id=place.code).exists():  # fmt: skip
                return True
    return False


def visible_place(user: Any, level: str, code: str) -> Place:
    """The territory if the user may see it, else 404 (missing or forbidden alike)."""
    require_map(user)
    if level not in LEVELS:
        raise Http404
    place = place_get(level, code or NATION)
    if not may_see(user, place):
        raise Http404
    return place


def home_place(user: Any, permission: str = PERMISSION) -> Place:
    """Where the map opens: the nation for national roles, else the user's region or province."""
    scope.require(user, permission)
    user_scope = scope.user_scope(user)
    grants = user_scope.grants(permission)
    if user_scope.is_superuser or any(g.level == "national" and g.organization_id is None for g in grants):
        return nation()
    for grant in grants:
        if grant.region_code is not None:
            return place_get("region", grant.region_code)
    for grant in grants:
        if grant.province_code is not None:
            return place_get("province", grant.province_code)
    raise Http404


def children(place: Place) -> list[Place]:
    """The territories one level down (regions of the nation, provinces of a region, communes of a province)."""
    if place.level == "nation":
        return [Place("region", r.code, r.name, place) for r in Region.objects.order_by("code")]
    if place.level == "region":
        return [Place("province", p.code, p.name, place) for p in Province.objects.filter(region_id=place.code)]
    if place.level == "province":
        return [Place("commune", c.code, c.name, place) for c in Commune.objects.filter(province_id=place.code)]
    return []


def catalogue() -> list[Indicator]:
    """Every indicator with values, in display order."""
    with_values = Exists(IndicatorValue.objects.filter(indicator=OuterRef("pk")))
    return list(Indicator.objects.filter(with_values).order_by("order", "key"))


def indicator_get(key: str) -> Indicator:
    indicator = Indicator.objects.filter(key=key).first()
    if indicator is None:
        raise Http404
    return indicator


def years_of(indicator: Indicator) -> list[int]:
    """The years the indicator has values for, latest first (the nation's rows say it: every level has them)."""
    values = IndicatorValue.objects.filter(indicator=indicator).order_by()
    years = set(values.filter(level="nation").values_list("year", flat=True))
    return sorted(years or set(values.values_list("year", flat=True).distinct()), reverse=True)


def sexes_of(indicator: Indicator) -> list[str]:
    rows = IndicatorValue.objects.filter(indicator=indicator, level="nation").order_by().values_list("sex", flat=True)
    return sorted(set(rows) or {"all"})


def values(user: Any, indicator: Indicator, places: list[Place], *, year: int | None = None,
           sex: str = "all") -> list[ValueRow]:  # fmt: skip
    """The indicator's value for each place (every place already checked visible), with every year's value."""
    if not places:
        return []
    sees_counts = scope.user_scope(user).sees_personal_data or not indicator.protected
    years = years_of(indicator)
    year = year if year in years else (years[0] if years else None)
    by_cell: dict[tuple[str, str], dict[int, tuple[float, bool]]] = {}
    rows = IndicatorValue.objects.filter(indicator=indicator, sex=sex, level__in={p.level for p in places})
    if len(places) < 200:  # a few territories: by code; a whole level (the API's 1,503 communes): by level alone
        rows = rows.filter(code__in=[p.code for p in places])
    for level, code, at, stored, is_hidden in rows.order_by().values_list("level", "code", "year", "value", "hidden"):
        by_cell.setdefault((level, code), {})[at] = (stored, is_hidden)
    result = []
    for place in places:
        cell = by_cell.get((place.level, place.code), {})
        shown = {at: (None if concealed and not sees_counts else figure) for at, (figure, concealed) in cell.items()}
        found: tuple[float | None, bool] = cell.get(year, (None, False)) if year is not None else (None, False)
        value, hidden = found
        result.append(ValueRow(place, None if hidden and not sees_counts else value,
                               hidden=hidden and not sees_counts, by_year=shown))  # fmt: skip
    return result


def last_refresh() -> Refresh | None:
    return Refresh.objects.filter(status=Refresh.Status.DONE).order_by("-finished_at").first()


def computed_range() -> tuple[datetime.datetime | None, datetime.datetime | None]:
    bounds = Indicator.objects.aggregate(first=Min("computed_at"), last=Max("computed_at"))
    return bounds["first"], bounds["last"]


def sees_counts(user: Any) -> bool:
    """Whether the user reads small counts as they are (roles that see personal data)."""
    return scope.user_scope(user).sees_personal_data


def places_at(user: Any, level: str, parent: Place | None = None) -> list[Place]:
    """The territories of `level` within `parent` (default: where the user's map opens), all visible to the user.

    Above the parent's level, the parent's own ancestor at that level (a coordinator's region or nation)."""
    require_map(user)
    if level not in LEVELS:
        raise Http404
    within = parent or home_place(user)
    order = list(LEVELS)
    if order.index(level) <= order.index(within.level):
        return [place for place in within.lineage if place.level == level]
    if level == "region":
        return [Place("region", r.code, r.name) for r in Region.objects.order_by("code")]
    if level == "province":
        provinces = Province.objects.order_by("code")
        if within.level == "region":
            provinces = provinces.filter(region_id=within.code)
        return [Place("province", p.code, p.name) for p in provinces]
    communes = Commune.objects.order_by("code")
    if within.level == "region":
        communes = communes.filter(region_id=within.code)
    elif within.level == "province":
        communes = communes.filter(province_id=within.code)
    arabic = (get_language() or "ar").startswith("ar")
    return [Place("commune", code, name_ar if arabic else name_fr)
            for code, name_ar, name_fr in communes.values_list("code", "name_ar", "name_fr")]  # fmt: skip


def parent_from_code(user: Any, code: str) -> Place:
    """A territory named by its code alone ("MA", a region "04", a province "04.441", a commune), if visible."""
    if code == NATION:
        return visible_place(user, "nation", NATION)
    dots = code.count(".")
    level = "region" if dots == 0 else "province" if dots == 1 else "commune"
    return visible_place(user, level, code)


def stored_layers(keys: list[str], level: str, codes: list[str]) -> dict[str, dict[str, tuple[float, bool]]] | None:
    """The stored values of Jisr's layers (for `jisr.core.maplayers.stored_values`); None if one is missing."""
    computed = set(Indicator.objects.filter(key__in=keys, computed_at__isnull=False).values_list("key", flat=True))
    if computed != set(keys):
        return None
    found: dict[str, dict[str, tuple[float, bool]]] = {key: {} for key in keys}
    rows = IndicatorValue.objects.filter(indicator_id__in=keys, level=level, sex="all", code__in=codes)
    for key, code, value, hidden in rows.values_list("indicator_id", "code", "value", "hidden"):
        found[key][code] = (value, hidden)
    return found


def stored_layers_at(keys: list[str]) -> datetime.datetime | None:
    return Indicator.objects.filter(key__in=keys).aggregate(at=Min("computed_at"))["at"]


VALUES_CACHE_SECONDS = 600  # a census reloaded in place (same rows, new figures) shows within this time


def data_version() -> str:
    """What changes whenever the stored figures change: a refresh replaces its rows (new ids) and stamps
    its indicators; loading the census adds rows. Two index reads."""
    last_row = IndicatorValue.objects.aggregate(top=Max("id"))["top"]
    computed = Indicator.objects.aggregate(at=Max("computed_at"))["at"]
    return f"{last_row}:{computed.timestamp() if computed else 0}"


def values_payload(user: Any, key: str, level: str, parent_code: str | None, *, year: int | None,
                   sex: str) -> tuple[bytes, str]:  # fmt: skip
    """The values endpoint's JSON body and its ETag (scope checked first: 404 as `values`).

    The body depends only on the indicator, the level, the territory it lies in, the year, the sex, whether
    the reader sees small counts, the language (the names) and the stored figures' version: it is built once
    per such key, in bulk, and kept in the cache until a refresh changes the version."""
    require_map(user)
    indicator = indicator_get(key)
    parent = parent_from_code(user, parent_code) if parent_code else home_place(user)
    reads_counts = sees_counts(user) or not indicator.protected
    identity = [data_version(), indicator.key, level, parent.code, year, sex, reads_counts, get_language() or ""]
    etag = hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:32]
    cache_key = f"socialmap:values:{etag}"
    body: bytes | None = cache.get(cache_key)
    if body is None:
        rows = _value_dicts(indicator, places_at(user, level, parent), year=year, sex=sex, reads_counts=reads_counts)
        body = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
        cache.set(cache_key, body, VALUES_CACHE_SECONDS)
    return body, etag


def _value_dicts(indicator: Indicator, places: list[Place], *, year: int | None, sex: str,
                 reads_counts: bool) -> list[dict[str, Any]]:  # fmt: skip
    """The values endpoint's rows in bulk: one query for the chosen year's values of the places' level (the
    page's `values` also reads every other year, for the side panel; the API does not)."""
    if not places:
        return []
    years = years_of(indicator)
    level = places[0].level
    if not years:
        return [{"code": p.code, "name": p.name, "level": level, "value": None, "hidden": False} for p in places]
    chosen = year if year in years else years[0]
    rows = IndicatorValue.objects.filter(indicator=indicator, sex=sex, level=level, year=chosen)
    if len(places) < 200:
        rows = rows.filter(code__in=[place.code for place in places])
    found = {code: (value, hidden) for code, value, hidden in rows.order_by().values_list("code", "value", "hidden")}
    result = []
    for place in places:
        value, hidden = found.get(place.code, (None, False))
        concealed = hidden and not reads_counts
        result.append({"code": place.code, "name": place.name, "level": level,
                       "value": None if concealed else value, "hidden": concealed})  # fmt: skip
    return result
