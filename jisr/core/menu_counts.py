"""The number next to an entry of the main menu: how many items wait there for the signed-in user.

An app registers a counter for a menu entry in its AppConfig.ready(): `register_counter("cases", fn)`
where `fn(user) -> int` counts what waits for `user` behind that entry (the same items its home panel
lists, counted with the same selectors). Entries are named by the menu ("cases", "referrals"); the
counters of one entry add up.

Counting costs queries, and the menu is on every page: `menu_counts_for(request)` gives the template a
mapping computed lazily and once per request — an entry's counters run the first time the page reads
that entry, and never for a visitor who is not signed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Counter = Callable[[Any], int]
_counters: dict[str, list[Counter]] = {}
_REQUEST_ATTR = "_jisr_menu_counts"


def register_counter(menu: str, counter: Counter) -> None:
    """Count `counter(user)` next to the menu entry `menu` (registering the same function twice adds it once)."""
    counters = _counters.setdefault(menu, [])
    if counter not in counters:
        counters.append(counter)


class MenuCounts(Mapping[str, int]):
    """The counts of one user, computed entry by entry on first reading, then kept."""

    def __init__(self, user: Any) -> None:
        self._user = user
        self._counts: dict[str, int] = {}

    def __getitem__(self, menu: str) -> int:
        if menu not in self._counts:
            signed_in = self._user is not None and getattr(self._user, "is_authenticated", False)
            self._counts[menu] = sum(counter(self._user) for counter in _counters.get(menu, [])) if signed_in else 0
        return self._counts[menu]

    def __iter__(self) -> Iterator[str]:
        return iter(_counters)

    def __len__(self) -> int:
        return len(_counters)


def menu_counts_for(request: Any) -> MenuCounts:
    """The request's counts (one `MenuCounts` per request, whatever the number of templates reading it)."""
    counts = getattr(request, _REQUEST_ATTR, None)
    if counts is None:
        counts = MenuCounts(getattr(request, "user", None))
        setattr(request, _REQUEST_ATTR, counts)
    return counts
