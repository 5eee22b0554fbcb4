"""What Khadamati's back office holds about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the person's disability cards (without the verification code), and for the requests made for them the
medical committee's record (decrypted: the person has the right to read it), the convocations and the social
assessments with their scores. Retention: once the person is due, all of it is deleted (the cards too: a card of
a person whose record is forgotten can no longer be verified). The records of a request are deleted with it
(the requests' own retention, refused and withdrawn files included); a card keeps its holder's identity and loses
only its link to the request.

The instrument's versions hold no personal data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, rows
from jisr.khadamati.models_office import (
    AssessmentInstrument,
    Card,
    CaseLink,
    Convocation,
    MedicalReview,
    SocialAssessment,
)


def _cards_of(person: Any) -> Q:
    condition = Q(person=person)
    if getattr(person, "cin", None):
        condition |= Q(holder_cin=person.cin)
    if getattr(person, "civil_register_id", None):
        condition |= Q(holder_civil_register_id=person.civil_register_id)
    return condition


def _requests_of(person: Any) -> Q:
    condition = Q(request__person=person)
    if getattr(person, "cin", None):
        condition |= Q(request__cin=person.cin)
    if getattr(person, "civil_register_id", None):
        condition |= Q(request__civil_register_id=person.civil_register_id)
    return condition


def export(person: Any) -> dict[str, Any]:
    of_requests = _requests_of(person)
    return {
        "khadamati_cards": rows(
            Card.objects.filter(_cards_of(person)).order_by("issued_at"), leave_out=("verification_code",)
        ),
        "khadamati_medical_reviews": rows(MedicalReview.objects.filter(of_requests).order_by("reviewed_at")),
        "khadamati_convocations": rows(Convocation.objects.filter(of_requests).order_by("scheduled_at")),
        "khadamati_social_assessments": rows(SocialAssessment.objects.filter(of_requests).order_by("assessed_at")),
    }


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Delete the persons' cards and the back office's records of the requests made for them."""
    for model in (MedicalReview, Convocation, SocialAssessment):
        model.objects.filter(request__person__in=person_ids).delete()
    Card.objects.filter(person__in=person_ids).delete()


PROVIDER = PersonalDataProvider(
    name="khadamati_office",
    label=_("Khadamati: cards, medical and social assessments"),
    models={Card: Fate.DELETE, MedicalReview: Fate.DELETE, Convocation: Fate.DELETE, SocialAssessment: Fate.DELETE},
    export=export,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.declare_no_personal_data(
        CaseLink, "a link between a request and a case, both exported and forgotten with the person by their apps"
    )
    personal_data.declare_no_personal_data(
        AssessmentInstrument, "a version of the social assessment instrument: items and scale, no person"
    )
