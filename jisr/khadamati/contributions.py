"""What Khadamati adds to core's registries (docs/architecture.md, "Providers, not imports"): the person's timeline
(the events of their requests, for the office of the request's province), the work due now (the requests waiting
at the steps the reader acts on, for the home's "To do") and the count next to "Khadamati" in the menu."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core import scope
from jisr.core.timeline import TimelineEntry
from jisr.core.worklist import WorkItem, WorkSection
from jisr.khadamati import selectors_office, selectors_requests
from jisr.khadamati.models import Request, RequestEvent


def timeline_entries(user: object, person: Any) -> Iterable[TimelineEntry]:
    """The events of the person's requests that the reader's office may see (no note: a decision's reasons or a
    refusal may speak of health; the request's page shows them to who may read it)."""
    requests = selectors_requests.office_requests(user).filter(person=person)
    events = RequestEvent.objects.filter(request__in=requests).select_related("request__request_type")
    for event in events.order_by("at", "id"):
        text = selectors_requests.EVENT_TEXTS.get(event.kind, event.kind)
        yield TimelineEntry(
            when=event.at,
            kind=f"khadamati.{event.kind}",
            title=_("Khadamati, %(type)s: %(event)s")
            % {"type": event.request.request_type.name, "event": str(text).rstrip(":")},
            detail=event.request.reference,
            url=reverse("khadamati:office_request", args=[event.request_id]),
            place=_("Provincial office"),
        )


def waiting_for(user: object) -> QuerySet[Request]:
    """The requests of the reader's provinces waiting at a step the reader acts on (its permission over the
    request's province), oldest arrival first."""
    at_my_steps = Q(pk__in=[])
    for step in selectors_office.STEPS:
        acting = scope.in_scope(user, step.acts, Request).filter(status__in=step.statuses).values("pk")
        at_my_steps |= Q(pk__in=acting)
    return selectors_requests.office_requests(user).filter(at_my_steps).order_by("status_changed_at", "pk")


def _acts_somewhere(user: object) -> bool:
    held = scope.user_scope(user)
    return any(held.has_permission_somewhere(step.acts) for step in selectors_office.STEPS)


def _item(request: Request) -> WorkItem:
    now = timezone.now()
    return WorkItem(
        kind="khadamati.request",
        title=_("%(reference)s: %(status)s") % {"reference": request.reference, "status": request.get_status_display()},
        due=timezone.localdate(request.due_at) if request.due_at else None,
        url=reverse("khadamati:office_request", args=[request.pk]),
        overdue=request.due_at is not None and request.due_at < now,
        person_name=request.person_name,
        detail=request.request_type.name,
    )


def work_items(user: object) -> Iterable[WorkItem]:
    """The full work list: the requests waiting at my steps (at most 200)."""
    if not _acts_somewhere(user):
        return []
    return [_item(request) for request in waiting_for(user)[:200]]


def menu_count(user: object) -> int:
    """Next to "Khadamati" in the menu: the requests waiting at the reader's steps (one query)."""
    if not _acts_somewhere(user):
        return 0
    return waiting_for(user).count()


SECTION = WorkSection(
    name="khadamati.requests",
    title=gettext_lazy("Khadamati requests waiting at your steps"),
    applies=_acts_somewhere,
    items=lambda user, limit: [_item(request) for request in waiting_for(user)[:limit]],
    count=lambda user: waiting_for(user).count(),
    order=60,
    more_url=lambda: reverse("khadamati:office_queues"),
)


def register() -> None:
    """Fill core's registries (called from the AppConfig)."""
    from jisr.core import menu_counts, timeline, worklist

    timeline.register_provider(timeline_entries)
    worklist.register_provider(work_items)
    worklist.register_section(SECTION)
    menu_counts.register_counter("khadamati", menu_count)
