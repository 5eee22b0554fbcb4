"""Every read of Khadamati's back office, already limited to the reader (`jisr.core.scope`), and the public
verification of a card (docs/khadamati.md, "The card and its verification")."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from jisr.core import scope
from jisr.khadamati.models_office import AssessmentInstrument, Card

VIEW_CARD = "khadamati.view_card"
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def published_instrument(code: str) -> AssessmentInstrument:
    """The published version of an instrument (reference data: no scope); 404 when none is published."""
    found = AssessmentInstrument.objects.filter(code=code, status=AssessmentInstrument.Status.PUBLISHED).first()
    if found is None:
        raise Http404
    return found


def instrument_versions(code: str) -> QuerySet[AssessmentInstrument]:
    return AssessmentInstrument.objects.filter(code=code).order_by("-version")


@dataclass(frozen=True)
class CardCheck:
    """What the public verification page may say of a card: valid or not, until when, the initials."""

    valid: bool
    valid_until: datetime.date | None
    initials: str


def card_check(code: str) -> CardCheck | None:
    """The verification of the card whose code is `code`, or None for an unknown (or malformed) code.

    A card is valid while active and within its dates; a replaced, withdrawn, expired or not yet valid card
    is "not valid" and its date is not given. Nothing else is said: neither the name nor the disability."""
    if not CODE_PATTERN.fullmatch(code or ""):
        return None
    card = (
        Card.objects.filter(verification_code=code)
        .only("status", "valid_from", "valid_until", "holder_first_name", "holder_last_name")
        .first()
    )
    if card is None:
        return None
    today = timezone.localdate()
    valid = card.status == Card.Status.ACTIVE and card.valid_from <= today <= card.valid_until
    return CardCheck(valid=valid, valid_until=card.valid_until if valid else None, initials=card.initials)


def card_get(user: Any, card_id: uuid.UUID | str) -> Card:
    """One card for the office of its province, or 404."""
    return scope.get_or_404(user, VIEW_CARD, Card.objects.select_related("province"), pk=card_id)
