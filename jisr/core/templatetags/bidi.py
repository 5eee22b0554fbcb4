"""Numbers, amounts and phone numbers as left-to-right runs inside Arabic text.

The Unicode bidirectional algorithm lays out each run of digits left to right, but a run stops at
a space: a phone written in groups (`06 12 34 56 78`) comes out with its groups in reverse order in
an Arabic sentence, and so does a number whose thousands are separated by a space where a browser
or a screen reader treats the separator as one. `<bdi dir="ltr">` isolates the whole value: it is
laid out left to right as one unit, and the sentence around it is not disturbed. Copying the text
copies the plain value (no invisible control character ends up in a search box or a dialer).

    {% load bidi %}
    {{ count|number }}          3 154 (grouped the way the page's language groups thousands)
    {{ amount|number:2 }}       1 234,50
    {{ person.phone|ltr }}      any value already formatted: phones, CINs, references
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(is_safe=True)
def ltr(value: Any) -> Any:
    """The value (escaped unless already safe) isolated as one left-to-right run; empty values as they are,
    so that `|default:"—"` after it still applies."""
    if value is None or value == "":
        return value
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter(is_safe=True)
def number(value: Any, decimal_places: int | str = 0) -> Any:
    """A number in the page's language, thousands grouped, `decimal_places` after the separator, isolated.

    Anything that is not a number (None, "", a word) is returned as it is."""
    if value is None or value == "":
        return value
    formatted: SafeString | str = floatformat(value, f"{int(decimal_places)}g")
    if formatted == "":
        return value
    return ltr(formatted)
