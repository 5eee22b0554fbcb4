"""How the audit log shows data-subject requests, retention periods and retention runs (`jisr.core.audit_display`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display, scope
from jisr.core.audit_display import AuditedModel, Key, page
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy, RetentionRun
from jisr.privacy.selectors import visible_requests


def _retention_url(obj: Any) -> str:
    return reverse("privacy:retention")


def _policies(user: Any) -> QuerySet[RetentionPolicy]:
    scope.require(user, "privacy.view_retentionpolicy")
    return RetentionPolicy.objects.all()


def _runs(user: Any) -> QuerySet[RetentionRun]:
    scope.require(user, "privacy.view_retentionpolicy")
    return RetentionRun.objects.all()


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=DataSubjectRequest,
            url=page("privacy:request"),
            visible=visible_requests,
            name=lambda request: str(request.get_kind_display()),
            name_is_personal=False,  # the kind of request
            identifiable=lambda request: request.person.anonymized_at is None,
            related=("person",),
        )
    )
    audit_display.register(
        AuditedModel(
            model=RetentionPolicy,
            url=_retention_url,
            visible=_policies,
            name=lambda policy: str(policy.get_record_type_display()),
        )
    )
    # A run's changes count, per retention period, the persons it anonymized or the records it emptied.
    audit_display.register(
        AuditedModel(
            model=RetentionRun,
            url=_retention_url,
            visible=_runs,
            label=_("retention run"),
            name=lambda run: audit_display.local_moment(run.started_at),
            keys={code: Key(label) for code, label in RetentionPolicy.RecordType.choices},
        )
    )
