"""The signals of the social watch (اليقظة الاجتماعية): what a watch rule may look for, registered by the apps.

A watch rule (`jisr.watch`) is data, never code: it names a registered signal, gives the values of that
signal's parameters and the territory level at which it is evaluated. Each app that owns the data registers
its signals in its AppConfig.ready():

    register_signal(Signal(
        code="referrals.overdue",
        label=_("Referrals past their answer delay"),
        description=_("..."),
        params=(Param("min_count", _("Minimum number of referrals"), minimum=1, default=5),),
        levels=(CENTER, PROVINCE, REGION),
        evaluate=overdue_firings,            # (params, level, today) -> Iterable[Firing]
    ))

`evaluate` is set-based (one grouped query per rule, never a loop over records) and returns one `Firing`
per territory where the condition holds now: its place (region, province, center), the observed value,
the reference it was compared with, and figures to show (no names: an alert is read by coordinators
and its e-mail leaves the platform).

Extension point: the strategy's "an indicator crosses a threshold, or moves against its direction by more
than x % between periods" is a signal like the others. The strategy app registers it from its own
ready() (for example `strategy.indicator_threshold`, with a `choice` parameter listing its indicators whose
`choices` callable reads them when the form is built) and nothing here or in `jisr.watch` changes.

A rule whose signal is not registered (its app removed) or whose parameters no longer validate is an
error, not a silent match: the evaluation skips it and records why on the rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

# The levels a rule is evaluated at: one firing per center, province or region where the condition holds.
CENTER, PROVINCE, REGION = "center", "province", "region"
LEVELS = (REGION, PROVINCE, CENTER)

INT, NUMBER, CHOICE = "int", "number", "choice"


@dataclass(frozen=True)
class Param:
    """One parameter of a signal: an integer, a decimal number (rates, percentages) or a choice."""

    name: str
    label: Any  # a lazy translation
    kind: str = INT
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    help_text: Any = ""
    choices: Callable[[], list[tuple[str, str]]] | None = None  # for CHOICE: read when the form is built

    def clean(self, raw: Any) -> Any:
        """The parameter's value from `raw` (text or number), or ValueError with the message to show."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise ValueError(_("This field is required."))
        if self.kind == CHOICE:
            allowed = dict(self.choices() if self.choices else [])
            if str(raw) not in allowed:
                raise ValueError(_("Choose one of the proposed values."))
            return str(raw)
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number."))
        if self.kind == INT and number != number.to_integral_value():
            raise ValueError(_("Enter a whole number."))
        if self.minimum is not None and number < Decimal(str(self.minimum)):
            raise ValueError(_("Enter a value of at least %(minimum)s.") % {"minimum": _plain(self.minimum)})
        if self.maximum is not None and number > Decimal(str(self.maximum)):
            raise ValueError(_("Enter a value of at most %(maximum)s.") % {"maximum": _plain(self.maximum)})
        return int(number) if self.kind == INT else float(number)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True)
class Firing:
    """One territory where a signal's condition holds: its place, what was observed, what it was compared with."""

    level: str
    code: str  # the region's or province's HCP code, or the center's id
    region_code: str
    province_code: str = ""
    center_id: Any = None
    value: float = 0
    reference: float | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)  # numbers shown on the alert (no names)

    @property
    def key(self) -> str:
        """The territory of the firing, as the alert's condition key: "province:09.001", "center:<uuid>"."""
        return f"{self.level}:{self.code}"


Evaluate = Callable[[Mapping[str, Any], str, datetime.date], Iterable[Firing]]


@dataclass(frozen=True)
class Signal:
    code: str  # stable, "app.name"
    label: Any  # a lazy translation: the rule form's choice
    description: Any  # what it measures and how it is counted (shown on the rule form and in the docs)
    params: tuple[Param, ...]
    levels: tuple[str, ...]
    evaluate: Evaluate
    order: int = 100
    # The labels of the figures its firings carry ({"count": _("Cases this month"), …}), in the order shown.
    figures: Mapping[str, Any] = field(default_factory=dict)

    def clean_params(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """Every parameter checked at once: (the cleaned values, the errors per parameter name)."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        for param in self.params:
            try:
                cleaned[param.name] = param.clean(raw.get(param.name))
            except ValueError as error:
                errors[param.name] = [str(error)]
        return cleaned, errors


_signals: dict[str, Signal] = {}


def register_signal(signal: Signal) -> None:
    """Add (or replace, by code) a signal."""
    unknown = set(signal.levels) - set(LEVELS)
    if unknown or not signal.levels:
        raise ValueError(f"{signal.code}: levels must be among {LEVELS}, got {signal.levels}")
    _signals[signal.code] = signal


def signal_of(code: str) -> Signal | None:
    """The registered signal, or None (a rule whose app is gone)."""
    return _signals.get(code)


def registered_signals() -> list[Signal]:
    """Every signal, in the order of the rule form."""
    return sorted(_signals.values(), key=lambda signal: (signal.order, signal.code))


@dataclass(frozen=True)
class Places:
    """The lookups that lead from a model to its region, province and center (for grouping at a level)."""

    region: str
    province: str
    center: str | None = None


def count_by_level(queryset: Any, level: str, places: Places) -> list[tuple[str, str, Any, int]]:
    """One grouped COUNT: (region code, province code, center id, count) per territory of `level`."""
    from django.db.models import Count

    keys = {REGION: [places.region], PROVINCE: [places.region, places.province]}.get(level)
    if keys is None:
        if places.center is None:
            raise ValueError(f"{level}: this source has no center")
        keys = [places.region, places.province, places.center]
    rows = queryset.order_by().values(*keys).annotate(n=Count("pk", distinct=True))
    found = []
    for row in rows:
        region, province, center = (row.get(places.region) or ""), "", None
        if level in (PROVINCE, CENTER):
            province = row.get(places.province) or ""
        if level == CENTER:
            center = row.get(places.center)
        found.append((region, province, center, row["n"]))
    return found


def firing_at(level: str, region: str, province: str, center: Any, **values: Any) -> Firing:
    """The firing of the territory of `level` found by `count_by_level`."""
    code = {REGION: region, PROVINCE: province}.get(level) or str(center)
    return Firing(level=level, code=code, region_code=region, province_code=province, center_id=center, **values)
