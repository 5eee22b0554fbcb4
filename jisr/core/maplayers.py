"""The layers of the social map: what each app contributes, per territory (DESIGN.md "Providers, not imports").

Core knows no center, case or program. An app that has figures to put on the map registers, in its
AppConfig.ready(), a provider: `register_provider(name, fn)` where `fn() -> Iterable[Layer]` computes
its layers over the whole country, set-based (one GROUP BY per level, never a loop over records),
as (level, code, value) triples for the nation, the regions, the provinces and the communes. A new
source (Khadamati's requests and cards) is one more registration; the social map stores what the
providers return and never calls them per request (`jisr.socialmap.services.refresh_run`).

Persons served are distinct persons per territory, counted over the union of every app's contacts
(a case, a training enrolment…): `register_contacts(name, fn)` where `fn(since)` returns a queryset
of `(person_id, commune code, province code, region code)` rows. Apps whose writes change the
figures (an import, a scoring, an enrolment) call `request_refresh(reason)`; the social map
registers what a refresh does (`register_refresher`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, QuerySet

NATION = "MA"
LEVELS = ("nation", "region", "province", "commune")


@dataclass(frozen=True)
class Layer:
    """One figure per territory: `key` ("centers.operational"), labels (lazy, translated), its values."""

    key: str
    kind: str  # supply, use
    topic: str
    label: Any
    unit: str
    definition: Any = ""
    protected: bool = False  # counts of persons or households known to Jisr: small ones hidden from analysts
    additive: bool = True  # a territory's value is the sum of its parts' (a count)
    order: int = 500
    values: list[tuple[str, str, float]] = field(default_factory=list)
    # A layer worked out from two stored ones, per territory: (numerator key, denominator key, factor)
    # gives numerator ÷ denominator × factor; a factor of 0 gives numerator − denominator (a gap).
    ratio: tuple[str, str, float] | None = None
    formula: str = ""
    # The levels the source knows (a Khadamati request names its province, not its commune): elsewhere the
    # layer has no data, rather than zeros.
    levels: tuple[str, ...] = LEVELS


@dataclass(frozen=True)
class TerritoryFields:
    """The lookups that lead from a queryset's rows to their commune, province and region codes (commune
    None: the rows name no commune, the layer stops at the provinces)."""

    commune: str | None
    province: str
    region: str

    def by_level(self) -> dict[str, str | None]:
        levels: dict[str, str | None] = {"nation": None, "region": self.region, "province": self.province}
        if self.commune is not None:
            levels["commune"] = self.commune
        return levels

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(self.by_level())


@dataclass(frozen=True)
class Point:
    """A place drawn as a marker (a center): where, what, its status, its page, and its region (for clusters)."""

    latitude: float
    longitude: float
    name: str
    kind: str
    status: str  # operational, rehabilitation, planned, closed
    status_label: str
    url: str
    region: str


LayerProvider = Callable[[], Iterable[Layer]]
PointSource = Callable[[str, str], list[Point]]  # (level, code) → the points in that territory
_points: dict[str, PointSource] = {}
ContactSource = Callable[[datetime.datetime], QuerySet[Any]]
_providers: dict[str, LayerProvider] = {}
_contacts: dict[str, ContactSource] = {}
_refreshers: list[Callable[[str], None]] = []
# (keys, level, codes) → key → code → (value, hidden), or None when a key has not been computed yet
StoreReader = Callable[[list[str], str, list[str]], "dict[str, dict[str, tuple[float, bool]]] | None"]
_stores: list[StoreReader] = []
_computed_at: list[Callable[[list[str]], datetime.datetime | None]] = []


def register_provider(name: str, provider: LayerProvider) -> None:
    """Add (or replace, under the same name) a source of layers."""
    _providers[name] = provider


def providers() -> dict[str, LayerProvider]:
    return dict(_providers)


def register_points(name: str, source: PointSource) -> None:
    """Add a source of markers (public places only: the map shows them to every reader of the map)."""
    _points[name] = source


def points(level: str, code: str) -> list[Point]:
    return [point for source in _points.values() for point in source(level, code)]


def register_contacts(name: str, source: ContactSource) -> None:
    """Add a source of persons served: `source(since)` → rows of (person_id, commune, province, region)."""
    _contacts[name] = source


def register_refresher(refresher: Callable[[str], None]) -> None:
    if refresher not in _refreshers:
        _refreshers.append(refresher)


def request_refresh(reason: str) -> None:
    """Ask for the layers to be recomputed (an import, a scoring, an enrolment changed them)."""
    for refresher in _refreshers:
        refresher(reason)


def register_store(reader: StoreReader, computed_at: Callable[[list[str]], datetime.datetime | None]) -> None:
    """Where the computed layers are kept (the social map registers it): read them back by key."""
    _stores[:] = [reader]
    _computed_at[:] = [computed_at]


def stored_values(keys: list[str], level: str, codes: list[str]) -> dict[str, dict[str, tuple[float, bool]]] | None:
    """The stored values of `keys` for the territories `codes` of `level`, or None if one was never computed."""
    return _stores[0](keys, level, codes) if _stores else None


def stored_at(keys: list[str]) -> datetime.datetime | None:
    """When the oldest of these layers was computed (None: not yet)."""
    return _computed_at[0](keys) if _computed_at else None


def grouped(queryset: QuerySet[Any], fields: TerritoryFields, measure: Aggregate) -> list[tuple[str, str, float]]:
    """`measure` per nation, region, province and commune: one GROUP BY per level (set-based)."""
    triples: list[tuple[str, str, float]] = []
    for level, lookup in fields.by_level().items():
        if lookup is None:
            value = queryset.aggregate(value=measure)["value"]
            triples.append((level, NATION, float(value or 0)))
            continue
        rows = queryset.order_by().values(lookup).annotate(value=measure).values_list(lookup, "value")
        triples.extend((level, code, float(value or 0)) for code, value in rows if code)
    return triples


def persons_served(since: datetime.datetime) -> list[tuple[str, str, float]]:
    """Distinct persons with a contact (of any registered source) since `since`, per territory.

    Each source gives its distinct (person, commune, province, region) rows from the database; the
    union is counted here, per level, so a person served by two apps in one province counts once."""
    seen: dict[str, dict[str, set[Any]]] = {level: defaultdict(set) for level in LEVELS}
    for source in _contacts.values():
        for person, commune, province, region in source(since).distinct().iterator(chunk_size=5000):
            seen["nation"][NATION].add(person)
            seen["region"][region].add(person)
            seen["province"][province].add(person)
            seen["commune"][commune].add(person)
    return [(level, code, float(len(persons))) for level, codes in seen.items() for code, persons in codes.items()]


def contact_sources() -> Mapping[str, ContactSource]:
    return dict(_contacts)
