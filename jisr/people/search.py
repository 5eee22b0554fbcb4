"""Ranked name search over the beneficiary index: which persons a typed name finds, and in what order.

A name finds the persons whose consonant skeleton (`names.phonetic_key`) equals it — as the full
name in either order, or as the given or the family name alone — or, for a query of three
consonants or more, begins with it. Each of these is an indexed equality or range, so the
candidates are read through indexes, never by a scan. They are then ranked by a score computed in
the database (so that pages and the total agree):

| score | the person's name… |
|---:|---|
| 100 | is spelled like the query, in the query's script (after the spelling folds of `names`) |
| 90 / 85 | has a family / given name spelled like the query |
| 70 | has the query's skeleton as full name (given + family, or family + given) |
| 60 / 55 | has the query's skeleton as family / given name |
| 30 | has a skeleton that begins with the query's (a name typed in part) |

Within a score, a birth year and a commune, when given, come next (`context_score`), then the
name and the id, so that a page is stable. Scope is applied by the caller (`selectors`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.lookups import Exact

from jisr.core.expressions import AnyOf
from jisr.people import names
from jisr.people.models import FamilySpelling, Person

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# A skeleton shorter than this is too common to search by its beginning ("hm" begins Ahmed and Hamza).
MIN_PREFIX = 3
BIRTH_YEAR_TOLERANCE = 2  # an estimated birth date is 1 July of a year derived from an approximate age


# A search that finds more persons than this says "more than 1,000" and pages through the first 1,000:
# counting every Mohamed of the country exactly read all their rows (docs/performance.md).
COUNT_CAP = 1000


@dataclass(frozen=True)
class NameMatch:
    """What a typed name selects (`condition`, served by indexes) and how well each person matches.

    `tiers` are the scores, best first, each with the condition that earns it; a person has the score
    of the first tier whose condition they meet (`score`). Each tier is an indexed equality or range,
    so that a page can be read tier by tier, in index order, instead of ranking every candidate."""

    condition: Q
    tiers: tuple[tuple[int, Q], ...]
    # single-index conditions whose union is `condition` (when it is one): a quick bound of the count
    parts: tuple[Q, ...] = ()

    @property
    def score(self) -> Case:
        whens = [When(condition, then=Value(value)) for value, condition in self.tiers]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    def tier_conditions(self) -> list[Q]:
        """The condition of each tier for the persons whose score it is: met, and no better tier met."""
        # The candidates' condition, checked on each row of the tier rather than as a union of index
        # scans: a tier of 300 persons "spelled hasani" need not read the 45,000 "hsn" candidates.
        candidate = Q(Case(When(self.condition, then=Value(True)), default=Value(False), output_field=BooleanField()))
        exclusive: list[Q] = []
        better = Q(pk__in=[])
        for _value, condition in self.tiers:
            exclusive.append(candidate & condition & ~better if exclusive else candidate & condition)
            better |= condition
        return exclusive


def exact_match(condition: Q) -> NameMatch:
    """A search by an identifier (CIN, phone): one tier, every person found scores 100."""
    return NameMatch(condition, ((100, condition),))


def _spelled_alike(key_field: str, spelling: str) -> Q:
    """The whole name spelled like `spelling`, spaces aside. A key holds at most one space (between
    the given and the family name, each stored without spaces), so this is a list of equalities on
    the key's index: 'hasani', 'h asani', 'ha sani', …"""
    spaced = [f"{spelling[:cut]} {spelling[cut:]}" for cut in range(1, len(spelling))]
    return Q(**{f"{key_field}__in": [spelling, *spaced]})


def _next_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (keys are a-z only)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix(field_name: str, prefix: str) -> Q:
    """A prefix match as an index range (LIKE does not use a b-tree index on every backend)."""
    return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": _next_prefix(prefix)})


