"""The menu's link to the transfers waiting for the user's centers, with their number.

    {% load cases_menu %}{% incoming_transfer_count as count %}

One COUNT query, asked only for the users who take transfers in (cases.assign_case); None for the others.
"""

from __future__ import annotations

from typing import Any

from django import template

from jisr.cases.selectors_handover import incoming_transfer_count as count_for

register = template.Library()


@register.simple_tag(takes_context=True)
def incoming_transfer_count(context: dict[str, Any]) -> int | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return count_for(user)
