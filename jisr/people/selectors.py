"""Reads of the beneficiary index, always through the user's scope (DESIGN.md convention 2).

A person is visible to a user who holds the permission over the center that registered them, or
over a center where they have a case (and so over its province and region). Persons merged into
another are hidden everywhere except the merge history.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.db.models.functions import Abs, ExtractYear

from jisr.centers.models import Center
from jisr.core import scope
from jisr.core.digits import to_ascii_digits
from jisr.core.expressions import AnyOf
from jisr.people import names, search
from jisr.people.models import BY_CASE, REGISTERED, Consent, Person, PersonMerge

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User

_M = TypeVar("_M", bound=Model)

CIN_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")
SEARCH_LIMIT = 50


def _person_condition(user: User | AnonymousUser, permission: str) -> Q | None:
    """The visibility condition built from Person's two declared anchors, or None when the user sees
    every person (a national grant)."""
    registered = scope.scope_q(user, permission, scope.anchor_fields(Person, REGISTERED))
    if not registered:
        return None
    by_case = scope.scope_q(user, permission, scope.anchor_fields(Person, BY_CASE))
    if not by_case:
        return None
    # The case side joins one row per case: inside Exists, a person with three cases stays one row.
    return registered | Q(Exists(Person.objects.filter(by_case, pk=OuterRef("pk"))))


def visible_people(user: User | AnonymousUser, permission: str = "people.view_person") -> QuerySet[Person]:
    """The active (not merged) persons the user may see with `permission`."""
    queryset = Person.objects.filter(merged_into__isnull=True)
    if not scope.user_scope(user).has_permission_somewhere(permission):
        return queryset.none()
    condition = _person_condition(user, permission)
    return queryset if condition is None else queryset.filter(condition)


def person_get(
    user: User | AnonymousUser, person_id: uuid.UUID | str, permission: str = "people.view_person"
) -> Person:
    """The person, or 404 whether missing, merged away or outside the user's scope."""
    people = visible_people(user, permission).select_related(
        "commune", "province", "registered_at", "household__commune"
    )
    return scope.one_or_404(people, pk=person_id)


def may_person(user: User | AnonymousUser, permission: str, person: Person) -> bool:
    """True when the user holds `permission` over the person (through either of their anchors)."""
    return visible_people(user, permission).filter(pk=person.pk).exists()


def registering_centers(user: User | AnonymousUser) -> QuerySet[Center]:
    """The active centers where the user may register persons (the intake form's choices), by name."""
    active = Center.objects.filter(status=Center.Status.ACTIVE)
    return scope.in_scope(user, "people.add_person", active).order_by("name_fr")


def registering_center_get(user: User | AnonymousUser, center_id: uuid.UUID | str) -> Center:
    """A center where the user may register persons, or 404 whether it is missing or out of scope."""
    return scope.get_or_404(user, "people.add_person", Center, pk=center_id)


def normalize_phone(raw: str) -> str:
    """A Moroccan phone number in international form (+212…), or the digits as typed otherwise."""
    digits = re.sub(r"[\s().\-]", "", to_ascii_digits(raw or ""))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[5-8][0-9]{8}", digits):
        return "+212" + digits[1:]
    if re.fullmatch(r"212[5-8][0-9]{8}", digits):
        return "+" + digits
    return digits


# Person's anchors (models.py) seen from the other end: the registering center's own fields, and the
# case's. A scope resolved on these tables is a list of center ids, or a subquery of cases, that the
# search combines with the name indexes instead of joining each candidate to its center.
_REGISTERING_CENTER = scope.AnchorFields(region="region_code", province="province_id", center="id")
_CASE = scope.AnchorFields(region="region_code", province="province_id", center="center_id")
# Up to this many centers in scope (a social worker's, a manager's), a search ranks every candidate in
# scope in one query (`search.page_of`).
SMALL_SCOPE_CENTERS = 10


