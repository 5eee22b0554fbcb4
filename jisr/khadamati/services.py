"""Every write on declarations of representation: validated, scoped, audited, atomic (docs/khadamati.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.selectors import is_citizen_account
from jisr.core import audit, scope
from jisr.core.digits import to_ascii_digits
from jisr.core.models import AuditLog
from jisr.khadamati import documents, messages
from jisr.khadamati.models import Representation
from jisr.people.models import Person
from jisr.people.services import CIN_PATTERN, normalize_cin
from jisr.territories.models import Commune

VIEW = "khadamati.view_representation"
VERIFY = "khadamati.verify_representation"
ADULT_AGE = 18
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
REGISTER_NUMBER_MAX = 20
# What the audit entry of a declaration records: the document's key and stored name stay out of it.
AUDITED_FIELDS = ["relation", "first_name", "last_name", "birth_date", "cin", "civil_register_id", "commune",
                  "document_name", "document_type", "document_size", "status"]  # fmt: skip

Errors = dict[str, list[str]]


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _clean_identity(values: dict[str, Any], errors: Errors) -> None:
    for name in ("first_name", "last_name"):
        values[name] = " ".join(str(values.get(name) or "").split())
        if not values[name]:
            errors.setdefault(name, []).append(
                _("Enter the first name.") if name == "first_name" else _("Enter the family name.")
            )
    values["cin"] = normalize_cin(values.get("cin") or "")
    if values["cin"] and not CIN_PATTERN.fullmatch(values["cin"]):
        errors.setdefault("cin", []).append(
            _("Enter a CIN such as A123456 or BE123456: one or two letters, then up to six digits.")
        )
    register = to_ascii_digits(str(values.get("civil_register_id") or "")).replace(" ", "")
    values["civil_register_id"] = register
    if register and not (register.isdigit() and len(register) <= REGISTER_NUMBER_MAX):
        errors.setdefault("civil_register_id", []).append(_("Enter the civil register number: digits only."))
    if not values["cin"] and not register and "cin" not in errors and "civil_register_id" not in errors:
        errors.setdefault("cin", []).append(_("Enter the CIN or the civil register number (at least one)."))


def _clean_birth_date(values: dict[str, Any], errors: Errors) -> None:
    born: datetime.date | None = values.get("birth_date")
    today = timezone.localdate()
    if born is None:
        errors.setdefault("birth_date", []).append(_("Enter the date of birth."))
        return
    if born > today or born < EARLIEST_BIRTH_DATE:
        errors.setdefault("birth_date", []).append(_("Enter a date of birth between 1900 and today."))
        return
    age = _age_on(born, today)
    relation = values.get("relation")
    if relation == Representation.Relation.MINOR_CHILD and age >= ADULT_AGE:
        errors.setdefault("birth_date", []).append(
            _("A child of 18 or more is an adult: choose “an adult under my guardianship” if a judgment names you.")
        )
    if relation == Representation.Relation.ADULT_UNDER_GUARDIANSHIP and age < ADULT_AGE:
        errors.setdefault("birth_date", []).append(_("This person is a minor: choose “my minor child”."))


def _check_not_declared(citizen: User, values: dict[str, Any], errors: Errors) -> None:
    open_ones = Representation.objects.filter(citizen=citizen).exclude(status=Representation.Status.REFUSED)
    if values.get("relation") == Representation.Relation.SELF and open_ones.filter(relation="self").exists():
        errors.setdefault("relation", []).append(_("You have already declared that you act for yourself."))
    same = Q(pk__in=[])
    if values.get("cin"):
        same |= Q(cin=values["cin"])
    if values.get("civil_register_id"):
        same |= Q(civil_register_id=values["civil_register_id"])
    if "cin" not in errors and open_ones.filter(same).exists():
        errors.setdefault("cin", []).append(_("You have already declared this person."))


def representation_declare(
    *,
    acting_user: User,
    relation: str,
    first_name: str,
    last_name: str,
    birth_date: datetime.date | None,
    cin: str = "",
    civil_register_id: str = "",
    commune: Commune,
    document_name: str,
    document_content: bytes,
    declared: bool = True,
) -> Representation:
    """A citizen declares whom they act for, with the supporting document; it waits for the office's check.

    Only a citizen account may declare (404 otherwise); `declared` is the citizen's ticked declaration that the
    information is true. Every problem is reported at once, keyed by field (`document` for the file). The
    document is written encrypted before the row, and deleted again if the row cannot be saved."""
    if not is_citizen_account(acting_user):
        raise Http404
    values: dict[str, Any] = {"relation": relation, "first_name": first_name, "last_name": last_name,
                              "birth_date": birth_date, "cin": cin, "civil_register_id": civil_register_id}  # fmt: skip
    errors: Errors = {}
    if relation not in Representation.Relation.values:
        errors["relation"] = [_("Choose whom you act for.")]
    _clean_identity(values, errors)
    _clean_birth_date(values, errors)
    _check_not_declared(acting_user, values, errors)
    try:
        checked = documents.check_document(document_name, document_content)
    except ValidationError as error:
        errors.setdefault("document", []).extend(error.messages)
    if not declared:
        errors["declaration"] = [_("Tick the box to declare that the information is true.")]
    if errors:
        raise ValidationError(errors)
    stored_name, key = documents.store(document_content)
    try:
        return _save_declaration(acting_user, values, commune, checked, stored_name, key)
    except BaseException:
        documents.delete([stored_name])
        raise


@transaction.atomic
def _save_declaration(
    citizen: User,
    values: dict[str, Any],
    commune: Commune,
    checked: documents.CheckedDocument,
    stored_name: str,
    key: str,
) -> Representation:
    representation = Representation(
        citizen=citizen,
        commune=commune,
        province_id=commune.province_id,
        region_code=commune.region_id,
        document_name=checked.name,
        document_type=checked.mime_type,
        document_size=checked.size,
        document_stored_name=stored_name,
        document_key=key,
        declared_at=timezone.now(),
        **values,
    )
    representation.full_clean()
    representation.save()
    audit.record(
        actor=citizen,
        action=AuditLog.Action.CREATE,
        obj=representation,
        changes=audit.diff({}, audit.snapshot(representation, AUDITED_FIELDS)),
    )
    return representation


def _decide(acting_user: User, representation: Representation) -> tuple[Representation, dict[str, Any]]:
    scope.require(acting_user, VERIFY, representation)
    locked = Representation.objects.select_for_update().select_related("citizen").get(pk=representation.pk)
    if locked.status != Representation.Status.PENDING:
        raise ValidationError(_("This declaration has already been decided."))
    return locked, audit.snapshot(locked, ["status", "decided_by", "decided_at", "refusal_reason", "person"])


def _matching_person(representation: Representation) -> Person | None:
    """The one person of the beneficiary index with the declaration's CIN or register number, if exactly one."""
    condition = Q(pk__in=[])
    if representation.cin:
        condition |= Q(cin=representation.cin)
    if representation.civil_register_id:
        condition |= Q(civil_register_id=representation.civil_register_id)
    matches = list(Person.objects.filter(condition, anonymized_at=None)[:2])
    return matches[0] if len(matches) == 1 else None


