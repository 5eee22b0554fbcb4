"""Numbers typed with Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) or Eastern ones (۰۱۲۳۴۵۶۷۸۹) are numbers too.

Every form and API field that takes digits (CIN, phone, dates, ages, amounts) passes its input
through `to_ascii_digits` before validating it.
"""

from __future__ import annotations

from typing import Any

from django import forms

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def to_ascii_digits(value: str) -> str:
    """The same text with every Arabic-Indic digit replaced by its ASCII digit."""
    return value.translate(_DIGITS)


class AsciiDigitsMixin:
    """A form field mixin: converts the digits before the field's own cleaning."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = to_ascii_digits(value)
        return super().to_python(value)  # type: ignore[misc]


class DigitsCharField(AsciiDigitsMixin, forms.CharField):
    pass


class DigitsDateField(AsciiDigitsMixin, forms.DateField):
    pass


class DigitsIntegerField(AsciiDigitsMixin, forms.IntegerField):
    pass


class DigitsDecimalField(AsciiDigitsMixin, forms.DecimalField):
    """Also accepts the Arabic decimal separator (٫) and a comma."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("٫", ".").replace(",", ".")
        return super().to_python(value)