@dataclass(frozen=True)
class _SearchScope:
    """Who a search may find: everyone (`national`), or the persons registered at `centers` or with a
    case among `cases` (a queryset of case rows: those in scope held away from their person's registering
    center, the only ones that add a person to the registered ones)."""

    national: bool = False
    centers: list[Any] = field(default_factory=list)
    cases: QuerySet[Any] | None = None
    # a scope of more than SMALL_SCOPE_CENTERS centers: the person's registering territory (their kept
    # `registered_region_code`, `registered_province`), one indexed column instead of hundreds of center ids
    territory: Q | None = None

    @property
    def small(self) -> bool:
        return self.territory is None

    def registered(self) -> Q:
        return self.territory if self.territory is not None else Q(AnyOf(F("registered_at_id"), self.centers))

    def by_case(self) -> Q:
        """Followed by a case in scope: for the union of `_searchable_people`, the set of those persons."""
        return Q(pk__in=self.cases.values("person_id")) if self.cases is not None else Q(pk__in=[])

    def by_case_per_person(self) -> Q:
        """The same, checked for one person at a time (their cases, by the index on the case's person)."""
        return Q(Exists(self.cases.filter(person_id=OuterRef("pk")))) if self.cases is not None else Q(pk__in=[])


def _search_scope(user: User | AnonymousUser) -> _SearchScope | None:
    """The user's scope over persons (`visible_people`), resolved to center ids and cases; None for no scope."""
    permission = "people.view_person"
    if not scope.user_scope(user).has_permission_somewhere(permission):
        return None
    if _person_condition(user, permission) is None:
        return _SearchScope(national=True)
    centers = list(
        Center.objects.filter(scope.scope_q(user, permission, _REGISTERING_CENTER))
        .order_by()
        .values_list("pk", flat=True)[: SMALL_SCOPE_CENTERS + 1]
    )
    territory = None
    if len(centers) > SMALL_SCOPE_CENTERS:
        centers, territory = [], scope.scope_q(user, permission, scope.anchor_fields(Person, REGISTERED))
    case_model = Person._meta.get_field("cases").related_model
    # A case held at its person's registering center adds no one: that center is in scope whenever the
    # case's is. The others are a few, read from partial indexes (cases.Case.at_registering_center).
    cases = case_model.objects.filter(  # type: ignore[union-attr]
        scope.scope_q(user, permission, _CASE), at_registering_center=False
    )
    return _SearchScope(centers=centers, cases=cases, territory=territory)


def _searchable_people(
    user: User | AnonymousUser, condition: Q, where: _SearchScope | None | Literal["unresolved"] = "unresolved"
) -> QuerySet[Person]:
    """The persons of `visible_people(user)` that `condition` selects, written for search.

    The scope is a set of ids, each side of it (registered here, or followed by a case here) already
    narrowed by `condition`: `pk IN (registered AND name UNION by case AND name)`, the registering
    centers as a list of ids. Each side is then one combination of indexes (a center's or a region's
    persons AND a name's candidates), where a scope checked per candidate read every candidate of a
    common name in the country — tens of thousands of rows — to keep a few hundred. Same persons
    (tests/people/test_search_ranking.py)."""
    queryset = Person.objects.filter(merged_into__isnull=True)
    if where == "unresolved":
        where = _search_scope(user)
    if where is None:
        return queryset.none()
    if where.national:
        return queryset.filter(condition)
    named = Person.objects.filter(condition)
    in_scope = named.filter(where.registered()).values("pk").union(named.filter(where.by_case()).values("pk"))
    return queryset.filter(pk__in=in_scope)


def search_conditions(query: str) -> search.NameMatch | None:
    """What a typed query means — a CIN, a phone number, or a name in either script — as the
    persons it selects (through indexes) and the score that ranks them (`jisr.people.search`)."""
    text = to_ascii_digits(query or "").strip()
    if not text:
        return None
    compact = text.replace(" ", "").upper()
    if CIN_PATTERN.fullmatch(compact):
        return search.exact_match(Q(cin=compact) | Q(civil_register_id=compact))
    if re.fullmatch(r"[+0-9 ().\-]{6,}", text):
        condition = Q(phone=normalize_phone(text)) | Q(civil_register_id=re.sub(r"\D", "", text))
        return search.exact_match(condition)
    return search.name_match(text)


