"""The rule form (its parameter fields come from the chosen signal) and the alert's step forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core import watch_signals
from jisr.core.forms import BootstrapMixin
from jisr.watch.models import Alert, WatchRule

PARAM_PREFIX = "param_"


def signal_choices() -> list[tuple[str, str]]:
    return [(signal.code, str(signal.label)) for signal in watch_signals.registered_signals()]


def _param_field(param: watch_signals.Param) -> forms.Field:
    common: dict[str, Any] = {"label": param.label, "help_text": param.help_text, "initial": param.default}
    if param.kind == watch_signals.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *(param.choices() if param.choices else [])], **common)
    if param.kind == watch_signals.INT:
        low, high = (None if bound is None else int(bound) for bound in (param.minimum, param.maximum))
        return forms.IntegerField(min_value=low, max_value=high, **common)
    return forms.DecimalField(min_value=param.minimum, max_value=param.maximum, decimal_places=2, **common)


class SignalChoiceForm(BootstrapMixin, forms.Form):
    """The first choice of a new rule: which signal (its parameters follow)."""

    signal = forms.ChoiceField(label=_("Signal"), choices=signal_choices)


class RuleForm(BootstrapMixin, forms.Form):
    """A watch rule: its name, level, severity and the parameters of its signal (validated by the signal)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    level = forms.ChoiceField(label=_("Territory level"))
    severity = forms.ChoiceField(
        label=_("Severity"), choices=WatchRule.Severity.choices, initial=WatchRule.Severity.WARNING
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, signal: watch_signals.Signal, **kwargs: Any) -> None:
        self.signal = signal
        super().__init__(*args, **kwargs)
        levels = [(value, label) for value, label in WatchRule.Level.choices if value in signal.levels]
        cast(forms.ChoiceField, self.fields["level"]).choices = levels
        for param in signal.params:
            field = _param_field(param)
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            self.fields[PARAM_PREFIX + param.name] = field

    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(PARAM_PREFIX)]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        params = {
            name.removeprefix(PARAM_PREFIX): value for name, value in data.items() if name.startswith(PARAM_PREFIX)
        }
        return {"name": data["name"], "signal": self.signal.code, "level": data["level"], "severity": data["severity"],
                "is_active": data["is_active"], "params": params}  # fmt: skip


def rule_initial(rule: Any) -> dict[str, Any]:
    initial = {"name": rule.name, "level": rule.level, "severity": rule.severity, "is_active": rule.is_active}
    initial.update({PARAM_PREFIX + name: value for name, value in rule.params.items()})
    return initial


def service_field(name: str) -> str:
    """The form field of a service error's key (a parameter's name is prefixed)."""
    return name if name in ("name", "level", "severity", "is_active", "signal") else PARAM_PREFIX + name


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    signal = forms.ChoiceField(label=_("Signal"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            ("active", _("Not closed")),
            *Alert.Status.choices,
        ]
        cast(forms.ChoiceField, self.fields["signal"]).choices = [("", _("All")), *signal_choices()]
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-select form-select-sm"
            field.widget.attrs["class"] = css


class _UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignForm(BootstrapMixin, forms.Form):
    """Whom to give the alert to: the accounts of its territory who may act on alerts (from the selector)."""

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _UserChoiceField(label=_("Assign to"), queryset=users)
        self.fields["assignee"].widget.attrs["class"] = "form-select"


class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
