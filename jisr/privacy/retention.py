"""The retention job: once nothing recent remains about a person, what identifies them goes.

Every person Jisr holds is considered, with a case or without. Each app's personal-data provider
(`jisr.core.personal_data`) answers, for a set of persons and in one query, the date of their latest
activity in that app (an open case, a running enrolment or an open request count as now). How long
that activity stays recent is the `RetentionPolicy` of the provider's record type:

| record type | activity | default |
|---|---|---|
| `registered_person` | the person's record was registered or last corrected | 24 months |
| `closed_case_person` | the last closure of their cases and referrals (none open) | 60 months |
| `training` | the last enrolment or result (none running) | 60 months |
| `registry_member` | the last import of their registry member row or household | 60 months |
| `program_enrolment` | their registry household exited its programs (none ongoing) | 60 months |
| `data_request` | their requests were answered (none open) | 24 months |

A person is due when no provider reports recent activity for them; a policy that is not applied
keeps every person who has such records. Each provider then does what its models' fate says
(anonymize the texts, delete, or keep for the statistics). What stays is what the statistics need:
sex, commune, year of birth, vulnerability categories, the pathway's stages and outcomes, registry
and program data that name no one.

Two record types are swept record by record, whatever the person's other records
(`RecordSweep`s): `listening_notes` (the notes of cases closed long enough) and `referral_messages`
(the messages of referrals finished long enough).

Set-based (no per-row Python loop), persons anonymized in one transaction and each sweep in its own,
idempotent (a second run finds nothing new). The counts of a run: per person record type, how many
anonymized persons held such records; per sweep, how many records were emptied.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jisr.core import audit, personal_data
from jisr.core.dates import add_months
from jisr.core.models import AuditLog
from jisr.core.personal_data import ActivityQuery
from jisr.people.models import Person
from jisr.privacy.models import RetentionPolicy, RetentionRun

if TYPE_CHECKING:
    from jisr.accounts.models import User

Policies = dict[str, RetentionPolicy]
BATCH = 1000


def _cutoff(policy: RetentionPolicy, now: datetime.datetime) -> datetime.datetime:
    return add_months(now, -policy.months)


def _active_policies() -> Policies:
    return {policy.record_type: policy for policy in RetentionPolicy.objects.filter(is_active=True)}


def _recent(
    last_activity: ActivityQuery, policy: RetentionPolicy | None, persons: QuerySet[Person], now: datetime.datetime
) -> QuerySet[Any]:
    """The ids of the persons with recent activity by `last_activity` (any, when its period is not applied)."""
    activity = last_activity(persons, now)
    if policy is not None:
        activity = activity.filter(last_activity__gte=_cutoff(policy, now))
    return activity.values("person_id")


def persons_due(now: datetime.datetime | None = None, policies: Policies | None = None) -> QuerySet[Person]:
    """Persons not yet anonymized for whom no provider reports recent activity."""
    now = now or timezone.now()
    policies = _active_policies() if policies is None else policies
    candidates = Person.objects.filter(anonymized_at=None)
    due = candidates
    for provider in personal_data.providers():
        if provider.last_activity is not None:
            recent = _recent(provider.last_activity, policies.get(provider.record_type), candidates, now)
            due = due.exclude(pk__in=recent)
    return due


def _holders_per_record_type(due: QuerySet[Person], policies: Policies, now: datetime.datetime) -> dict[str, int]:
    """For each applied person record type, how many of the `due` persons hold such records."""
    holders: dict[str, Q] = defaultdict(lambda: Q(pk__in=[]))
    for provider in personal_data.providers():
        if provider.last_activity is not None and provider.record_type in policies:
            holders[provider.record_type] |= Q(pk__in=provider.last_activity(due, now).values("person_id"))
    return {record_type: due.filter(condition).count() for record_type, condition in holders.items()}


def _forget(person_ids: list[Any], now: datetime.datetime) -> None:
    """Every provider forgets the persons, a batch at a time (a bounded number of query parameters)."""
    for start in range(0, len(person_ids), BATCH):
        batch = person_ids[start : start + BATCH]
        for provider in personal_data.providers():
            if provider.forget is not None:
                provider.forget(batch, now)


def retention_apply(
    *, acting_user: User | None = None, dry_run: bool = False, now: datetime.datetime | None = None
) -> RetentionRun:
    """Apply every active retention period; with `dry_run`, only count what would change."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run, started_by=acting_user)
    policies = _active_policies()
    due = persons_due(now, policies)
    counts = _holders_per_record_type(due, policies, now)
    if not dry_run:
        with transaction.atomic():
            _forget(list(due.values_list("pk", flat=True)), now)
    for sweep in personal_data.sweeps():
        policy = policies.get(sweep.record_type)
        if policy is not None:
            with transaction.atomic():
                counts[sweep.record_type] = sweep.sweep(_cutoff(policy, now), dry_run)
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    if not dry_run:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=run, object_repr="retention",
                     changes=counts)  # fmt: skip
    return run