# What a search result shows besides the person: their commune and the center that registered them.
SEARCH_RESULT_RELATED = ("commune", "registered_at")


@dataclass(frozen=True)
class SearchFilters:
    """A search as typed: the query, and optionally a year of birth and a commune to rank by."""

    query: str
    birth_year: int | None = None
    commune_code: str | None = None


def _search(user: User | AnonymousUser, filters: SearchFilters) -> search.Search | None:
    match = search_conditions(filters.query)
    if match is None:
        return None
    where = _search_scope(user)
    candidates = _searchable_people(user, match.condition, where)
    active = Person.objects.filter(merged_into__isnull=True)
    found_besides = None
    if where is None or where.national:
        in_scope, count_first = candidates if where is None else active, None
    else:
        in_scope = active.filter(where.registered() | where.by_case_per_person())
        named = active.filter(match.condition)
        count_first = named.filter(where.registered())
        found_besides = named.filter(where.by_case())
    return search.Search(
        match,
        candidates,
        in_scope,
        count_first,
        national=where is not None and where.national,
        small_scope=where is not None and not where.national and where.small,
        found_besides=found_besides,
        birth_year=filters.birth_year,
        commune_code=filters.commune_code,
        arabic_first=names.has_arabic(filters.query) or not re.search(r"[A-Za-z]", filters.query),
    )


def person_search_page(
    user: User | AnonymousUser, filters: SearchFilters, page: int = 1, page_size: int = search.PAGE_SIZE
) -> search.SearchPage:
    """One page of the persons matching the search within the user's scope, best match first, with the
    total: exact spellings, then the same name in another spelling or script, then names typed in part;
    within each, the year of birth and the commune when given (docs/people.md, "Search"). The total is
    exact up to `search.COUNT_CAP` persons; beyond, the page says "more than" and pages through them."""
    found = _search(user, filters)
    if found is None:
        return search.SearchPage([], 0, 1, page_size)
    return search.page_of(found, page, page_size, related=SEARCH_RESULT_RELATED)


def person_search(user: User | AnonymousUser, query: str, limit: int = SEARCH_LIMIT) -> list[Person]:
    """The first `limit` persons matching the query within the user's scope, best match first."""
    found = _search(user, SearchFilters(query))
    if found is None:
        return []
    ranked = search.ranked(found.candidates, found.match, arabic_first=found.arabic_first)
    return list(ranked.select_related(*SEARCH_RESULT_RELATED)[:limit])


@dataclass
class Candidate:
    """A person who may be the one being registered, with the reasons and a score."""

    person: Person
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    in_scope: bool = False


# Weights of each kind of evidence (documented in docs/people.md).
WEIGHTS = {
    "cin": 100,
    "civil_register_id": 100,
    "arabic_name": 45,
    "latin_name": 45,
    "transliteration": 35,
    "phone": 30,
    "birth_date": 25,
    "birth_date_near": 15,
    "other_sex": -30,
}
CANDIDATE_THRESHOLD = 30  # a shared phone alone is worth a look (families share one)…
# …but only from someone who could be the same person: unless a strong identifier or the exact name
# matches, the sex must agree and the birth years be this close (wider when either date is an estimate).
BIRTH_YEAR_TOLERANCE = 2
ESTIMATED_BIRTH_YEAR_TOLERANCE = 5
STRONG_EVIDENCE = frozenset({"cin", "civil_register_id", "arabic_name", "latin_name"})
MAX_CANDIDATES = 10


@dataclass
class Identity:
    """What is known of a person at intake (any part may be empty)."""

    first_name_ar: str = ""
    last_name_ar: str = ""
    first_name_latin: str = ""
    last_name_latin: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    birth_date_is_estimated: bool = False
    cin: str = ""
    civil_register_id: str = ""
    phone: str = ""


