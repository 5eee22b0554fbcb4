"""The dashboards' filter: the territory (within the reader's scope) and the period, in whole months."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.dashboards import DEFAULT_MONTHS, MAX_MONTHS, Period, Territory
from jisr.core.dates import add_months
from jisr.core.forms import BootstrapMixin

LEVEL_NAMES = {"region": _("region"), "province": _("province or prefecture"), "center": _("center")}


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (the browser's month picker sends that), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "pattern": "[0-9]{4}-[0-9]{2}", "placeholder": "2026-01"})
    default_error_messages = {"invalid": _("Give a month as year-month, for example 2026-01.")}

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        found = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip())
        if found and 1 <= int(found.group(2)) <= 12:
            return datetime.date(int(found.group(1)), int(found.group(2)), 1)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class DashboardFilterForm(BootstrapMixin, forms.Form):
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    start = MonthField(label=_("From (month)"), required=False)
    end = MonthField(label=_("To (month)"), required=False)

    def __init__(self, *args: Any, territories: list[Territory], today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.default = Period.last_months(today)
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            (t.key, f"{t.name} ({LEVEL_NAMES[t.level]})") for t in territories
        ]
        self.fields["start"].widget.attrs["max"] = f"{today:%Y-%m}"
        self.fields["end"].widget.attrs["max"] = f"{today:%Y-%m}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end = data.get("end") or self.default.last
        start = data.get("start") or add_months(end, 1 - DEFAULT_MONTHS)
        if end > self.today.replace(day=1):
            self.add_error("end", _("The period ends this month at the latest."))
        elif start > end:
            self.add_error("start", _("The first month comes before the last one."))
        elif (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            self.add_error("start", _("A dashboard shows at most %(count)d months.") % {"count": MAX_MONTHS})
        else:
            data["period"] = Period(start, end, self.today)
        return data

    def period(self) -> Period:
        """The period asked for, or the last twelve months when the form is empty or has an error."""
        if not self.is_bound or not self.is_valid():
            return self.default
        return self.cleaned_data["period"]
