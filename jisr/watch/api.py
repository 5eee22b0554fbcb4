"""`/api/v1/strategy/alerts`: the social-watch alerts the caller may see (list with filters, one alert), and
their steps — acknowledge, assign, comment, close — through the same services as the pages (scope checked
there: an alert outside the caller's territory is a 404, a refused step a 422 with its reason)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.watch import labels, selectors, services
from jisr.watch.models import Alert

router = Router(tags=["strategy"])


class AlertOut(Schema):
    id: uuid.UUID
    title: str
    signal: str
    rule: str
    level: str
    territory: str
    region_code: str
    province_code: str
    status: str
    severity: str
    value: float
    reference: float | None
    figures: dict[str, Any]
    raised_at: datetime.datetime
    last_seen_at: datetime.datetime
    closed_at: datetime.datetime | None


class EventOut(Schema):
    kind: str
    at: datetime.datetime
    by: str | None
    note: str


class AlertDetailOut(AlertOut):
    events: list[EventOut]


class AlertPage(Schema):
    count: int
    page: int
    pages: int
    results: list[AlertOut]


class AlertQuery(Schema):
    status: str = ""
    signal: str = ""
    region: str = ""
    page: int = 1


def _out(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk, "title": labels.alert_title(alert), "signal": alert.signal, "rule": alert.rule.name,
        "level": alert.level, "territory": labels.alert_place(alert), "region_code": alert.region_code,
        "province_code": alert.province_code, "status": alert.status, "severity": alert.severity,
        "value": alert.value, "reference": alert.reference, "figures": alert.figures, "raised_at": alert.raised_at,
        "last_seen_at": alert.last_seen_at, "closed_at": alert.closed_at,
    }  # fmt: skip


@router.get("", response=AlertPage, summary="Social-watch alerts in the caller's scope")
def alert_list(request: AuthenticatedHttpRequest, query: Query[AlertQuery]) -> dict[str, Any]:
    selectors.require_alerts(request.user)
    found = selectors.alert_list(request.user, status=query.status, signal=query.signal, region=query.region)
    page = Paginator(found, 50).get_page(query.page)
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "results": [_out(alert) for alert in page]}  # fmt: skip


@router.get("/{alert_id}", response=AlertDetailOut, summary="One social-watch alert with its history")
def alert_detail(request: AuthenticatedHttpRequest, alert_id: uuid.UUID) -> dict[str, Any]:
    alert = selectors.alert_get(request.user, alert_id)
    events = [{"kind": event.kind, "at": event.at, "note": event.note,
               "by": (event.by.get_full_name() or event.by.username) if event.by else None}
              for event in selectors.alert_events(alert)]  # fmt: skip
    return {**_out(alert), "events": events}


class AssignIn(Input):
    assignee: str  # the username of an account of the alert's province or region that may act on alerts


class NoteIn(Input):
    note: str = ""


STEP_RESPONSES: dict[int, type[Schema]] = {200: AlertDetailOut, 404: Message, 422: Invalid}


def _detail(request: AuthenticatedHttpRequest, alert_id: uuid.UUID) -> dict[str, Any]:
    return alert_detail(request, alert_id)


@router.post("/{alert_id}/acknowledge", response=STEP_RESPONSES, summary="Acknowledge an alert")
def alert_acknowledge(request: AuthenticatedHttpRequest, alert_id: uuid.UUID) -> dict[str, Any]:
    services.alert_acknowledge(acting_user=request.user, alert=selectors.alert_get(request.user, alert_id))
    return _detail(request, alert_id)


@router.post("/{alert_id}/assign", response=STEP_RESPONSES, summary="Assign an alert to a coordinator")
def alert_assign(request: AuthenticatedHttpRequest, alert_id: uuid.UUID, payload: AssignIn) -> dict[str, Any]:
    alert = selectors.alert_get(request.user, alert_id)
    assignee = selectors.assignable_user(alert, payload.assignee)
    if assignee is None:
        selectors.require_change(request.user, alert)  # an outsider learns nothing of the territory's accounts
        raise ValidationError({"assignee": [_("Choose someone who may act on alerts in this territory.")]})
    services.alert_assign(acting_user=request.user, alert=alert, assignee=assignee)
    return _detail(request, alert_id)


@router.post("/{alert_id}/comment", response=STEP_RESPONSES, summary="Comment on an alert")
def alert_comment(request: AuthenticatedHttpRequest, alert_id: uuid.UUID, payload: NoteIn) -> dict[str, Any]:
    alert = selectors.alert_get(request.user, alert_id)
    services.alert_comment(acting_user=request.user, alert=alert, note=payload.note)
    return _detail(request, alert_id)


@router.post("/{alert_id}/close", response=STEP_RESPONSES, summary="Close an alert, saying what was done")
def alert_close(request: AuthenticatedHttpRequest, alert_id: uuid.UUID, payload: NoteIn) -> dict[str, Any]:
    alert = selectors.alert_get(request.user, alert_id)
    services.alert_close(acting_user=request.user, alert=alert, note=payload.note)
    return _detail(request, alert_id)
