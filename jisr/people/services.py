"""Every write to the beneficiary index (DESIGN.md convention 1): validated, scoped, audited, atomic."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
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
from jisr.territories import selectors as territories
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
EDITABLE_FIELDS = frozenset(IDENTITY_FIELDS) | {"approximate_age", "commune_code"}
MAX_AGE = 120
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
# A Moroccan CIN: one or two letters, then up to six digits (A123456, BE123456).
CIN_PATTERN = re.compile(r"[A-Z]{1,2}[0-9]{1,6}")
# A Moroccan number in international form (mobile 06/07, fixed 05, 08 services), or a foreign one
# in E.164 form: a person followed here may only have the number of the country they came from.
MOROCCAN_PHONE = re.compile(r"\+212[5-8][0-9]{8}")
FOREIGN_PHONE = re.compile(r"\+(?!212)[1-9][0-9]{7,14}")
NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")

Errors = dict[str, list[str]]


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


def add_error(errors: Errors, field_name: str, message: str) -> None:
    errors.setdefault(field_name, []).append(message)


def _clean_birth_date(values: dict[str, Any], errors: Errors) -> None:
    raw = values.get("birth_date")
    if isinstance(raw, str):
        text = to_ascii_digits(raw).strip()
        try:
            values["birth_date"] = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            add_error(errors, "birth_date", _("Enter a date such as 1990-05-31."))
            return
    age = values.pop("approximate_age", None)
    if age not in (None, ""):
        try:
            age = int(to_ascii_digits(str(age)).strip())
        except ValueError:
            age = -1
        if not 0 <= age <= MAX_AGE:
            add_error(errors, "approximate_age", _("Enter an age between 0 and %(max)d years.") % {"max": MAX_AGE})
        elif values.get("birth_date"):
            add_error(errors, "approximate_age", _("Give either the date of birth or an approximate age, not both."))
        else:
            values["birth_date"] = estimated_birth_date(age)
            values["birth_date_is_estimated"] = True
    elif values.get("birth_date"):
        values["birth_date_is_estimated"] = False
        birth_date = values["birth_date"]
        if birth_date > timezone.localdate():
            add_error(errors, "birth_date", _("The date of birth is in the future."))
        elif birth_date < EARLIEST_BIRTH_DATE:
            add_error(errors, "birth_date", _("The date of birth is before 1900: check the year."))


def _clean_commune(values: dict[str, Any], errors: Errors) -> None:
    """A commune typed as its HCP code (forms and the API) becomes the commune, or a field error."""
    if "commune_code" not in values:
        return
    code = to_ascii_digits(str(values.pop("commune_code") or "")).strip()
    values["commune"] = territories.commune_by_code(code) if code else None
    if code and values["commune"] is None:
        add_error(errors, "commune_code", _("No commune has this code."))


def clean_identity_into(values: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """Normalize what was typed and put every problem found in `errors` (never stopping at the first):
    the fields in error are left out of what is returned."""
    for name in (*NAME_FIELDS, "address"):
        if name in values:
            values[name] = " ".join(str(values[name] or "").split())
    if "cin" in values:
        values["cin"] = normalize_cin(values["cin"]) or None
        if values["cin"] and not CIN_PATTERN.fullmatch(values["cin"]):
            message = _("Enter a CIN such as A123456 or BE123456: one or two letters, then up to six digits.")
            add_error(errors, "cin", message)
    if "civil_register_id" in values:
        values["civil_register_id"] = to_ascii_digits(str(values["civil_register_id"] or "")).strip() or None
    if "phone" in values:
        values["phone"] = normalize_phone(values["phone"])
        phone = values["phone"]
        if phone and not (MOROCCAN_PHONE.fullmatch(phone) or FOREIGN_PHONE.fullmatch(phone)):
            add_error(errors, "phone", _("Enter a phone number such as 06 12 34 56 78 or +212 6 12 34 56 78."))
    _clean_birth_date(values, errors)
    _clean_commune(values, errors)
    if values.get("sex") and values["sex"] not in Person.Sex.values:
        add_error(errors, "sex", _("Choose the sex."))
    return {name: value for name, value in values.items() if name not in errors}


def clean_identity(values: dict[str, Any]) -> dict[str, Any]:
    """Normalize what was typed (digits, CIN, phone, age, commune code) and check what no model
    validator sees; every error at once, as one ValidationError keyed by field."""
    errors: Errors = {}
    cleaned = clean_identity_into(dict(values), errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_names(person: Person, errors: Errors) -> None:
    has_first = bool(person.first_name_ar or person.first_name_latin)
    has_last = bool(person.last_name_ar or person.last_name_latin)
    if not (has_first and has_last):
        add_error(errors, "first_name_ar", _("Enter the first name and the family name, in Arabic or in Latin script."))


def full_clean_into(person: Person, errors: Errors, *, validate_unique: bool = True) -> None:
    """The model's own checks on the fields not already in error, added to `errors`."""
    try:
        person.full_clean(exclude=[*errors, "commune_code"], validate_unique=validate_unique)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                if message not in errors.get(field_name, []):
                    add_error(errors, field_name, message)


