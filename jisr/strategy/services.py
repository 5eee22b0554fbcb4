"""Writes of the strategy: figures entered one by one or imported, computed actuals stored, refreshes.

Every write of a figure keeps the value it replaces (`FigureRevision`) and, for a person's write, an
audit entry in the same transaction. A person may enter figures where `strategy.enter_strategy_values`
reaches (a national grant anywhere, a regional one in its region and provinces); elsewhere a 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core import audit, indicator_providers, scope
from jisr.core.background import dispatch
from jisr.core.models import AuditLog
from jisr.strategy.models import NATION, YEARS, Figure, FigureRevision, Indicator, Refresh
from jisr.strategy.selectors import ENTER, LEVELS, may_enter
from jisr.territories.models import Province, Region

FIELDS = ["value", "source", "comment"]


def territory_exists(level: str, code: str) -> bool:
    if level == "nation":
        return code == NATION
    if level == "region":
        return Region.objects.filter(code=code).exists()
    if level == "province":
        return Province.objects.filter(code=code).exists()
    return False


def check_cell(kind: str, level: str, code: str, year: int) -> None:
    """Refuse a figure outside the framework's cells (unknown kind, level, territory or year)."""
    errors: dict[str, str] = {}
    if kind not in Figure.Kind.values:
        errors["kind"] = _("Choose baseline, target or actual.")
    if level not in LEVELS:
        errors["level"] = _("Choose the nation, a region or a province.")
    elif not territory_exists(level, code):
        errors["code"] = _("No territory of this level has this code.")
    if kind == Figure.Kind.TARGET and year not in YEARS:
        errors["year"] = _("Targets are set for the years %(first)s to %(last)s.") % {
            "first": YEARS[0], "last": YEARS[-1]}  # fmt: skip
    elif not 1990 <= year <= YEARS[-1]:
        errors["year"] = _("The year must be between 1990 and %(last)s.") % {"last": YEARS[-1]}
    if errors:
        raise ValidationError(errors)


def _write(*, indicator: Indicator, kind: str, level: str, code: str, year: int, origin: str, value: float,
           source: str, comment: str, actor: User | None, illustrative: bool = False,
           now: datetime.datetime | None = None) -> tuple[Figure, dict[str, list[Any]] | None]:  # fmt: skip
    """Create or revise one figure; the replaced value goes to the history. Returns (figure, changes or None
    when created); unchanged figures are left as they are (changes empty)."""
    now = now or timezone.now()
    lookup: dict[str, Any] = {"indicator": indicator, "kind": kind, "level": level, "code": code}
    if kind == Figure.Kind.BASELINE:
        lookup["kind"] = Figure.Kind.BASELINE  # one baseline per territory, whatever its year
    else:
        lookup.update(year=year, origin=origin)
    figure = Figure.objects.select_for_update().filter(**lookup).first()
    new = {"value": value, "source": source, "comment": comment, "year": year}
    if figure is None:
        figure = Figure(**{**lookup, "year": year, "origin": origin}, value=value, source=source, comment=comment,
                        illustrative=illustrative, recorded_by=actor, recorded_at=now)  # fmt: skip
        figure.full_clean()
        figure.save()
        return figure, None
    old = {"value": figure.value, "source": figure.source, "comment": figure.comment, "year": figure.year}
    changes = audit.diff(old, new)
    if not changes:
        return figure, {}
    FigureRevision.objects.create(
        figure=figure,
        value=figure.value,
        source=figure.source,
        comment=figure.comment,
        recorded_by=figure.recorded_by,
        recorded_at=figure.recorded_at,
        replaced_at=now,
    )
    figure.value, figure.source, figure.comment, figure.year = value, source, comment, year
    figure.recorded_by, figure.recorded_at, figure.illustrative = actor, now, illustrative
    figure.full_clean()
    figure.save(update_fields=["value", "source", "comment", "year", "recorded_by", "recorded_at", "illustrative"])
    return figure, changes


