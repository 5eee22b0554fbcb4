"""`/api/v1/notifications`: my notifications, their unread count, marking them read, and my preferences.

A user only ever reaches their own notifications: another user's id answers 404, as a missing one does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.selectors import language_of
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.notifications import selectors, services

router = Router(tags=["notifications"])
MAX_PAGE_SIZE = 100


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    reference: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    unread: bool


class NotificationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[NotificationOut]


class NotificationQuery(Schema):
    unread: bool = False
    page: int = 1
    page_size: int = 25


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    recipients: str
    delivery: str
    default: str


class PreferencesOut(Schema):
    language: str
    kinds: list[PreferenceOut]


class PreferenceIn(Input):
    kind: str
    delivery: str


class PreferencesIn(Input):
    language: str | None = None
    kinds: list[PreferenceIn] = []


@router.get("", response=NotificationPage)
def notification_list(request: AuthenticatedHttpRequest, query: Query[NotificationQuery]) -> dict[str, Any]:
    """My notifications, newest first; `unread=true` for the unread ones only. `url` is the object's page."""
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    page = Paginator(selectors.notifications_of(request.user, unread=query.unread), page_size).get_page(query.page)
    return {"count": page.paginator.count, "page": page.number, "page_size": page_size,
            "results": selectors.shown(page)}  # fmt: skip


@router.get("/unread-count", response=UnreadCountOut)
def unread_count(request: AuthenticatedHttpRequest) -> dict[str, int]:
    """How many of my notifications are unread."""
    return {"unread": selectors.unread_count(request.user)}


@router.post("/read-all", response=MarkedOut)
def read_all(request: AuthenticatedHttpRequest) -> dict[str, int]:
    """Mark all my notifications read; `marked` says how many were unread."""
    return {"marked": services.notifications_mark_all_read(acting_user=request.user)}


@router.post("/{notification_id}/read", response={200: NotificationOut, 404: Message})
def read(request: AuthenticatedHttpRequest, notification_id: int) -> selectors.ShownNotification:
    """Mark one of my notifications read (404 for one that is not mine)."""
    notification = selectors.notification_get(request.user, notification_id)
    services.notification_mark_read(acting_user=request.user, notification=notification)
    return selectors.shown([notification])[0]


def _preferences(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return {"language": language_of(request.user), "kinds": selectors.preferences_of(request.user)}


@router.get("/preferences", response=PreferencesOut)
def preferences(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """My choice per kind (`immediate`, `digest` or `off`; the kind's default where I made none) and the
    language of my e-mails."""
    return _preferences(request)


@router.put("/preferences", response={200: PreferencesOut, 422: Invalid})
def preferences_update(request: AuthenticatedHttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    """Change my choice for the kinds listed (the others keep theirs) and, if given, my e-mails' language."""
    services.preferences_set(acting_user=request.user, deliveries={item.kind: item.delivery for item in payload.kinds},
                             language=payload.language)  # fmt: skip
    return _preferences(request)