def name_match(text: str) -> NameMatch | None:
    """The candidates and the score of a name typed in Arabic or Latin script, or None if it has no letter."""
    arabic = names.has_arabic(text)
    spelling = names.arabic_spelling(text) if arabic else names.latin_spelling(text)
    if not spelling:
        return None
    key_field = "name_ar_key" if arabic else "name_latin_key"
    skeleton = names.phonetic_key(text)
    spelled_alike = _spelled_alike(key_field, spelling)
    same_family = Q(Exact(FamilySpelling(F(key_field)), spelling))
    # the range keeps the key's index (and its order); the LIKE keeps the given name only
    same_given = _prefix(key_field, spelling) & Q(**{f"{key_field}__startswith": f"{spelling} "})
    whole: list[tuple[int, Q]] = [(100, spelled_alike), (90, same_family), (85, same_given)]
    if not skeleton:
        # A name of vowels only (آية, Aya): its persons are those whose skeleton is empty too.
        condition = (Q(first_name_phonetic_key="") | Q(last_name_phonetic_key="")) & (
            spelled_alike | same_family | same_given
        )
        return NameMatch(condition, tuple(whole))
    parts = [Q(name_phonetic_key=skeleton), Q(name_phonetic_key_reversed=skeleton),
             Q(last_name_phonetic_key=skeleton), Q(first_name_phonetic_key=skeleton)]  # fmt: skip
    full = parts[0] | parts[1]
    tiers = [*whole, (70, full), (60, parts[2]), (55, parts[3])]
    if len(skeleton) >= MIN_PREFIX:
        begins = [_prefix("name_phonetic_key", skeleton), _prefix("name_phonetic_key_reversed", skeleton)]
        parts.extend(begins)
        tiers.append((30, begins[0] | begins[1]))
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return NameMatch(condition, tuple(tiers), tuple(parts))


def _context_score(birth_year: int | None, commune_code: str | None) -> Any:
    """2 for the birth year given (1 within the tolerance), 2 for the commune given; 0 when none is given."""
    parts: list[Any] = []
    if birth_year:
        year = datetime.date(birth_year, 1, 1), datetime.date(birth_year, 12, 31)
        near = (datetime.date(birth_year - BIRTH_YEAR_TOLERANCE, 1, 1),
                datetime.date(birth_year + BIRTH_YEAR_TOLERANCE, 12, 31))  # fmt: skip
        parts.append(Case(When(birth_date__range=year, then=Value(2)), When(birth_date__range=near, then=Value(1)),
                          default=Value(0), output_field=IntegerField()))  # fmt: skip
    if commune_code:
        parts.append(Case(When(commune_id=commune_code, then=Value(2)), default=Value(0), output_field=IntegerField()))
    if not parts:
        return Value(0, output_field=IntegerField())
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def ranked(
    people: QuerySet[Person],
    match: NameMatch,
    *,
    birth_year: int | None = None,
    commune_code: str | None = None,
    arabic_first: bool = True,
) -> QuerySet[Person]:
    """`people` (already limited to the user's scope and to the persons `match` selects), best first."""
    return people.annotate(name_score=match.score).order_by(
        "-name_score", *_order_within_tier(birth_year, commune_code, arabic_first=arabic_first)
    )


def _order_within_tier(birth_year: int | None, commune_code: str | None, *, arabic_first: bool) -> list[Any]:
    """The order of the persons of one score: the birth year and the commune when given, the name, the id."""
    name_order = ["name_ar_key", "name_latin_key"] if arabic_first else ["name_latin_key", "name_ar_key"]
    context = [_context_score(birth_year, commune_code).desc()] if birth_year or commune_code else []
    return [*context, *name_order, "id"]


@dataclass
class SearchPage:
    """One page of ranked results with the total, shaped like Django's `Page` for the templates."""

    results: list[Person]
    count: int
    number: int
    page_size: int
    capped: bool = False  # more persons were found than `count` (COUNT_CAP): the pages show the first ones

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def paginator(self) -> SearchPage:
        """Itself: the shared pagination template reads `page.paginator.num_pages`."""
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.results else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.results)


@dataclass(frozen=True)
class Search:
    """A ranked search within a user's scope, as `selectors` prepares it for `page_of`.

    `candidates`: the persons in scope that the match selects, written so that the database starts
    from the scope (a center's persons, then their names); `count_first`: a part of them to read
    first (the persons registered in the scope: when they alone pass the cap, the rest is not
    read), and `found_besides` the others (followed by a case in scope, away from their registering
    center); `in_scope`: the persons in scope, checked person by person, for the tiers read in
    index order."""

    match: NameMatch
    candidates: QuerySet[Person]
    in_scope: QuerySet[Person]
    count_first: QuerySet[Person] | None = None
    national: bool = False
    small_scope: bool = False
    found_besides: QuerySet[Person] | None = None
    birth_year: int | None = None
    commune_code: str | None = None
    arabic_first: bool = True


