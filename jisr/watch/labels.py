"""How an alert and a rule read: the signal's name, the territory's name, the parameters with their labels."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jisr.core import watch_signals
from jisr.territories.models import Province, Region
from jisr.watch.models import Alert, WatchRule

_names: dict[str, tuple[str, str]] = {}


def _territory_names() -> dict[str, tuple[str, str]]:
    """Every region's and province's names by code, read once (the administrative division does not change
    while the platform runs)."""
    if not _names:
        for model in (Region, Province):
            for code, name_ar, name_fr in model.objects.values_list("code", "name_ar", "name_fr"):
                _names[code] = (name_ar, name_fr)
    return _names


def territory_name(level: str, code: str, center: Any = None) -> str:
    if level == watch_signals.CENTER and center is not None:
        return str(center.name)
    names = _territory_names().get(code)
    if names is None:
        return code
    return names[0] if (get_language() or "ar").startswith("ar") else names[1]


def alert_place(alert: Alert) -> str:
    code = alert.condition_key.partition(":")[2]
    return territory_name(alert.level, code, alert.center)


def signal_label(code: str) -> str:
    spec = watch_signals.signal_of(code)
    return str(spec.label) if spec else _("Signal no longer available (%(code)s)") % {"code": code}


def alert_title(alert: Alert) -> str:
    """ "<what> — <where>", e.g. "Surge of violence cases against women — Agadir Ida-Ou-Tanane"."""
    return f"{signal_label(alert.signal)} — {alert_place(alert)}"


def rule_parameters(rule: WatchRule) -> list[tuple[str, Any]]:
    """The rule's parameters as (label, value shown), in the signal's order; a choice shows its label."""
    spec = watch_signals.signal_of(rule.signal)
    if spec is None:
        return [(name, value) for name, value in rule.params.items()]
    shown = []
    for param in spec.params:
        value = rule.params.get(param.name)
        if param.kind == watch_signals.CHOICE and param.choices is not None:
            value = dict(param.choices()).get(str(value), value)
        shown.append((str(param.label), value))
    return shown


def alert_figures(alert: Alert) -> list[tuple[str, Any]]:
    """The figures the firing carried, with the labels its signal gives them."""
    spec = watch_signals.signal_of(alert.signal)
    labels = dict(spec.figures) if spec else {}
    return [(str(labels.get(key, key)), value) for key, value in alert.figures.items()]