def place(person: Person) -> None:
    commune: Commune | None = person.commune
    person.province_id = commune.province_id if commune else None
    person.region_code = commune.region_id if commune else ""


def set_keys(person: Person) -> None:
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


def refuse_unknown(fields: Iterable[str]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


def _new_person(*, sex: str, identity: dict[str, Any], errors: Errors, **extra: Any) -> Person:
    """An unsaved person from what was typed, every problem found put in `errors`."""
    values = clean_identity_into({**identity, "sex": sex}, errors)
    if not sex:
        add_error(errors, "sex", _("Choose the sex."))
    person = Person(**values, **extra)
    check_names(person, errors)
    place(person)
    set_keys(person)
    full_clean_into(person, errors, validate_unique=False)
    return person


def person_check(*, sex: str = "", **identity: Any) -> None:
    """Every error of an intake at once, writing nothing: for a form whose other fields could not
    even be read (a center not chosen), so that the worker sees all that is wrong in one go."""
    identity.pop("vulnerabilities", None)
    refuse_unknown(identity)
    errors: Errors = {}
    _new_person(sex=sex, identity=identity, errors=errors)
    if errors:
        raise ValidationError(errors)


def pending_candidates(candidates: list[Candidate], set_aside: Iterable[Any]) -> list[Candidate]:
    """The candidates the worker has not set aside (by id, as `confirmed_not_duplicate_of` carries them)."""
    confirmed = {str(value) for value in set_aside}
    return [candidate for candidate in candidates if str(candidate.person.pk) not in confirmed]


@transaction.atomic
def person_create(
    *,
    acting_user: User,
    center: Center,
    sex: str = "",
    confirmed_not_duplicate_of: Iterable[Any] = (),
    vulnerabilities: Iterable[str] = (),
    **identity: Any,
) -> Person:
    """Register a person at `center` after the duplicate check.

    Every error of what was typed is reported at once (one ValidationError keyed by field): names,
    sex, CIN (one or two letters then digits), phone (Moroccan, or foreign in +… form), date of
    birth (not in the future, not before 1900) or approximate age, commune (a `Commune` or its HCP
    code as `commune_code`). Then raises DuplicatesFound when plausible candidates exist that the
    worker has not set aside (`confirmed_not_duplicate_of` = their ids, all of them at once when the
    worker answers "none of these is the person"); the decision is recorded in the creation's audit
    entry. Identity: first/last names in either script, birth_date or approximate_age, cin,
    civil_register_id, phone, commune or commune_code, address, household, relation_to_head.
    """
    scope.require(acting_user, "people.add_person", center)
    refuse_unknown(identity)
    errors: Errors = {}
    person = _new_person(sex=sex, identity=identity, errors=errors, registered_at=center, created_by=acting_user)
    if errors:
        raise ValidationError(errors)
    candidates = duplicate_candidates(acting_user, identity_of(person))
    pending = pending_candidates(candidates, confirmed_not_duplicate_of)
    if pending:
        raise DuplicatesFound(pending)
    person.validate_unique()
    person.save()
    for category in vulnerabilities:
        vulnerability_set(acting_user=acting_user, person=person, category=category)
    set_aside = sorted(str(candidate.person.pk) for candidate in candidates)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=person,
        changes={"registered_at": str(center.pk), "set_aside_candidates": set_aside},
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


# What else must follow when records move from one person to another (a merge or its undoing): each
# follower is called inside the transaction with the ids of the two persons, after the records moved.
# An app built on people registers one in its AppConfig.ready() (the cases app recomputes whether each
# case is held at its person's registering center), so people imports no such app.
MergeFollower = Callable[[list[Any]], None]
_merge_followers: list[MergeFollower] = []


def register_merge_follower(follower: MergeFollower) -> None:
    if follower not in _merge_followers:
        _merge_followers.append(follower)


def _follow_merge(*people: Person) -> None:
    for follower in _merge_followers:
        follower([person.pk for person in people])


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
    place(keep)
    set_keys(keep)
    keep.save()
    Person.objects.filter(pk=absorb.pk).update(merged_into=keep)
    _follow_merge(keep, absorb)
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
        place(person)
        set_keys(person)
    keep.save()
    absorb.merged_into = None
    absorb.save()
    _follow_merge(keep, absorb)
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
