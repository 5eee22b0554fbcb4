"""The preferences form: one choice per registered kind, and the language of the e-mails."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import BootstrapMixin
from jisr.notifications.selectors import PreferenceRow, delivery_labels


def field_name(kind: str) -> str:
    """A kind's field ("cases.case_assigned" → "cases-case_assigned": an id without a dot)."""
    return kind.replace(".", "-")


class PreferencesForm(BootstrapMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("Language of my e-mails"), choices=settings.LANGUAGES,
        help_text=_("Arabic unless you choose another language."),
    )  # fmt: skip

    def __init__(self, *args: Any, rows: list[PreferenceRow], language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(
            {"language": language, **{field_name(row.kind): row.delivery for row in rows}}
        )
        super().__init__(*args, **kwargs)
        self.kinds = {field_name(row.kind): row.kind for row in rows}
        for row in rows:
            self.fields[field_name(row.kind)] = forms.ChoiceField(
                label=row.label, choices=list(delivery_labels().items()),
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("For %(who)s.") % {"who": row.recipients},
            )  # fmt: skip
        self.order_fields([*self.kinds, "language"])

    def deliveries(self) -> dict[str, str]:
        """The chosen delivery per kind code."""
        return {kind: self.cleaned_data[name] for name, kind in self.kinds.items()}
