"""A social worker's work, assembled from every app (due follow-ups, referral answers, plans returned…).

Two registries, filled by the apps in their AppConfig.ready():

- `register_provider(fn)` where `fn(user) -> Iterable[WorkItem]` returns the items assigned to or awaiting
  `user`, within scope: the full work list of `/cases/my-work/` (what is due in the next two weeks too).
- `register_section(WorkSection(...))`: one kind of work that is due *now* (the listening interviews to
  hold, the follow-ups due today or overdue, the referral answers to read…), with its items and its count.
  The home page lists the sections that have items ("To do"). The app counts the same items next to
  its menu entry (`jisr.core.menu_counts`), in one query for all its sections.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

WorkProvider = Callable[[Any], Iterable["WorkItem"]]

_providers: list[WorkProvider] = []


@dataclass(frozen=True)
class WorkItem:
    kind: str  # stable machine name, e.g. "followup.due", "referral.waiting"
    title: str  # translated
    due: datetime.date | None
    url: str  # the exact place to act: the listening form, the diagnosis, the follow-up, the referral…
    overdue: bool = False
    person_name: str = ""
    detail: str = ""  # a line more: the manager's note on a returned plan, the partner's answer…


def register_provider(provider: WorkProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def worklist_for(user: Any) -> list[WorkItem]:
    """The user's items, overdue first, then by due date (undated last)."""
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda item: (not item.overdue, item.due or datetime.date.max))


# The items a home section lists; past it, the section says how many there are and links to all of them.
SECTION_LIMIT = 25


@dataclass(frozen=True)
class WorkSection:
    """One kind of work due now, for the home page.

    `applies(user)`: whether this kind of work is the user's at all (a permission held somewhere);
    `items(user, limit)`: the first `limit` items, most urgent first; `count(user)`: how many in all
    (a COUNT query over the same selector, run when the home cuts the list); `more_url`: where the
    full list is (shown when there are more than the home lists)."""

    name: str  # stable and unique, e.g. "cases.listening"
    title: Any  # a lazy translation
    applies: Callable[[Any], bool]
    items: Callable[[Any, int], list[WorkItem]]
    count: Callable[[Any], int]
    order: int = 100
    more_url: Callable[[], str] = field(default=lambda: "")


@dataclass(frozen=True)
class ShownSection:
    name: str
    title: str
    items: list[WorkItem]
    count: int
    more_url: str


_sections: dict[str, WorkSection] = {}


def register_section(section: WorkSection) -> None:
    """Add (or replace, by name) a section of due work."""
    _sections[section.name] = section


def due_work(user: Any) -> list[ShownSection] | None:
    """The sections that apply to the user, each with its first items and its count, in order; None when
    no section applies (the user has no work of these kinds: no "To do" panel at all)."""
    applicable = [s for s in sorted(_sections.values(), key=lambda s: s.order) if s.applies(user)]
    if not applicable:
        return None
    shown = []
    for section in applicable:
        items = section.items(user, SECTION_LIMIT)
        count = len(items) if len(items) < SECTION_LIMIT else section.count(user)  # counted only when cut
        shown.append(ShownSection(section.name, str(section.title), items, count, section.more_url()))
    return shown


def due_work_panel_context(user: Any) -> Mapping[str, Any] | None:
    """The "To do" panel: the sections with items, or its empty state; None when no section applies."""
    sections = due_work(user)
    if sections is None:
        return None
    return {"sections": [section for section in sections if section.count], "total": sum(s.count for s in sections)}
