"""A cell of a dashboard figure as the page shows it (`jisr.core.dashboards`).

{% load dashboards %}
{{ row.values|cell:column }}   a count (3 154), days (12,5), a share (25 %), the hidden mark "x", or "—"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from jisr.core.dashboards import DAYS, SHARE, Column, Hidden
from jisr.core.templatetags.bidi import ltr, number
from jisr.core.templatetags.disclosure import count_or_hidden

register = template.Library()


@register.filter(is_safe=True)
def cell(values: Mapping[str, Any], column: Column) -> Any:
    """The value of `column` in a row's values, formatted for its unit in the page's language."""
    value = values.get(column.key)
    if isinstance(value, Hidden):
        return count_or_hidden(None)  # the same mark as every hidden count, whatever the unit
    if value is None:
        return "—"
    if column.unit == DAYS:
        return number(value, 1)
    if column.unit == SHARE:
        return ltr(f"{floatformat(value * 100, -1)} %")
    return number(value)
