"""Reads of the protection app, through the user's scope (a request is anchored to the center that received it)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from jisr.core.scope import AnchorFields, scope_filter, user_scope
from jisr.privacy.models import DataSubjectRequest

REQUEST_FIELDS = AnchorFields(region="center__region_code", province="center__province_id", center="center_id")


def visible_requests(user: Any, permission: str = "privacy.view_datasubjectrequest") -> QuerySet[DataSubjectRequest]:
    if not user_scope(user).has_permission_somewhere(permission):
        return DataSubjectRequest.objects.none()
    requests = DataSubjectRequest.objects.select_related("person", "center")
    return scope_filter(requests, user, permission, REQUEST_FIELDS)


def request_get(user: Any, request_id: uuid.UUID | str, permission: str = "privacy.view_datasubjectrequest") -> Any:
    try:
        return visible_requests(user, permission).get(pk=request_id)
    except (DataSubjectRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