@transaction.atomic
def figure_enter(*, acting_user: User, indicator: Indicator, kind: str, level: str, code: str, year: int,
                 value: float, source: str = "", comment: str = "") -> Figure:  # fmt: skip
    """Enter a baseline, a target or an actual of an indicator for a territory (404 outside the user's reach).

    A revision keeps the earlier value, who had recorded it and when. An actual of a computed indicator
    entered by hand wins over the computed one (both are kept)."""
    scope.require(acting_user, ENTER)
    if not may_enter(acting_user, level, code):
        raise Http404
    check_cell(kind, level, code, year)
    if (
        indicator.measure == Indicator.Measure.QUANTITATIVE
        and indicator.unit == Indicator.Unit.PERCENT
        and not (0 <= value <= 100)
    ):
        raise ValidationError({"value": _("A percentage is between 0 and 100.")})
    figure, changes = _write(indicator=indicator, kind=kind, level=level, code=code, year=year,
                             origin=Figure.Origin.ENTERED, value=value, source=source, comment=comment,
                             actor=acting_user)  # fmt: skip
    if changes is None:
        audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=figure,
                     changes={"value": [None, value], "year": [None, year]})  # fmt: skip
    elif changes:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=figure, changes=changes)
    return figure


@transaction.atomic
def store_computed(indicator: Indicator, year: int, values: Mapping[tuple[str, str], float],
                   computed_at: datetime.datetime) -> int:  # fmt: skip
    """Store a provider's values for one year (revising what changed, keeping the history); returns how many
    territories have a value. A territory the provider no longer counts keeps no stale computed value."""
    known = set()
    stored = {(level, code): (value, source) for level, code, value, source in Figure.objects.filter(
        indicator=indicator, kind=Figure.Kind.ACTUAL, origin=Figure.Origin.COMPUTED, year=year,
    ).values_list("level", "code", "value", "source")}  # fmt: skip
    for (level, code), value in values.items():
        if level not in LEVELS:
            continue
        known.add((level, code))
        if stored.get((level, code)) == (float(value), "Jisr"):
            continue  # unchanged: no write, no revision (read once above, not one query per territory)
        _write(indicator=indicator, kind=Figure.Kind.ACTUAL, level=level, code=code, year=year,
               origin=Figure.Origin.COMPUTED, value=float(value), source="Jisr", comment="", actor=None,
               now=computed_at)  # fmt: skip
    computed = Figure.objects.filter(indicator=indicator, kind=Figure.Kind.ACTUAL, origin=Figure.Origin.COMPUTED,
                                     year=year)  # fmt: skip
    stale = [pk for pk, level, code in computed.values_list("pk", "level", "code") if (level, code) not in known]
    if stale:
        Figure.objects.filter(pk__in=stale).delete()
    indicator.computed_at = computed_at
    indicator.save(update_fields=["computed_at"])
    return len(known)


def refresh_request(*, acting_user: User | None = None) -> Refresh | None:
    """Queue a recomputation of every computed actual (unless one is waiting), to a worker or the thread."""
    from jisr.strategy.tasks import refresh

    if acting_user is not None:
        scope.require(acting_user, ENTER)
    if Refresh.objects.filter(status=Refresh.Status.QUEUED).exists():
        return None
    queued = Refresh.objects.create()
    transaction.on_commit(lambda: dispatch(refresh, queued.pk))
    return queued


def refresh_run(refresh_id: int, *, years: tuple[int, ...] | None = None) -> Refresh:
    """Compute every registered indicator for each year of the strategy up to this one; store the values
    with the time of computation. Progress is written after each indicator."""
    refresh = Refresh.objects.get(pk=refresh_id)
    now = timezone.now()
    years = years or tuple(year for year in YEARS if year <= now.year)
    codes = [code for code in indicator_providers.codes() if Indicator.objects.filter(code=code).exists()]
    refresh.status, refresh.steps_total = Refresh.Status.RUNNING, len(codes)
    refresh.save(update_fields=["status", "steps_total"])
    try:
        for done, code in enumerate(codes, start=1):
            provider = indicator_providers.provider(code)
            indicator = Indicator.objects.get(code=code)
            for year in years:
                store_computed(indicator, year, provider(year) if provider else {}, now)
            refresh.steps_done, refresh.message = done, code
            refresh.save(update_fields=["steps_done", "message"])
    except Exception as error:
        refresh.status, refresh.message, refresh.finished_at = Refresh.Status.FAILED, str(error)[:500], timezone.now()
        refresh.save(update_fields=["status", "message", "finished_at"])
        raise
    refresh.status, refresh.finished_at = Refresh.Status.DONE, timezone.now()
    refresh.save(update_fields=["status", "finished_at"])
    return refresh


def require_enter(user: User) -> None:
    """404 unless the user may enter figures somewhere."""
    scope.require(user, ENTER)
