"""The kinds of notification, each registered by the app that owns its event (the provider pattern of core).

An app declares its kinds in its own `notifications.py` and registers them in its AppConfig.ready():

    register_kinds(NotificationKind(
        code="cases.case_assigned",
        label=_("A case is assigned to me"),                 # the preferences page
        title=_("A case was assigned to you."),              # the sentence of the list and the e-mail
        recipients=_("the social worker the case is given to"),
        link=page("cases:detail"),                           # the object's page, from its primary key
        may_see=seen_with("cases.view_case"),                # scope.may(user, "cases.view_case", case)
    ))

and calls `jisr.notifications.services.notify(kind=..., obj=..., recipients=...)` from its services. The
title is one generic sentence: it is what the e-mail says, so it never names a person, quotes a note or
hints at a vulnerability. `may_see` is asked for every recipient before anything is written: nobody is
told about an object they may not open (the page checks again when the link is followed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from jisr.core import scope
from jisr.notifications.models import Delivery


@dataclass(frozen=True)
class NotificationKind:
    code: str  # stable, "app.event"
    label: str | Promise  # what the kind is about, on the preferences page
    title: str | Promise  # the generic sentence shown in the list and sent by e-mail
    recipients: str | Promise  # who is told, on the preferences page and in the docs
    link: Callable[[str], str]  # the object's primary key → the path of its page
    may_see: Callable[[Any, Any], bool]  # (user, object) → whether the user may open the object
    default: str = Delivery.IMMEDIATE
    order: int = 100
    # Shown on a user's preferences page only if they hold this permission somewhere (those who may be told).
    offered_with: str = ""

    def offered_to(self, user: Any) -> bool:
        return not self.offered_with or scope.user_scope(user).has_permission_somewhere(self.offered_with)

    def __post_init__(self) -> None:
        if self.default not in Delivery.values:
            raise ValueError(f"{self.code}: unknown default delivery {self.default!r}")


_kinds: dict[str, NotificationKind] = {}


def register_kinds(*kinds: NotificationKind) -> None:
    """Add (or replace, by code) kinds of notification."""
    for kind in kinds:
        _kinds[kind.code] = kind


def page(url_name: str) -> Callable[[str], str]:
    """The link of a kind whose object has a page named `url_name` taking the object's primary key."""
    return lambda object_id: reverse(url_name, args=[object_id])


def seen_with(permission: str, *, anchor: str = scope.DEFAULT) -> Callable[[Any, Any], bool]:
    """The `may_see` of a kind whose object a user may open with `permission` over its anchor."""
    return lambda user, obj: scope.may(user, permission, obj, anchor=anchor)


def kind_of(code: str) -> NotificationKind | None:
    """The registered kind, or None (a kind whose app is gone: its rows are shown with a generic title)."""
    return _kinds.get(code)


def registered_kinds() -> list[NotificationKind]:
    """Every kind, in the order of the preferences page."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.code))
