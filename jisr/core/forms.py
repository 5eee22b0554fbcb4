"""Form pieces every app shares: the Bootstrap widget classes and the confirmation of a destructive act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class BootstrapMixin:
    """Give every widget its Bootstrap class so the shared field template renders them consistently."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ConfirmForm(BootstrapMixin, forms.Form):
    """The box a user ticks before a destructive or irreversible act."""

    confirm = forms.BooleanField(label=_("I confirm"), required=True)
