"""Every write to the beneficiary index (DESIGN.md convention 1): validated, scoped, audited, atomic."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.centers.models import Center
from jisr.core import audit, scope
from jisr.core.digits import to_ascii_digits
from jisr.core.models import AuditLog
from jisr.people import names
from jisr.people.models import Household, Person, PersonMerge, Vulnerability
from jisr.people.selectors import Candidate, Identity, duplicate_candidates, normalize_phone, person_get
from jisr.territories.models import Commune

if TYPE_CHECKING:
    from jisr.accounts.models import User

IDENTITY_FIELDS = (
    "first_name_ar",
    "last_name_ar",
    "first_name_latin",
    "last_name_latin",
    "sex",
    "birth_date",
    "birth_date_is_estimated",
    "cin",
    "civil_register_id",
    "phone",
    "commune",
    "address",
    "household",
    "relation_to_head",
)
EDITABLE_FIELDS = frozenset(IDENTITY_FIELDS) | {"approximate_age"}
MAX_AGE = 120


class DuplicatesFound(Exception):
    """Intake stopped: these persons may be the one being registered. Confirm, or use one of them."""

    def __init__(self, candidates: list[Candidate]) -> None:
        super().__init__(_("This person may already be registered: check the candidates before creating a new record."))
        self.candidates = candidates


def normalize_cin(raw: str) -> str:
    return to_ascii_digits(raw or "").replace(" ", "").upper()


def estimated_birth_date(age: int, today: datetime.date | None = None) -> datetime.date:
    """A birth date for someone who only knows their age: mid-year, `age` years ago."""
    today = today or timezone.localdate()
    return datetime.date(today.year - age, 7, 1)


def clean_identity(values: dict[str, Any]) -> dict[str, Any]:
    """Normalize what was typed (digits, CIN, phone, age) and check what no model validator sees."""
    errors: dict[str, list[str]] = {}
    for name in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "address"):
        if name in values:
            values[name] = " ".join(str(values[name] or "").split())
    if "cin" in values:
        values["cin"] = normalize_cin(values["cin"]) or None
    if "civil_register_id" in values:
        values["civil_register_id"] = to_ascii_digits(str(values["civil_register_id"] or "")).strip() or None
    if "phone" in values:
        values["phone"] = normalize_phone(values["phone"])
        if values["phone"] and not values["phone"].startswith("+") and len(values["phone"]) < 6:
            errors["phone"] = [_("Enter a phone number such as 06 12 34 56 78 or +212 6 12 34 56 78.")]
    if isinstance(values.get("birth_date"), str):
        raw = to_ascii_digits(values["birth_date"]).strip()
        try:
            values["birth_date"] = datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ValidationError({"birth_date": [_("Enter a date such as 1990-05-31.")]}) from None
    age = values.pop("approximate_age", None)
    if age not in (None, ""):
        try:
            age = int(to_ascii_digits(str(age)))
        except ValueError:
            age = -1
        if not 0 <= age <= MAX_AGE:
            errors["approximate_age"] = [_("Enter an age between 0 and %(max)d years.") % {"max": MAX_AGE}]
        elif values.get("birth_date"):
            errors["approximate_age"] = [_("Give either the date of birth or an approximate age, not both.")]
        else:
            values["birth_date"] = estimated_birth_date(age)
            values["birth_date_is_estimated"] = True
    elif values.get("birth_date"):
        values["birth_date_is_estimated"] = False
        birth_date = values["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            errors["birth_date"] = [_("The date of birth is in the future.")]
        elif birth_date.year < today.year - MAX_AGE:
            errors["birth_date"] = [_("The date of birth is more than %(max)d years ago.") % {"max": MAX_AGE}]
    if errors:
        raise ValidationError(errors)
    return values


def _check_names(person: Person) -> None:
    has_first = bool(person.first_name_ar or person.first_name_latin)
    has_last = bool(person.last_name_ar or person.last_name_latin)
    if not (has_first and has_last):
        raise ValidationError(
            {"first_name_ar": [_("Enter the first name and the family name, in Arabic or in Latin script.")]}
        )


def _place(person: Person) -> None:
    commune: Commune | None = person.commune
    person.province_id = commune.province_id if commune else None
    person.region_code = commune.region_id if commune else ""


def _set_keys(person: Person) -> None:
    keys = names.person_keys(
        first_ar=person.first_name_ar,
        last_ar=person.last_name_ar,
        first_latin=person.first_name_latin,
        last_latin=person.last_name_latin,
    )
    for key, value in keys.items():
        setattr(person, key, value)


def identity_of(person: Person) -> Identity:
    return Identity(
        first_name_ar=person.first_name_ar,
        last_name_ar=person.last_name_ar,
        first_name_latin=person.first_name_latin,
        last_name_latin=person.last_name_latin,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_date_is_estimated=person.birth_date_is_estimated,
        cin=person.cin or "",
        civil_register_id=person.civil_register_id or "",
        phone=person.phone,
    )


@transaction.atomic
def person_create(
    *,
    acting_user: User,
    center: Center,
    sex: str,
    confirmed_not_duplicate_of: Iterable[Any] = (),
    vulnerabilities: Iterable[str] = (),
    **identity: Any,
) -> Person:
    """Register a person at `center` after the duplicate check.

    Raises DuplicatesFound when candidates exist that the worker has not explicitly set aside
    (`confirmed_not_duplicate_of` = their ids); the worker then opens one of them instead, or
    confirms. Identity: first/last names in either script, birth_date or approximate_age, cin,
    civil_register_id, phone, commune, address, household, relation_to_head.
    """
    scope.require(acting_user, "people.add_person", center)
    unknown = set(identity) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    values = clean_identity(dict(identity))
    person = Person(sex=sex, registered_at=center, created_by=acting_user, **values)
    _check_names(person)
    _place(person)
    _set_keys(person)
    person.full_clean(validate_unique=False)
    candidates = duplicate_candidates(acting_user, identity_of(person))
    confirmed = {str(value) for value in confirmed_not_duplicate_of}
    pending = [candidate for candidate in candidates if str(candidate.person.pk) not in confirmed]
    if pending:
        raise DuplicatesFound(pending)
    person.validate_unique()
    person.save()
    for category in vulnerabilities:
        vulnerability_set(acting_user=acting_user, person=person, category=category)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=person,
        changes={
            "registered_at": str(center.pk),
            "set_aside_candidates": sorted(confirmed & {str(c.person.pk) for c in candidates}),
        },
    )
    return person


@transaction.atomic
def person_update(*, acting_user: User, person: Person, **changes: Any) -> Person:
    """Change identity fields; the match keys and the territory follow."""
    person = person_get(acting_user, person.pk, "people.change_person")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    before = audit.snapshot(person)
    for name, value in clean_identity(dict(changes)).items():
        setattr(person, name, value)
    _check_names(person)
    _place(person)
    _set_keys(person)
    person.full_clean()
    person.save()
    audit.record(
        actor=acting_user, action=AuditLog.Action.UPDATE, obj=person, changes=audit.diff(before, audit.snapshot(person))
    )
    return person


@transaction.atomic
def vulnerability_set(
    *, acting_user: User, person: Person, category: str, disability_type: str = "", severity: str = ""
) -> Vulnerability:
    """Record (or update) one vulnerability category of the person."""
    person = person_get(acting_user, person.pk, "people.change_person") if person.pk else person
    vulnerability = Vulnerability.objects.filter(person=person, category=category).first() or Vulnerability(
        person=person, category=category, noted_at=timezone.localdate(), noted_by=acting_user
    )
    vulnerability.disability_type = disability_type
    vulnerability.severity = severity
    vulnerability.full_clean(validate_constraints=False)
    if category != Vulnerability.Category.DISABILITY and (disability_type or severity):
        raise ValidationError({"disability_type": [_("Type and severity apply to a disability only.")]})
    vulnerability.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=person,
        changes={"vulnerability": [None, {"category": category, "type": disability_type, "severity": severity}]},
    )
    return vulnerability


@transaction.atomic
def household_create(*, acting_user: User, commune: Commune, address: str = "", registry_id: str = "") -> Household:
    household = Household(
        commune=commune,
        province_id=commune.province_id,
        region_code=commune.region_id,
        address=address,
        registry_id=registry_id or None,
    )
    household.full_clean()
    household.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=household)
    return household


def _references_to_person() -> list[tuple[Any, str]]:
    """(model, field name) of every foreign key (or one-to-one link, such as a registry member's) to Person
    outside this app's bookkeeping."""
    found = []
    for relation in Person._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one) or relation.related_model in (Person, PersonMerge):
            continue
        found.append((relation.related_model, relation.field.name))
    return found


