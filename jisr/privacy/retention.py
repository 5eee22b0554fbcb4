"""The retention job: once a record's retention period is over, what identifies the person goes.

Set-based updates (no per-row Python loop), one transaction per policy, idempotent (a second run
finds nothing new). What stays is what the statistics need: sex, commune, year of birth,
vulnerability categories, the pathway's stages and outcomes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import TruncYear
from django.utils import timezone

from jisr.cases.models import Case, ListeningRecord
from jisr.core import audit
from jisr.core.dates import add_months
from jisr.core.models import AuditLog
from jisr.people.models import Consent, Person
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy, RetentionRun
from jisr.referrals.models import Referral

Type = RetentionPolicy.RecordType
FINISHED_REFERRALS = [Referral.Status.COMPLETED, Referral.Status.DECLINED, Referral.Status.CANCELLED]


def _cutoff(policy: RetentionPolicy, now: datetime.datetime) -> datetime.datetime:
    return add_months(now, -policy.months)


def persons_due(cutoff: datetime.datetime) -> Any:
    """Persons not yet anonymized whose cases are all closed, the last one before `cutoff`."""
    open_case = Case.objects.filter(person=OuterRef("pk")).exclude(status=Case.Status.CLOSED)
    return (
        Person.objects.filter(anonymized_at=None, cases__isnull=False)
        .annotate(last_closed=Max("cases__closed_at"))
        .filter(~Exists(open_case), last_closed__lt=cutoff)
    )


def _anonymize_persons(cutoff: datetime.datetime, now: datetime.datetime) -> int:
    ids = list(persons_due(cutoff).values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        batch = ids[start : start + 1000]
        Person.objects.filter(pk__in=batch).update(
            first_name_ar="", last_name_ar="", first_name_latin="", last_name_latin="",
            name_ar_key="", name_latin_key="", name_phonetic_key="", name_phonetic_key_reversed="",
            cin=None, civil_register_id=None, phone="", address="",
            birth_date=TruncYear("birth_date"), birth_date_is_estimated=True, anonymized_at=now,
        )  # fmt: skip
        ListeningRecord.objects.filter(case__person__in=batch).update(notes="")
        Referral.objects.filter(person__in=batch).update(reason="", message="", feedback="", service_given="")
        Consent.objects.filter(person__in=batch).update(note="")
        DataSubjectRequest.objects.filter(person__in=batch).update(details="", response="")
    return len(ids)


def _clear_listening_notes(cutoff: datetime.datetime) -> int:
    closed_long_ago = Case.objects.filter(status=Case.Status.CLOSED, closed_at__lt=cutoff)
    return ListeningRecord.objects.filter(case__in=closed_long_ago).exclude(notes="").update(notes="")


def _clear_referral_messages(cutoff: datetime.datetime) -> int:
    finished = Referral.objects.filter(status__in=FINISHED_REFERRALS, updated_at__lt=cutoff)
    return finished.exclude(Q(message="") & Q(feedback="")).update(message="", feedback="")


def _count(policy: RetentionPolicy, cutoff: datetime.datetime) -> int:
    if policy.record_type == Type.CLOSED_CASE_PERSON:
        return persons_due(cutoff).count()
    if policy.record_type == Type.LISTENING_NOTES:
        closed = Case.objects.filter(status=Case.Status.CLOSED, closed_at__lt=cutoff)
        return ListeningRecord.objects.filter(case__in=closed).exclude(notes="").count()
    finished = Referral.objects.filter(status__in=FINISHED_REFERRALS, updated_at__lt=cutoff)
    return finished.exclude(Q(message="") & Q(feedback="")).count()


def retention_apply(
    *, acting_user: Any = None, dry_run: bool = False, now: datetime.datetime | None = None
) -> RetentionRun:
    """Apply every active retention period; with `dry_run`, only count what would change."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run, started_by=acting_user)
    counts: dict[str, int] = {}
    for policy in RetentionPolicy.objects.filter(is_active=True):
        cutoff = _cutoff(policy, now)
        if dry_run:
            counts[policy.record_type] = _count(policy, cutoff)
            continue
        with transaction.atomic():
            if policy.record_type == Type.CLOSED_CASE_PERSON:
                counts[policy.record_type] = _anonymize_persons(cutoff, now)
            elif policy.record_type == Type.LISTENING_NOTES:
                counts[policy.record_type] = _clear_listening_notes(cutoff)
            else:
                counts[policy.record_type] = _clear_referral_messages(cutoff)
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    if not dry_run:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=run, object_repr="retention",
                     changes=counts)  # fmt: skip
    return run
