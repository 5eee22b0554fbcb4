"""Every write of Khadamati's back office (docs/khadamati.md, "Back office"): the instrument's versions, the
disability card. Validated, scoped, audited in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.khadamati import instrument
from jisr.khadamati.models_office import AssessmentInstrument, Card
from jisr.territories.models import Province

CHANGE_INSTRUMENT = "khadamati.change_assessmentinstrument"
ISSUE_CARD = "khadamati.add_card"
WITHDRAW_CARD = "khadamati.change_card"
VIEW_CARD = "khadamati.view_card"


@transaction.atomic
def instrument_save(
    *, acting_user: User, instrument_version: AssessmentInstrument, definition: dict[str, Any], title_ar: str,
    title_fr: str, title_en: str,
) -> AssessmentInstrument:  # fmt: skip
    """Save edits of the instrument: a draft changes in place; a published or retired version is never touched —
    the edits become the next version, as a draft (the assessments made keep the version they used)."""
    scope.require(acting_user, CHANGE_INSTRUMENT)
    instrument.validate_definition(definition)
    titles = {"title_ar": title_ar.strip(), "title_fr": title_fr.strip(), "title_en": title_en.strip()}
    if not all(titles.values()):
        raise ValidationError({"title_ar": [_("Give the title in Arabic, French and English.")]})
    if instrument_version.status == AssessmentInstrument.Status.DRAFT:
        old = audit.snapshot(instrument_version, ["title_ar", "title_fr", "title_en", "definition"])
        for name, value in titles.items():
            setattr(instrument_version, name, value)
        instrument_version.definition = definition
        instrument_version.save(update_fields=[*titles, "definition"])
        new = audit.snapshot(instrument_version, ["title_ar", "title_fr", "title_en", "definition"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=instrument_version,
                     changes=audit.diff(old, new))  # fmt: skip
        return instrument_version
    latest = (
        AssessmentInstrument.objects.select_for_update()
        .filter(code=instrument_version.code)
        .order_by("-version")
        .first()
    )
    draft = AssessmentInstrument.objects.create(
        code=instrument_version.code,
        version=(latest.version if latest else 0) + 1,
        definition=definition,
        created_by=acting_user,
        **titles,
    )
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=draft)
    return draft


@transaction.atomic
def instrument_publish(*, acting_user: User, instrument_version: AssessmentInstrument) -> AssessmentInstrument:
    """Publish a draft; the version published before it is retired (its assessments keep it)."""
    scope.require(acting_user, CHANGE_INSTRUMENT)
    locked = AssessmentInstrument.objects.select_for_update().get(pk=instrument_version.pk)
    if locked.status != AssessmentInstrument.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    AssessmentInstrument.objects.filter(code=locked.code, status=AssessmentInstrument.Status.PUBLISHED).update(
        status=AssessmentInstrument.Status.RETIRED
    )
    locked.status = AssessmentInstrument.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=locked,
                 changes={"status": ["draft", "published"]})  # fmt: skip
    return locked


def card_valid_until(valid_from: datetime.date) -> datetime.date:
    """The last day of validity: JISR_KHADAMATI_CARD_VALIDITY_YEARS after `valid_from`, the day before (a card
    from 1 March 2026 is valid until 28 February 2033; from 29 February, until 28 February)."""
    years = int(settings.JISR_KHADAMATI_CARD_VALIDITY_YEARS)
    try:
        anniversary = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 29 February, and the anniversary year is not a leap year
        anniversary = valid_from.replace(year=valid_from.year + years, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def _card_number(province: Province, year: int) -> str:
    """The next number of the province and year ("09001-2026-000042"); the province row is locked meanwhile,
    so two cards issued at once never get the same number."""
    Province.objects.select_for_update().filter(pk=province.pk).first()
    prefix = f"{province.code.replace('.', '')}-{year}-"
    issued = Card.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{issued + 1:06d}"


def card_create(
    *, acting_user: User, province: Province, holder: dict[str, Any], person: Any = None,
    valid_from: datetime.date | None = None, valid_until: datetime.date | None = None,
) -> Card:  # fmt: skip
    """Issue a card to `holder` (first_name, last_name, birth_date, cin, civil_register_id) in `province`.

    The caller holds the transaction and has checked the permission over the request; an active card of the
    same holder (the same person record, CIN or register number) is marked `replaced` by this one.
    """
    today = timezone.localdate()
    valid_from = valid_from or today
    valid_until = valid_until or card_valid_until(valid_from)
    if valid_until <= valid_from:
        raise ValidationError({"valid_until": [_("The end of validity must come after its start.")]})
    previous = _active_card_of(person, holder)
    card = Card(
        number=_card_number(province, valid_from.year),
        person=person,
        holder_first_name=holder["first_name"],
        holder_last_name=holder["last_name"],
        holder_birth_date=holder["birth_date"],
        holder_cin=holder.get("cin") or "",
        holder_civil_register_id=holder.get("civil_register_id") or "",
        province=province,
        region_code=province.region_id,
        valid_from=valid_from,
        valid_until=valid_until,
        replaces=previous,
        issued_by=acting_user,
        issued_at=timezone.now(),
    )
    card.full_clean(exclude=["replaces"])
    if previous is not None:
        previous.status = Card.Status.REPLACED
        previous.save(update_fields=["status"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=previous,
                     changes={"status": [Card.Status.ACTIVE, Card.Status.REPLACED]})  # fmt: skip
    card.save()
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=card,
                 changes={"number": [None, card.number], "valid_until": [None, str(valid_until)]})  # fmt: skip
    return card


def _active_card_of(person: Any, holder: dict[str, Any]) -> Card | None:
    from django.db.models import Q

    match = Q(pk__in=[])
    if person is not None:
        match |= Q(person=person)
    if holder.get("cin"):
        match |= Q(holder_cin=holder["cin"])
    if holder.get("civil_register_id"):
        match |= Q(holder_civil_register_id=holder["civil_register_id"])
    return Card.objects.select_for_update().filter(match, status=Card.Status.ACTIVE).first()


@transaction.atomic
def card_withdraw(*, acting_user: User, card: Card, reason: str) -> Card:
    """Withdraw an active card (a decision annulled, a card issued in error); its page then says "not valid"."""
    scope.require(acting_user, WITHDRAW_CARD, card)
    reason = " ".join(reason.split())
    if len(reason) < 10:  # noqa: PLR2004 — a sentence, not a word
        raise ValidationError({"reason": [_("Give the reason in a sentence.")]})
    locked = Card.objects.select_for_update().get(pk=card.pk)
    if locked.status != Card.Status.ACTIVE:
        raise ValidationError(_("Only an active card can be withdrawn."))
    locked.status = Card.Status.WITHDRAWN
    locked.withdrawn_reason = reason
    locked.save(update_fields=["status", "withdrawn_reason"])
    changes = {"status": [Card.Status.ACTIVE, Card.Status.WITHDRAWN], "withdrawn_reason": [None, reason]}
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=locked, changes=changes)
    return locked


@transaction.atomic
def card_downloaded(*, acting_user: User, card: Card) -> None:
    """Record that `acting_user` downloaded the card's PDF (it names the holder)."""
    scope.require(acting_user, VIEW_CARD, card)
    audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=card)