@transaction.atomic
def person_merge(*, acting_user: User, keep: Person, absorb: Person, reason: str) -> PersonMerge:
    """Merge `absorb` into `keep`: every record pointing at `absorb` (cases, referrals, consents,
    vulnerabilities…) moves to `keep`, identifiers missing on `keep` are taken over, and `absorb`
    is marked as merged. What moved is recorded so that `person_unmerge` restores it exactly.
    """
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why these two records are the same person.")]})
    if keep.pk == absorb.pk:
        raise ValidationError(_("A person cannot be merged into themselves."))
    keep = person_get(acting_user, keep.pk, "people.merge_person")
    absorb = person_get(acting_user, absorb.pk, "people.merge_person")
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, absorb.pk])}
    if len(locked) != 2 or any(p.merged_into_id for p in locked.values()):
        raise ValidationError(_("One of these records was merged meanwhile: reload the page."))
    moved: dict[str, list[str]] = {}
    for model, field_name in _references_to_person():
        label = f"{model._meta.label_lower}.{field_name}"
        for pk in model.objects.filter(**{field_name: absorb}).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model.objects.filter(pk=pk).update(**{field_name: keep})
            except IntegrityError:
                continue  # keep already has its own (e.g. the same vulnerability): the row stays on absorb
            moved.setdefault(label, []).append(str(pk))
    taken: dict[str, str] = {}
    for identifier in ("cin", "civil_register_id", "phone", "birth_date", "first_name_ar", "last_name_ar",
                       "first_name_latin", "last_name_latin", "commune_id"):  # fmt: skip
        if not getattr(keep, identifier) and getattr(absorb, identifier):
            taken[identifier] = str(getattr(absorb, identifier))
    unique_taken = {name: getattr(absorb, name) for name in ("cin", "civil_register_id") if name in taken}
    if unique_taken:
        Person.objects.filter(pk=absorb.pk).update(**dict.fromkeys(unique_taken))
    for identifier in taken:
        setattr(keep, identifier, getattr(absorb, identifier))
    _place(keep)
    _set_keys(keep)
    keep.save()
    Person.objects.filter(pk=absorb.pk).update(merged_into=keep)
    merge = PersonMerge.objects.create(
        kept=keep,
        absorbed=absorb,
        reason=reason.strip(),
        moved=moved,
        identifiers_taken=taken,
        merged_at=timezone.now(),
        merged_by=acting_user,
    )
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=keep,
        changes={"merged": [str(absorb.pk), str(keep.pk)], "moved": moved, "identifiers": sorted(taken)},
    )
    return merge


