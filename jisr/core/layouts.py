"""The layout of the pages that belong to no app (the error pages), chosen by the apps.

An app whose users must not see the staff layout (Khadamati's citizens) registers, in its
AppConfig.ready(), a chooser: `register_layout_chooser(fn)` where `fn(request)` returns a `Layout` (its
base template and its home page) for the requests it owns, None for the others. The first chooser that
answers wins; without one, the pages use `base.html` and the staff home. `core` imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Layout:
    template: str  # the base template the page extends
    home_url: str  # where "Go to the home page" leads


LayoutChooser = Callable[[HttpRequest], Layout | None]
_choosers: dict[str, LayoutChooser] = {}


def register_layout_chooser(name: str, chooser: LayoutChooser) -> None:
    _choosers[name] = chooser


def layout_for(request: HttpRequest) -> Layout | None:
    """The layout an app chose for this request, or None (the site's own)."""
    for chooser in _choosers.values():
        layout = chooser(request)
        if layout is not None:
            return layout
    return None
