"""What the referrals hold about a person, for the export and retention (`jisr.core.personal_data`).

Exported inside each case: its referrals with their events. Activity: a referral waiting for or being
given an answer is ongoing; a finished one counts from its last change (retention period
`closed_case_person`, as the case it belongs to). Retention empties the texts and keeps who was sent
where, and what came of it. The sweep `referral_messages` empties the messages of referrals
finished long enough.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F, Max, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case
from jisr.cases.personal_data import SECTION as CASES
from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, RecordSweep, row, rows
from jisr.referrals.models import OPEN_STATUSES, Referral, ReferralEvent

FINISHED = [Referral.Status.COMPLETED, Referral.Status.DECLINED, Referral.Status.CANCELLED]


def within_case(case: Case) -> dict[str, Any]:
    """The case's referrals, each with its events."""
    referrals = case.referrals.all()
    return {"referrals": [{**row(referral), "events": rows(referral.events.all())} for referral in referrals]}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, the last change of a finished referral; `now` while one is open."""
    changed_or_now = models.Case(
        When(status__in=OPEN_STATUSES, then=Value(now)), default=F("updated_at"), output_field=models.DateTimeField()
    )
    return Referral.objects.filter(person__in=persons).values("person_id").annotate(last_activity=Max(changed_or_now))


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Empty the texts of the persons' referrals and of their events."""
    referrals = Referral.objects.filter(person__in=person_ids)
    referrals.update(reason="", message="", feedback="", service_given="")
    ReferralEvent.objects.filter(referral__in=referrals).update(note="")


def _clear_messages(cutoff: datetime.datetime, dry_run: bool) -> int:
    """The messages of referrals finished before `cutoff`, emptied (or counted)."""
    finished = Referral.objects.filter(status__in=FINISHED, updated_at__lt=cutoff)
    with_text = finished.exclude(Q(message="") & Q(feedback=""))
    return with_text.count() if dry_run else with_text.update(message="", feedback="")


PROVIDER = PersonalDataProvider(
    name="referrals",
    label=_("Referrals and what happened to them"),
    models={Referral: Fate.ANONYMIZE, ReferralEvent: Fate.ANONYMIZE},
    record_type="closed_case_person",
    within={CASES: within_case},
    last_activity=last_activity,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.register_sweep(RecordSweep("referral_messages", _clear_messages))