def _score(candidate: Person, identity: Identity, keys: dict[str, str], variants: set[str]) -> Candidate:
    found = Candidate(person=candidate)

    def add(reason: str) -> None:
        found.score += WEIGHTS[reason]
        found.reasons.append(reason)

    if identity.cin and candidate.cin == identity.cin:
        add("cin")
    if identity.civil_register_id and candidate.civil_register_id == identity.civil_register_id:
        add("civil_register_id")
    if keys["name_ar_key"] and candidate.name_ar_key == keys["name_ar_key"]:
        add("arabic_name")
    if keys["name_latin_key"] and candidate.name_latin_key == keys["name_latin_key"]:
        add("latin_name")
    if not {"arabic_name", "latin_name"} & set(found.reasons) and candidate.name_phonetic_key in variants:
        add("transliteration")
    if identity.phone and candidate.phone == identity.phone:
        add("phone")
    if identity.birth_date and candidate.birth_date:
        gap = abs((identity.birth_date - candidate.birth_date).days)
        tolerance = 366 * 2 if (identity.birth_date_is_estimated or candidate.birth_date_is_estimated) else 31
        if gap == 0:
            add("birth_date")
        elif gap <= tolerance:
            add("birth_date_near")
    if identity.sex and candidate.sex and identity.sex != candidate.sex:
        add("other_sex")
    return found


def is_plausible(candidate: Candidate, identity: Identity) -> bool:
    """Whether the candidate could be the person at all: a strong identifier or the exact name is
    enough (a birth date may have been mistyped); weaker evidence (a name that only sounds the same,
    a shared phone) needs the same sex and birth years within the tolerance, when both are known."""
    if STRONG_EVIDENCE & set(candidate.reasons):
        return True
    if "other_sex" in candidate.reasons:
        return False
    person = candidate.person
    if identity.birth_date is None or person.birth_date is None:
        return True
    estimated = identity.birth_date_is_estimated or person.birth_date_is_estimated
    tolerance = ESTIMATED_BIRTH_YEAR_TOLERANCE if estimated else BIRTH_YEAR_TOLERANCE
    return abs(identity.birth_date.year - person.birth_date.year) <= tolerance


def duplicate_candidates(
    user: User | AnonymousUser, identity: Identity, *, exclude_id: uuid.UUID | None = None
) -> list[Candidate]:
    """Ranked persons who may plausibly already be `identity`, each with why; searched across the whole
    index. Shown: a score of at least CANDIDATE_THRESHOLD and `is_plausible` (sex and birth year
    within a tolerance unless a strong identifier or the exact name matches), best first.

    Every lookup is an indexed equality. Candidates outside the user's scope are returned with
    `in_scope=False`; pages and the API show them masked (docs/people.md, "Privacy of candidates").
    """
    keys = names.person_keys(
        first_ar=identity.first_name_ar,
        last_ar=identity.last_name_ar,
        first_latin=identity.first_name_latin,
        last_latin=identity.last_name_latin,
    )
    variants = names.phonetic_variants(first=identity.first_name_ar, last=identity.last_name_ar) | (
        names.phonetic_variants(first=identity.first_name_latin, last=identity.last_name_latin)
    )
    condition = Q(pk__in=[])
    if identity.cin:
        condition |= Q(cin=identity.cin)
    if identity.civil_register_id:
        condition |= Q(civil_register_id=identity.civil_register_id)
    if identity.phone:
        condition |= Q(phone=identity.phone)
    if keys["name_ar_key"]:
        condition |= Q(name_ar_key=keys["name_ar_key"])
    if keys["name_latin_key"]:
        condition |= Q(name_latin_key=keys["name_latin_key"])
    variants = {variant for variant in variants if len(variant) >= 3}
    if variants:
        condition |= Q(name_phonetic_key__in=variants)
    queryset = Person.objects.filter(condition, merged_into__isnull=True).select_related(
        "registered_at__province", "commune"
    )
    if identity.birth_date is not None:
        # Thousands may share a common name: read the closest birth years first, so the cap below
        # keeps the plausible ones.
        gap = Abs(ExtractYear("birth_date") - identity.birth_date.year)
        queryset = queryset.annotate(birth_year_gap=gap).order_by(F("birth_year_gap").asc(nulls_last=True), "pk")
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    scored = [_score(person, identity, keys, variants) for person in queryset[:200]]
    plausible = [c for c in scored if c.score >= CANDIDATE_THRESHOLD and is_plausible(c, identity)]
    ranked = sorted(plausible, key=lambda candidate: -candidate.score)[:MAX_CANDIDATES]
    if ranked:
        visible = set(visible_people(user).filter(pk__in=[c.person.pk for c in ranked]).values_list("pk", flat=True))
        for candidate in ranked:
            candidate.in_scope = candidate.person.pk in visible
    return ranked


