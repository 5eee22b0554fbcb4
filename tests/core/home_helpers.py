"""Reading a home page as its persona sees it: which panels, which items, which number next to a menu entry."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse


def home(client: Client) -> Any:
    """The home page's response (200 checked)."""
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response


def panel_names(response: Any) -> list[str]:
    return [panel.name for panel in response.context["home"].panels]


def panel(response: Any, name: str) -> dict[str, Any] | None:
    """The context of the panel `name` as shown, or None when it is not on the page."""
    for shown in response.context["home"].panels:
        if shown.name == name:
            return dict(shown.context)
    return None


def due_urls(response: Any) -> dict[str, list[str]]:
    """Per section of "Due today", the links of its items — each also checked to be in the page itself."""
    work = panel(response, "core.work")
    if work is None:
        return {}
    html = response.content.decode()
    sections = {section.name: [item.url for item in section.items] for section in work["sections"]}
    for urls in sections.values():
        for url in urls:
            assert f'href="{url}"' in html, url
    return sections


def menu_count(response: Any, menu: str) -> int:
    """The number shown next to the menu entry `menu` in the page (0 when no number is shown)."""
    pattern = rf'data-menu-count="{menu}">(?:<bdi dir="ltr">)?([0-9\u00a0\u202f ,.]+)'
    found = re.search(pattern, response.content.decode())
    return int(re.sub(r"\D", "", found.group(1))) if found else 0
