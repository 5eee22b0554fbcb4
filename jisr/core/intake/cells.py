"""Rules on single cells shared by every intake: formula-looking identifiers, lengths from the model.

A cell that a spreadsheet would run as a formula (OWASP "CSV injection") has no business where an
identifier or a code is expected: it is refused there, row by row, rather than stored and later
written back into a file someone opens in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

# What spreadsheets treat as the start of a formula (after the spaces they ignore), and the
# control characters that hide one from the eye.
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA_CONTROLS = ("\t", "\r")
# The same, as a regular expression for vectorized checks (Polars, SQL).
FORMULA_PATTERN = r"^[\t\r]|^\s*[=+\-@]"
FORMULA_MESSAGE = _("This looks like a spreadsheet formula, not an identifier: write the value itself.")


def looks_like_formula(value: str) -> bool:
    """True when a spreadsheet opening this cell would run it as a formula."""
    return value.startswith(FORMULA_CONTROLS) or value.lstrip().startswith(FORMULA_STARTS)


def char_lengths(model: type[models.Model], names: Iterable[str]) -> dict[str, int]:
    """{name: max_length} for the names that are text fields (or foreign keys to one) of `model`."""
    lengths: dict[str, int] = {}
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey):
            field = field.target_field
        max_length = getattr(field, "max_length", None)
        if isinstance(field, models.CharField) and max_length:
            lengths[name] = max_length
    return lengths
