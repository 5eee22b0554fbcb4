"""What the protection app holds about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the person's data-subject requests. Activity: an open request is ongoing; an answered one
counts from its answer (retention period `data_request`): no one is anonymized while their request
waits. Retention empties what the person asked and what they were answered; the request's kind and
dates stay, as the record that it was answered in time.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F, Max, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, rows
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy, RetentionRun


def export(person: Any) -> dict[str, Any]:
    """The person's requests."""
    return {"data_requests": rows(DataSubjectRequest.objects.filter(person=person))}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, `now` while a request is open, else the last answer."""
    answered_or_now = models.Case(
        When(status=DataSubjectRequest.Status.OPEN, then=Value(now)),
        default=F("answered_at"),
        output_field=models.DateTimeField(),
    )
    requests = DataSubjectRequest.objects.filter(person__in=persons)
    return requests.values("person_id").annotate(last_activity=Max(answered_or_now))


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Empty what the persons asked and what they were answered."""
    DataSubjectRequest.objects.filter(person__in=person_ids).update(details="", response="")


PROVIDER = PersonalDataProvider(
    name="privacy",
    label=_("Requests about the person's data"),
    models={DataSubjectRequest: Fate.ANONYMIZE},
    record_type="data_request",
    export=export,
    last_activity=last_activity,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.declare_no_personal_data(RetentionPolicy, "a retention period")
    personal_data.declare_no_personal_data(RetentionRun, "a run of the retention job: when, and its counts")
