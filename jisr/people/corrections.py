"""Correcting a person's record and a household's composition (rectification, law 09-08).

Every correction says why, is audited with each field's old and new value, and is kept as a
`Correction` row that the person's data-subject export shows them. A change of identity (names,
sex, date of birth, CIN, register identifier, phone) recomputes the match keys and runs the
duplicate check again, as intake does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.people.models import Correction, Household, Person
from jisr.people.selectors import duplicate_candidates, person_get, visible_people
from jisr.people.services import (
    IDENTITY_FIELDS,
    DuplicatesFound,
    Errors,
    add_error,
    check_names,
    clean_identity_into,
    full_clean_into,
    identity_of,
    pending_candidates,
    place,
    refuse_unknown,
    set_keys,
)

if TYPE_CHECKING:
    from jisr.accounts.models import User

# What a correction may change on the person page and the API, and what is recorded of it.
CORRECTABLE_FIELDS = IDENTITY_FIELDS  # what intake records is what a correction may change
# A change of one of these may make the person someone already registered: the duplicate check runs again.
MATCHED_FIELDS = frozenset(
    {"first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "sex", "birth_date", "cin",
     "civil_register_id", "phone"}
)  # fmt: skip


def _as_typed(person: Person, field_name: str) -> str:
    """The stored value as a form or a client sends it back, to tell a change from a resubmission."""
    if field_name == "commune_code":
        return person.commune_id or ""
    value = getattr(person, field_name, None)
    return "" if value is None else str(value)


def _changed_only(person: Person, changes: dict[str, Any]) -> dict[str, Any]:
    """What differs from the record: a field sent back as it is stored is not validated again (a phone
    imported before the rules were checked does not block correcting the address)."""
    return {
        name: value
        for name, value in changes.items()
        if name == "approximate_age" or str(value if value is not None else "").strip() != _as_typed(person, name)
    }


def _record(acting_user: User, person: Person, changes: dict[str, list[Any]], reason: str) -> Correction:
    correction = Correction.objects.create(
        person=person, changes=changes, reason=reason, corrected_at=timezone.now(), corrected_by=acting_user
    )
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=person,
        changes={**changes, "reason": reason, "correction": str(correction.pk)},
    )
    return correction


def _reason(reason: str, errors: Errors) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        add_error(errors, "reason", _("Say why the record is corrected (for example: typo in the family name)."))
    elif len(reason) > Correction._meta.get_field("reason").max_length:  # type: ignore[operator]
        add_error(errors, "reason", _("Keep the reason under 300 characters."))
    return reason


@transaction.atomic
def person_correct(
    *,
    acting_user: User,
    person: Person,
    reason: str,
    confirmed_not_duplicate_of: Iterable[Any] = (),
    **changes: Any,
) -> Correction:
    """Correct a person's identity and contact data: names in both scripts, sex, date of birth or
    approximate age, CIN, register identifier, phone, commune (or `commune_code`) and address.

    404 without people.change_person over the person. Every error at once (one ValidationError by
    field, the reason included); nothing written on error. Fields sent unchanged are ignored. When
    an identity field changes, the match keys are recomputed and the duplicate check runs again:
    DuplicatesFound until the candidates are set aside (`confirmed_not_duplicate_of`).
    """
    person = person_get(acting_user, person.pk, "people.change_person")
    refuse_unknown(changes)
    errors: Errors = {}
    reason = _reason(reason, errors)
    before = audit.snapshot(person, list(CORRECTABLE_FIELDS))
    for name, value in clean_identity_into(_changed_only(person, changes), errors).items():
        setattr(person, name, value)
    check_names(person, errors)
    place(person)
    set_keys(person)
    full_clean_into(person, errors)
    if errors:
        raise ValidationError(errors)
    changed = audit.diff(before, audit.snapshot(person, list(CORRECTABLE_FIELDS)))
    if not changed:
        raise ValidationError(_("Nothing was changed: correct a field, or cancel."))
    if MATCHED_FIELDS & set(changed):
        candidates = duplicate_candidates(acting_user, identity_of(person), exclude_id=person.pk)
        pending = pending_candidates(candidates, confirmed_not_duplicate_of)
        if pending:
            raise DuplicatesFound(pending)
        if candidates:
            changed_with_decision = {**changed, "set_aside_candidates": sorted(str(c.person.pk) for c in candidates)}
            person.save()
            return _record(acting_user, person, changed_with_decision, reason)
    person.save()
    return _record(acting_user, person, changed, reason)


def _changeable_household(acting_user: User, household: Household) -> Household:
    """The household, or 404 unless the user may change one of its members (a household is seen
    through the people who live in it)."""
    from django.http import Http404

    if not visible_people(acting_user, "people.change_person").filter(household=household).exists():
        raise Http404
    return household


def _set_membership(
    acting_user: User, person: Person, household: Household | None, relation: str, reason: str
) -> Correction:
    before = audit.snapshot(person, ["household", "relation_to_head"])
    person.household = household
    person.relation_to_head = relation if household is not None else ""
    person.full_clean()
    person.save(update_fields=["household", "relation_to_head", "updated_at"])
    changed = audit.diff(before, audit.snapshot(person, ["household", "relation_to_head"]))
    if not changed:
        raise ValidationError(_("Nothing was changed: correct a field, or cancel."))
    return _record(acting_user, person, changed, reason)


@transaction.atomic
def household_member_set(
    *, acting_user: User, member: Person, household: Household | None, relation_to_head: str, reason: str
) -> Correction:
    """Put `member` in `household` with their relation to its head, change that relation, or take
    them out of any household (`household=None`). 404 without people.change_person over the member,
    or over a member of the household they join. Audited with the reason, kept as a correction."""
    member = person_get(acting_user, member.pk, "people.change_person")
    if household is not None:
        _changeable_household(acting_user, household)
    errors: Errors = {}
    reason = _reason(reason, errors)
    if household is not None and relation_to_head not in Person.Relation.values:
        add_error(errors, "relation_to_head", _("Choose the relation to the head of household."))
    if errors:
        raise ValidationError(errors)
    return _set_membership(acting_user, member, household, relation_to_head, reason)


@transaction.atomic
def household_member_join(
    *, acting_user: User, person: Person, member: Person, relation_to_head: str, reason: str
) -> Correction:
    """Put `member` in `person`'s household (or change their relation to its head). Refused, with
    the way forward, when `person` has no household yet."""
    person = person_get(acting_user, person.pk, "people.change_person")
    if person.household is None:
        message = _("This person has no household yet: start one with them as its head first.")
        raise ValidationError({NON_FIELD_ERRORS: [message]})
    return household_member_set(
        acting_user=acting_user,
        member=member,
        household=person.household,
        relation_to_head=relation_to_head,
        reason=reason,
    )


@transaction.atomic
def household_start(*, acting_user: User, person: Person, reason: str) -> Household:
    """A new household in the person's commune, with the person as its head (their former household,
    if any, keeps its other members). Audited with the reason, kept as a correction."""
    person = person_get(acting_user, person.pk, "people.change_person")
    errors: Errors = {}
    reason = _reason(reason, errors)
    commune = person.commune
    if commune is None:
        message = _("Record the person's commune of residence first: the household lives there.")
        add_error(errors, NON_FIELD_ERRORS, message)
    if errors or commune is None:
        raise ValidationError(errors)
    household = Household(
        commune=commune,
        province_id=commune.province_id,
        region_code=commune.region_id,
        address=person.address,
    )
    household.full_clean()
    household.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=household, changes={"reason": reason})
    _set_membership(acting_user, person, household, Person.Relation.HEAD, reason)
    return household