def _finish(acting_user: User, representation: Representation, old: dict[str, Any]) -> Representation:
    representation.decided_by = acting_user
    representation.decided_at = timezone.now()
    representation.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason", "person"])
    new = audit.snapshot(representation, ["status", "decided_by", "decided_at", "refusal_reason", "person"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=representation, changes=audit.diff(old, new))
    messages.account_notice(user=representation.citizen)
    return representation


@transaction.atomic
def representation_verify(*, acting_user: User, representation: Representation) -> Representation:
    """The office confirms the link: from now on the citizen may act for the person and see their record.

    Needs khadamati.verify_representation over the person's province (404 otherwise). The declaration is
    linked to the person's record of the beneficiary index when exactly one has its CIN or register number.
    The citizen is told (text message or e-mail) once this commits."""
    representation, old = _decide(acting_user, representation)
    representation.status = Representation.Status.VERIFIED
    representation.person = _matching_person(representation)
    return _finish(acting_user, representation, old)


@transaction.atomic
def representation_refuse(*, acting_user: User, representation: Representation, reason: str) -> Representation:
    """The office refuses the declaration, saying why (the citizen reads the reason and may declare again)."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Say why, in a sentence the citizen will understand.")]})
    representation, old = _decide(acting_user, representation)
    representation.status = Representation.Status.REFUSED
    representation.refusal_reason = reason
    return _finish(acting_user, representation, old)


@transaction.atomic
def representation_document_open(*, acting_user: User, representation: Representation) -> bytes:
    """The document's bytes for its citizen or for the office that may see the declaration; the read is audited.

    404 for anyone else, and when the file is gone."""
    own = representation.citizen_id == acting_user.pk and is_citizen_account(acting_user)
    if not own:
        scope.require(acting_user, VIEW, representation)
    return document_read_audited(
        acting_user, representation, representation.document_stored_name, representation.document_key,
        representation.document_name,
    )  # fmt: skip


def document_read_audited(acting_user: User, obj: Any, stored_name: str, key: str, name: str) -> bytes:
    """A stored document's bytes, the read written to the audit log on `obj`; 404 when the file is gone.
    The caller has checked the reader."""
    if not stored_name:
        raise Http404
    try:
        content = documents.read(stored_name, key)
    except FileNotFoundError as error:
        raise Http404 from error
    audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=obj, changes={"document": name})
    return content