def _passes_cap_alone(match: NameMatch) -> bool:
    """Whether one of the match's index conditions alone holds more than COUNT_CAP active persons
    (a national search of a common name): counted in the index, without reading a row."""
    if not match.parts:
        return False
    merged = Person.objects.filter(merged_into__isnull=False).count()
    bound = COUNT_CAP + merged
    return any(Person.objects.filter(part).values("pk")[: bound + 1].count() > bound for part in match.parts)


def _found(search: Search) -> list[Any] | None:
    """The ids of the persons found when there are COUNT_CAP or fewer, else None."""
    if search.count_first is not None:
        # the registered side, read once: past the cap it settles the search; else the others join it
        ids = list(search.count_first.values_list("pk", flat=True)[: COUNT_CAP + 1])
        if len(ids) > COUNT_CAP:
            return None
        if search.found_besides is not None:
            known = set(ids)
            besides = search.found_besides.values_list("pk", flat=True)[: COUNT_CAP + 1]
            ids.extend(pk for pk in besides if pk not in known)
        return ids if len(ids) <= COUNT_CAP else None
    if search.national and _passes_cap_alone(search.match):
        return None
    ids = list(search.candidates.values_list("pk", flat=True)[: COUNT_CAP + 1])
    return ids if len(ids) <= COUNT_CAP else None


def _ids_with_total(queryset: QuerySet[Person], start: int, end: int) -> list[tuple[Any, int]]:
    return list(queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[start:end])


def _small_scope_page(search: Search, number: int, page_size: int, related: tuple[str, ...]) -> SearchPage | None:
    """The page of a search within a few centers, in one query ranking every candidate in scope with a
    window count (a center's persons are a few thousand); None when more than COUNT_CAP are found."""
    ranked_ids = ranked(search.candidates, search.match, birth_year=search.birth_year,
                        commune_code=search.commune_code, arabic_first=search.arabic_first)  # fmt: skip
    found = _ids_with_total(ranked_ids, (number - 1) * page_size, number * page_size)
    if not found and number > 1:
        return None  # past the end: the general way finds the last page
    if not found:
        return SearchPage([], 0, 1, page_size)
    if found[0][1] > COUNT_CAP:
        return None
    rows = Person.objects.select_related(*related).in_bulk([pk for pk, _ in found])
    return SearchPage([rows[pk] for pk, _ in found if pk in rows], found[0][1], number, page_size)


def page_of(search: Search, number: int, page_size: int, *, related: tuple[str, ...] = ()) -> SearchPage:
    """One page of a ranked search and its total; a page past the end gives the last page, as Django's
    `Paginator.get_page` does. The total is exact up to COUNT_CAP; beyond it, the pages go through
    the first COUNT_CAP persons.

    Up to COUNT_CAP persons found, one query ranks them all (with the score as a `CASE`). Beyond, the
    page is read tier by tier (`NameMatch.tiers`): each tier in its index order, with a limit, so that
    a page of the Mohameds of the country reads a few dozen rows rather than ranking 25,000 of them
    (docs/performance.md). Both give the same persons in the same order (tests/people)."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    number = max(1, number)
    if search.small_scope:
        page = _small_scope_page(search, number, page_size, related)
        if page is not None:
            return page
    found = _found(search)
    if found == []:
        return SearchPage([], 0, 1, page_size)
    capped = found is None
    total = COUNT_CAP if found is None else len(found)
    number = min(number, -(-total // page_size))
    order = _order_within_tier(search.birth_year, search.commune_code, arabic_first=search.arabic_first)
    start, end = (number - 1) * page_size, min(number * page_size, total)
    if found is not None:
        # at most COUNT_CAP rows, read by their ids: ranked with the score as a CASE, in one query
        # the ids as one array parameter: up to 1,000 ids written inline cost the driver more than the query
        ranked_ids = ranked(Person.objects.filter(AnyOf(F("pk"), found)), search.match, birth_year=search.birth_year,
                            commune_code=search.commune_code, arabic_first=search.arabic_first)  # fmt: skip
        ids = list(ranked_ids.values_list("pk", flat=True)[start:end])
    else:
        ids = []
        for condition in search.match.tier_conditions():
            tier = search.in_scope.filter(condition).order_by(*order).values_list("pk", flat=True)
            ids.extend(tier[: end - len(ids)])
            if len(ids) >= end:
                break
        ids = ids[start:end]
    rows = Person.objects.select_related(*related).in_bulk(ids)
    return SearchPage([rows[pk] for pk in ids if pk in rows], total, number, page_size, capped)
