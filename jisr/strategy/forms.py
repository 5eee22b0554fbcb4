"""The entry of one figure and the upload of a file of figures."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import BootstrapMixin
from jisr.strategy.models import Figure
from jisr.strategy.selectors import indicators


class FigureForm(BootstrapMixin, forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=indicators())
    kind = forms.ChoiceField(label=_("Kind"), choices=Figure.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Figure.Level.choices)
    code = forms.CharField(
        label=_("Territory code"), max_length=20, help_text=_("MA for the nation, e.g. 04 or 04.421.")
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2026)
    value = forms.FloatField(label=_("Value"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_(
        "Columns: indicator, kind, level, code, year, value, source, comment."))  # fmt: skip
