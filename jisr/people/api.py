"""`/api/v1/people`: intake with the duplicate check, search across scripts, merge (all scoped)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.idempotency import idempotent
from jisr.core.scope import require
from jisr.people import corrections, search, selectors, services
from jisr.people.display import candidate_summary, resolve_set_aside
from jisr.people.models import Person

router = Router(tags=["people"])


class PersonOut(Schema):
    id: uuid.UUID
    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    sex: str
    birth_date: datetime.date | None
    birth_date_is_estimated: bool
    cin: str | None
    civil_register_id: str | None
    phone: str
    commune_code: str | None
    address: str
    household_id: uuid.UUID | None
    relation_to_head: str
    registered_at_id: uuid.UUID | None
    vulnerabilities: list[str] | None = Field(
        None, description="null when the caller may not read sensitive data (people.view_sensitive)"
    )

    @staticmethod
    def resolve_commune_code(person: Person) -> str | None:
        return person.commune_id

    @staticmethod
    def resolve_vulnerabilities(person: Person) -> list[str] | None:
        readable = getattr(person, "readable_vulnerabilities", None)
        return None if readable is None else [v.category for v in readable]


class PersonIn(Input):
    """What intake sends. Dates and codes are strings that the service checks, so that a request
    with several mistakes gets every field error in one 422."""

    center_id: uuid.UUID
    sex: str = ""
    first_name_ar: str = ""
    last_name_ar: str = ""
    first_name_latin: str = ""
    last_name_latin: str = ""
    birth_date: str | None = Field(None, description="YYYY-MM-DD; not in the future, not before 1900")
    approximate_age: str | None = None
    cin: str = ""
    civil_register_id: str = ""
    phone: str = ""
    commune_code: str | None = None
    address: str = ""
    vulnerabilities: list[str] = []
    confirmed_not_duplicate_of: list[str] = []


class CorrectionIn(Input):
    """A correction: only the fields sent change; `reason` is required. Identity changes run the
    duplicate check again (409 with candidates until set aside)."""

    reason: str = ""
    sex: str | None = None
    first_name_ar: str | None = None
    last_name_ar: str | None = None
    first_name_latin: str | None = None
    last_name_latin: str | None = None
    birth_date: str | None = Field(None, description="YYYY-MM-DD; not in the future, not before 1900")
    approximate_age: str | None = None
    cin: str | None = None
    civil_register_id: str | None = None
    phone: str | None = None
    commune_code: str | None = None
    address: str | None = None
    confirmed_not_duplicate_of: list[str] = []


class CorrectionOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    changes: dict[str, Any]
    reason: str
    corrected_at: datetime.datetime


class IdentityIn(Input):
    sex: str = ""
    first_name_ar: str = ""
    last_name_ar: str = ""
    first_name_latin: str = ""
    last_name_latin: str = ""
    birth_date: str | None = Field(None, description="YYYY-MM-DD")
    approximate_age: str | None = None
    cin: str = ""
    civil_register_id: str = ""
    phone: str = ""


class Reason(Schema):
    code: str
    label: str


class CandidateOut(Schema):
    id: uuid.UUID | None
    in_scope: bool
    score: int
    reasons: list[Reason]
    initials: str
    birth_year: int | None
    sex: str
    registered_in_province: str
    set_aside_token: str
    name: str | None = None
    cin: str | None = None
    phone: str | None = None
    registered_at: str | None = None


class Duplicates(Schema):
    detail: str
    candidates: list[CandidateOut]


class SearchQuery(Schema):
    q: str = ""
    birth_year: int | None = Field(None, ge=1900, le=2100, description="ranks persons born that year (±2) first")
    commune_code: str | None = Field(None, max_length=20, description="ranks persons of that commune first")
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)


class PersonPage(Schema):
    count: int
    count_capped: bool = Field(
        False,
        description=f"More persons were found than `count` ({search.COUNT_CAP:,}): pages go through the first ones.",
    )
    page: int
    page_size: int
    results: list[PersonOut]


class MergeIn(Input):
    absorb_id: uuid.UUID
    reason: str


class MergeOut(Schema):
    id: uuid.UUID
    kept_id: uuid.UUID
    absorbed_id: uuid.UUID
    reason: str
    moved: dict[str, list[str]]
    merged_at: datetime.datetime
    undone_at: datetime.datetime | None


def _identity(payload: IdentityIn) -> selectors.Identity:
    values = payload.dict()
    age = values.pop("approximate_age", None)
    cleaned = services.clean_identity({**values, "approximate_age": age})
    return selectors.Identity(
        **{name: cleaned.get(name) or "" for name in ("first_name_ar", "last_name_ar", "first_name_latin",
                                                       "last_name_latin", "sex", "cin", "civil_register_id", "phone")},
        birth_date=cleaned.get("birth_date"),
        birth_date_is_estimated=bool(cleaned.get("birth_date_is_estimated")),
    )  # fmt: skip


def _readable(user: Any, person: Person) -> Person:
    selectors.readable_vulnerabilities(user, [person])
    return person


@router.get("", response=PersonPage)
def person_list(request: AuthenticatedHttpRequest, query: Query[SearchQuery]) -> Any:
    """Search by name in Arabic or Latin script (across scripts and spellings), CIN or phone: best match
    first (then the birth year and the commune when given), paginated with the total `count` (exact up to
    1,000; beyond, `count_capped` is true and the pages go through the first 1,000)."""
    filters = selectors.SearchFilters(query.q, query.birth_year, query.commune_code)
    page = selectors.person_search_page(request.user, filters, query.page, query.page_size)
    selectors.readable_vulnerabilities(request.user, page.results)
    return {"count": page.count, "count_capped": page.capped, "page": page.number, "page_size": page.page_size,
            "results": page.results}  # fmt: skip


@router.post("", response={201: PersonOut, 404: Message, 409: Duplicates, 422: Invalid})
@idempotent
def person_create(request: AuthenticatedHttpRequest, payload: PersonIn) -> Any:
    """Register a person. Answers 409 with the ranked candidates until each is set aside: send its
    `set_aside_token` (or, for a candidate in the caller's scope, its id) in `confirmed_not_duplicate_of`.
    Candidates outside the caller's scope are masked: if they are the same person, ask their center
    or a national officer to merge."""
    data = payload.dict()
    center = selectors.registering_center_get(request.user, data.pop("center_id"))
    if data.get("approximate_age") is None:
        data.pop("approximate_age")
    data["confirmed_not_duplicate_of"] = resolve_set_aside(data["confirmed_not_duplicate_of"])
    try:
        person = services.person_create(acting_user=request.user, center=center, **data)
    except services.DuplicatesFound as found:
        return Status(409, {"detail": str(found), "candidates": [candidate_summary(c) for c in found.candidates]})
    return Status(201, _readable(request.user, selectors.person_get(request.user, person.pk)))


@router.post("/duplicates", response={200: list[CandidateOut], 404: Message, 422: Invalid})
def duplicate_check(request: AuthenticatedHttpRequest, payload: IdentityIn) -> Any:
    """The ranked candidates for an identity, without creating anything (for intake forms)."""
    require(request.user, "people.add_person")
    candidates = selectors.duplicate_candidates(request.user, _identity(payload))
    return [candidate_summary(candidate) for candidate in candidates]


@router.get("/{person_id}", response={200: PersonOut, 404: Message})
def person_detail(request: AuthenticatedHttpRequest, person_id: uuid.UUID) -> Any:
    """One person within the caller's scope (vulnerabilities only with people.view_sensitive; audited)."""
    return _readable(request.user, selectors.person_get(request.user, person_id))


@router.patch("/{person_id}", response={200: CorrectionOut, 404: Message, 409: Duplicates, 422: Invalid})
def person_correct(request: AuthenticatedHttpRequest, person_id: uuid.UUID, payload: CorrectionIn) -> Any:
    """Correct a person's identity and contact data (people.change_person over them), with a reason.
    Every field error at once (422); audited with old → new and shown in the person's data export."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    set_aside = resolve_set_aside(changes.pop("confirmed_not_duplicate_of", []))
    changes = {name: "" if value is None else value for name, value in changes.items()}
    try:
        return corrections.person_correct(
            acting_user=request.user, person=person, reason=reason, confirmed_not_duplicate_of=set_aside, **changes
        )
    except services.DuplicatesFound as found:
        return Status(409, {"detail": str(found), "candidates": [candidate_summary(c) for c in found.candidates]})


@router.post("/{person_id}/merge", response={200: MergeOut, 404: Message, 422: Invalid})
def person_merge(request: AuthenticatedHttpRequest, person_id: uuid.UUID, payload: MergeIn) -> Any:
    """Merge the person `absorb_id` into this one (people.merge_person over both)."""
    keep = selectors.person_get(request.user, person_id, "people.merge_person")
    absorb = selectors.person_get(request.user, payload.absorb_id, "people.merge_person")
    return services.person_merge(acting_user=request.user, keep=keep, absorb=absorb, reason=payload.reason)


@router.post("/merges/{merge_id}/undo", response={200: MergeOut, 404: Message, 422: Invalid})
def merge_undo(request: AuthenticatedHttpRequest, merge_id: uuid.UUID) -> Any:
    """Undo a merge (national officers: people.unmerge_person)."""
    merge = selectors.merge_get(request.user, merge_id)
    services.person_unmerge(acting_user=request.user, merge=merge)
    merge.refresh_from_db()
    return merge


class HouseholdMemberOut(Schema):
    id: uuid.UUID
    first_name_ar: str
    last_name_ar: str
    first_name_latin: str
    last_name_latin: str
    relation_to_head: str


class HouseholdOut(Schema):
    household_id: uuid.UUID | None
    members: list[HouseholdMemberOut] = Field(description="the person first, then the other members")


class ReasonIn(Input):
    reason: str = ""


class MembershipIn(ReasonIn):
    relation_to_head: str = Field("", description="one of the relations of `Person.Relation` (head, spouse, child…)")


def _household_of(person: Person) -> HouseholdOut:
    members = [person, *selectors.household_members_of(person)]
    return HouseholdOut(household_id=person.household_id, members=members)  # type: ignore[arg-type]


@router.get("/{person_id}/household", response={200: HouseholdOut, 404: Message})
def household_detail(request: AuthenticatedHttpRequest, person_id: uuid.UUID) -> Any:
    """The person's household: its members and their relation to the head (the person in scope)."""
    return _household_of(selectors.person_get(request.user, person_id))


@router.post("/{person_id}/household", response={201: HouseholdOut, 404: Message, 422: Invalid})
def household_start(request: AuthenticatedHttpRequest, person_id: uuid.UUID, payload: ReasonIn) -> Any:
    """Start a new household with the person as its head, in their commune (people.change_person
    over them; their former household keeps its other members). Audited with the reason."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    corrections.household_start(acting_user=request.user, person=person, reason=payload.reason)
    person.refresh_from_db()
    return Status(201, _household_of(person))


@router.put("/{person_id}/household/members/{member_id}", response={200: HouseholdOut, 404: Message, 422: Invalid})
def household_member_put(
    request: AuthenticatedHttpRequest, person_id: uuid.UUID, member_id: uuid.UUID, payload: MembershipIn
) -> Any:
    """Put `member_id` in the person's household with their relation to its head, or change that
    relation (people.change_person over both). Audited with the reason, kept as a correction."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    member = selectors.person_get(request.user, member_id, "people.change_person")
    corrections.household_member_join(
        acting_user=request.user,
        person=person,
        member=member,
        relation_to_head=payload.relation_to_head,
        reason=payload.reason,
    )
    person.refresh_from_db()
    return _household_of(person)


@router.post(
    "/{person_id}/household/members/{member_id}/remove", response={200: HouseholdOut, 404: Message, 422: Invalid}
)
def household_member_remove(
    request: AuthenticatedHttpRequest, person_id: uuid.UUID, member_id: uuid.UUID, payload: ReasonIn
) -> Any:
    """Take `member_id` out of the person's household (people.change_person over both; a member of
    another household is not found here). Audited with the reason, kept as a correction."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    member = selectors.person_get(request.user, member_id, "people.change_person")
    if person.household_id is None or member.household_id != person.household_id:
        return Status(404, {"detail": str(_("Not found."))})
    corrections.household_member_set(
        acting_user=request.user, member=member, household=None, relation_to_head="", reason=payload.reason
    )
    person.refresh_from_db()
    return _household_of(person)