@transaction.atomic
def person_unmerge(*, acting_user: User, merge: PersonMerge) -> Person:
    """Undo a merge: the absorbed person comes back with exactly the records that had moved."""
    scope.require(acting_user, "people.unmerge_person")
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."))
    keep = Person.objects.select_for_update().get(pk=merge.kept_id)
    absorb = Person.objects.select_for_update().get(pk=merge.absorbed_id)
    if keep.merged_into_id:
        raise ValidationError(_("The kept person was merged again since: undo that merge first."))
    references = {f"{model._meta.label_lower}.{name}": (model, name) for model, name in _references_to_person()}
    for label, keys in merge.moved.items():
        model, field_name = references[label]
        model.objects.filter(pk__in=keys).update(**{field_name: absorb})
    for identifier, _value in merge.identifiers_taken.items():
        setattr(absorb, identifier, getattr(keep, identifier))
        setattr(
            keep, identifier, None if identifier in ("cin", "civil_register_id", "birth_date", "commune_id") else ""
        )
    for person in (keep, absorb):
        _place(person)
        _set_keys(person)
    keep.save()
    absorb.merged_into = None
    absorb.save()
    merge.undone_at = timezone.now()
    merge.undone_by = acting_user
    merge.save(update_fields=["undone_at", "undone_by"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=absorb,
        changes={"unmerged": [str(keep.pk), str(absorb.pk)]},
    )
    return absorb
