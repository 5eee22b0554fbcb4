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

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Replace
from django.db.models.lookups import Exact

from jisr.people import names
from jisr.people.models import Person

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
# A skeleton shorter than this is too common to search by its beginning ("hm" begins Ahmed and Hamza).
MIN_PREFIX = 3
BIRTH_YEAR_TOLERANCE = 2  # an estimated birth date is 1 July of a year derived from an approximate age


@dataclass(frozen=True)
class NameMatch:
    """What a typed name selects (`condition`, served by indexes) and how well each person matches."""

    condition: Q
    score: Case | Value


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
    spelled_alike: Exact = Exact(Replace(F(key_field), Value(" ")), spelling)  # the whole name, spaces aside
    same_family = Q(**{f"{key_field}__endswith": f" {spelling}"})
    same_given = Q(**{f"{key_field}__startswith": f"{spelling} "})
    whole = [When(spelled_alike, then=Value(100)), When(same_family, then=Value(90)),
             When(same_given, then=Value(85))]  # fmt: skip
    if not skeleton:
        # A name of vowels only (آية, Aya): its persons are those whose skeleton is empty too.
        condition = (Q(first_name_phonetic_key="") | Q(last_name_phonetic_key="")) & (
            Q(spelled_alike) | same_family | same_given
        )
        return NameMatch(condition, Case(*whole, default=Value(0), output_field=IntegerField()))
    full = Q(name_phonetic_key=skeleton) | Q(name_phonetic_key_reversed=skeleton)
    condition = full | Q(last_name_phonetic_key=skeleton) | Q(first_name_phonetic_key=skeleton)
    if len(skeleton) >= MIN_PREFIX:
        condition |= _prefix("name_phonetic_key", skeleton) | _prefix("name_phonetic_key_reversed", skeleton)
    score = Case(
        *whole,
        When(full, then=Value(70)),
        When(Q(last_name_phonetic_key=skeleton), then=Value(60)),
        When(Q(first_name_phonetic_key=skeleton), then=Value(55)),
        default=Value(30),
        output_field=IntegerField(),
    )
    return NameMatch(condition, score)


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
    """`people` (already limited to the user's scope) that `match` selects, best first."""
    name_order = ["name_ar_key", "name_latin_key"] if arabic_first else ["name_latin_key", "name_ar_key"]
    return (
        people.filter(match.condition)
        .annotate(name_score=match.score, context_score=_context_score(birth_year, commune_code))
        .order_by("-name_score", "-context_score", *name_order, "id")
    )


@dataclass
class SearchPage:
    """One page of ranked results with the total, shaped like Django's `Page` for the templates."""

    results: list[Person]
    count: int
    number: int
    page_size: int

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


def page_of(queryset: QuerySet[Person], number: int, page_size: int, *, related: tuple[str, ...] = ()) -> SearchPage:
    """One page of a ranked queryset and the total; a page past the end gives the last page, as
    Django's `Paginator.get_page` does.

    Two queries: the ids of the page with the total (a window count over the candidates, ranked
    without any join), then the page's rows with their `related` objects. Joining before ranking
    fetched the commune and the center of every candidate — all the Mohameds of the country — to
    keep 25 (docs/performance.md)."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    number = max(1, number)
    ranked_ids = queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")
    found = list(ranked_ids[(number - 1) * page_size : number * page_size])
    if not found and number > 1:
        total = queryset.count()
        number = max(1, -(-total // page_size))
        found = list(ranked_ids[(number - 1) * page_size : number * page_size])
    if not found:
        return SearchPage([], 0, 1, page_size)
    rows = Person.objects.select_related(*related).in_bulk([pk for pk, _ in found])
    return SearchPage([rows[pk] for pk, _ in found if pk in rows], found[0][1], number, page_size)