def merges_for(user: User | AnonymousUser) -> QuerySet[PersonMerge]:
    """The merge history: every merge for a holder of people.unmerge_person (a national task), else none."""
    if not scope.user_scope(user).has_permission_somewhere("people.unmerge_person"):
        return PersonMerge.objects.none()
    return PersonMerge.objects.select_related("kept", "absorbed", "merged_by", "undone_by")


def merge_get(user: User | AnonymousUser, merge_id: uuid.UUID | str) -> PersonMerge:
    """One merge of the history, or 404 for everyone without people.unmerge_person."""
    return scope.one_or_404(merges_for(user), pk=merge_id)


def cases_of(user: User | AnonymousUser, person: Person) -> QuerySet[Any]:
    """The person's cases the user may see (cases.view_case over their center), newest first.

    Read through the reverse relation, so that the people app needs no import of cases.
    """
    cases = person.cases.select_related("center")  # type: ignore[attr-defined]
    return scope.in_scope(user, "cases.view_case", cases).order_by("-opened_at")


def consents_of(person: Person) -> list[Consent]:
    """The person's consents, newest first, for their page (the caller has read the person in scope)."""
    return list(person.consents.select_related("recipient").order_by("-given_at"))


def household_members_of(person: Person) -> list[Person]:
    """The other members of the person's household (the caller has read the person in scope)."""
    return list(person.household.members.exclude(pk=person.pk)) if person.household else []


def changeable_among(user: User | AnonymousUser, people: list[Person]) -> set[Any]:
    """The ids of those among `people` whose record the user may correct (people.change_person)."""
    ids = [person.pk for person in people]
    return set(visible_people(user, "people.change_person").filter(pk__in=ids).values_list("pk", flat=True))


def household_joiners(user: User | AnonymousUser, person: Person, query: str) -> list[Person]:
    """Persons found by `query` whom the user may put in `person`'s household: those whose record they
    may correct, not already in it."""
    found = [other for other in person_search(user, query) if other.pk != person.pk]
    allowed = changeable_among(user, found)
    return [other for other in found if other.pk in allowed and other.household_id != person.household_id]


def corrections_of(person: Person) -> list[Any]:
    """The person's corrections, newest first, for their page (the caller has read the person in scope)."""
    return list(person.corrections.select_related("corrected_by").order_by("-corrected_at")[:20])  # type: ignore[attr-defined]


# Categories whose mere presence is sensitive (health, violence): reading them is written to the audit log.
SENSITIVE_CATEGORIES = frozenset({"violence_victim", "disability"})


def readable_vulnerabilities(user: User | AnonymousUser, people: list[Person]) -> None:
    """Set `person.readable_vulnerabilities` on each person: their vulnerabilities when the user holds
    `people.view_sensitive` over them, else None (hidden). Reads of violence or disability are audited."""
    from django.db.models import prefetch_related_objects

    from jisr.core import audit
    from jisr.core.models import AuditLog

    if not people:
        return
    allowed = set(visible_people(user, "people.view_sensitive").filter(pk__in=[p.pk for p in people])
                  .values_list("pk", flat=True))  # fmt: skip
    prefetch_related_objects([p for p in people if p.pk in allowed], "vulnerabilities")
    for person in people:
        if person.pk not in allowed:
            person.readable_vulnerabilities = None  # type: ignore[attr-defined]
            continue
        found = list(person.vulnerabilities.all())
        person.readable_vulnerabilities = found  # type: ignore[attr-defined]
        sensitive = sorted({v.category for v in found} & SENSITIVE_CATEGORIES)
        if sensitive:
            audit.record(actor=user, action=AuditLog.Action.VIEW, obj=person, object_repr=str(person.pk),
                         changes={"read": sensitive})  # fmt: skip
