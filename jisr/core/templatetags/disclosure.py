"""Counts that may be hidden from an aggregate-only role (`jisr.core.disclosure`), as a page shows them.

    {% load disclosure %}
    {{ row.counts.open|count_or_hidden }}   3 154, or the mark "x" (read "hidden" by screen readers)

Every hidden cell gets the same mark, whether it is a small count or a complement hidden to protect
one: a different mark would tell which cells are under 5, and narrow the others down.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from jisr.core.templatetags.bidi import number

register = template.Library()

HIDDEN_MARK = "x"


@register.filter(is_safe=True)
def count_or_hidden(value: Any) -> Any:
    """The count in the page's language (an isolated left-to-right run), or the hidden mark when it is None."""
    if value is None:
        return format_html(
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', HIDDEN_MARK, _("hidden")
        )
    return number(value)
