"""The error summary's wording (templates/includes/error_summary.html)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

# A label that ends in a question mark or a full stop ("Whom do you act for?") is followed by ":" in the summary;
# the mark is dropped so that the line reads "Whom do you act for: choose…", not "…for?: choose…".
TRAILING_MARKS = "?؟.:։ "


@register.filter
def summary_label(label: Any) -> str:
    """The field's label as the start of a line of the error summary (its closing mark dropped)."""
    return str(label or "").rstrip(TRAILING_MARKS)
