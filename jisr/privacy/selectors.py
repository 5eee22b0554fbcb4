"""Reads of the protection app, through the user's scope (a request is anchored to the center that received
it, a consent is reached through its person)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from jisr.centers.models import Center
from jisr.core import scope
from jisr.core.scope import get_or_404, in_scope, may, user_scope
from jisr.people.models import Consent
from jisr.people.selectors import visible_people
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy, RetentionRun

if TYPE_CHECKING:
    from jisr.accounts.models import User

VIEW_REQUEST = "privacy.view_datasubjectrequest"
REQUEST_STATUSES = ("open", "answered", "refused")


def visible_requests(user: User, permission: str = VIEW_REQUEST) -> QuerySet[DataSubjectRequest]:
    """The requests received at centers where the user holds `permission`."""
    return in_scope(user, permission, DataSubjectRequest.objects.select_related("person", "center"))


def requests_to_list(user: User, status: str) -> QuerySet[DataSubjectRequest]:
    """The visible requests in `status` (all of them for an unknown status), the answer due soonest first."""
    requests = visible_requests(user)
    if status in REQUEST_STATUSES:
        requests = requests.filter(status=status)
    return requests.order_by("due_on", "received_on")


def request_get(user: User, request_id: uuid.UUID | str, permission: str = VIEW_REQUEST) -> DataSubjectRequest:
    """The request, or 404 whether missing or received outside the user's scope."""
    return get_or_404(user, permission, DataSubjectRequest.objects.select_related("person", "center"), pk=request_id)


def may_answer(user: User, request: DataSubjectRequest) -> bool:
    """The center's manager answers (`privacy.change_datasubjectrequest` over the center)."""
    return may(user, "privacy.change_datasubjectrequest", request)


def may_export(user: User, request: DataSubjectRequest) -> bool:
    """Whether the request's page offers the export (`people.export_person_data` over the center)."""
    return may(user, "people.export_person_data", request)


def consent_get(user: User, consent_id: uuid.UUID, permission: str = "people.change_person") -> Consent:
    """The consent of a person the user may see with `permission`, or 404."""
    return scope.one_or_404(Consent.objects.filter(person__in=visible_people(user, permission)), pk=consent_id)


def centers_where(user: User, permission: str) -> QuerySet[Center]:
    """The centers where the user holds `permission` (where a request or a consent may be recorded), by name."""
    return in_scope(user, permission, Center).order_by("name_fr")


def may_view_retention(user: User) -> bool:
    return user_scope(user).has_permission_somewhere("privacy.view_retentionpolicy")


def may_change_retention(user: User) -> bool:
    """National officers change the periods and run the job."""
    return user_scope(user).has_permission_somewhere("privacy.change_retentionpolicy")


def retention_policies() -> list[RetentionPolicy]:
    """Every retention period, by record type."""
    return list(RetentionPolicy.objects.all())


def retention_policy_get(record_type: str | None) -> RetentionPolicy:
    """The period of `record_type`, or 404."""
    return scope.one_or_404(RetentionPolicy, record_type=record_type or "")


def retention_runs(limit: int = 10) -> QuerySet[RetentionRun]:
    """The last runs of the job (dry runs left out), newest first."""
    return RetentionRun.objects.filter(dry_run=False)[:limit]
