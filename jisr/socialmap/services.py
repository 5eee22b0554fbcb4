"""Writes of the social map: recomputing Jisr's own figures (supply, use, ratios) into stored values.

`refresh_request(reason)` queues a `Refresh` and hands it to a worker once the transaction commits;
`refresh_run(id)` asks every provider registered in `jisr.core.maplayers` for its layers (one GROUP BY
per level each), adds the persons served over the last 12 months and the ratios, works out which
small counts are hidden from aggregate-only roles, and replaces each layer's values in one
transaction. The page and the API read these rows: nothing is computed over the registry per request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jisr.core import disclosure, heartbeat, maplayers
from jisr.core.background import dispatch
from jisr.core.maplayers import NATION, Layer
from jisr.socialmap.models import Indicator, IndicatorValue, Refresh
from jisr.territories.models import Commune

SERVED_SINCE = datetime.timedelta(days=365)
Cell = tuple[str, str]  # (level, code)


QUEUED_FOR_LONG = datetime.timedelta(minutes=15)


def refresh_request(reason: str) -> Refresh | None:
    """Queue a recomputation now, unless one is already waiting to start (it will read the same data).

    A refresh queued long ago whose worker never took it does not hold the next ones back."""
    from jisr.socialmap.tasks import refresh

    refreshes_mark_stalled()
    waiting = Refresh.objects.filter(status=Refresh.Status.QUEUED, created_at__gte=timezone.now() - QUEUED_FOR_LONG)
    if waiting.exists():
        return None
    queued = Refresh.objects.create(reason=reason[:40])
    dispatch(refresh, queued.pk)
    return queued


def refresh_soon(reason: str) -> None:
    """What `jisr.core.maplayers.request_refresh` does: queue a recomputation once the write commits (unless
    JISR_SOCIALMAP_REFRESH_ON_WRITE is off: the embedded mode, see config/settings.py)."""
    if not settings.JISR_SOCIALMAP_REFRESH_ON_WRITE:
        return
    transaction.on_commit(lambda: refresh_request(reason))


def _progress(refresh: Refresh, done: int, message: str = "") -> None:
    refresh.steps_done = done
    refresh.message = message[:500]
    refresh.progress_at = timezone.now()
    refresh.save(update_fields=["steps_done", "message", "progress_at"])


def stalled_after() -> datetime.timedelta:
    """How long a running refresh may give no sign of life before it is taken for dead
    (JISR_SOCIALMAP_STALLED_SECONDS; its heartbeat comes four times in that time while its worker lives)."""
    return heartbeat.stalled_after("JISR_SOCIALMAP_STALLED_SECONDS", 600)


STALLED_MESSAGE = "stopped without finishing: no sign of life from its worker (stopped or killed)"


def refreshes_mark_stalled() -> int:
    """Mark failed the running refreshes whose heartbeat stopped for `stalled_after()` (their worker died),
    ended at their last sign of life, so that they no longer hold the next refresh back. Returns how many.

    A sweep, as for the registry's imports: the Celery task `socialmap.mark_stalled_refreshes` (beat, every
    five minutes), before every refresh is queued and before every refresh starts."""
    cutoff = timezone.now() - stalled_after()
    silent = Q(progress_at__lt=cutoff) | Q(progress_at__isnull=True, created_at__lt=cutoff)
    return Refresh.objects.filter(silent, status=Refresh.Status.RUNNING).update(
        status=Refresh.Status.FAILED, finished_at=Coalesce(F("progress_at"), F("created_at")), message=STALLED_MESSAGE
    )


def _claim(refresh: Refresh) -> bool:
    """Start the refresh unless another one runs (one statement: at most one runs at a time)."""
    others = Refresh.objects.filter(status=Refresh.Status.RUNNING).exclude(pk=refresh.pk)
    started = (Refresh.objects.filter(pk=refresh.pk).exclude(Exists(others))
               .update(status=Refresh.Status.RUNNING, progress_at=timezone.now()))  # fmt: skip
    return bool(started)


def refresh_run(refresh_id: int) -> Refresh:
    """Compute every layer and store it (see the module docstring); the Refresh records progress and the end.

    One refresh runs at a time: while another one is alive, this one stays queued and is returned as it is
    (its task tries again later); a running one that lost its worker is failed first by the sweep."""
    refreshes_mark_stalled()
    refresh = Refresh.objects.get(pk=refresh_id)
    if not _claim(refresh):
        refresh.refresh_from_db()
        if refresh.status == Refresh.Status.QUEUED:
            refresh.message = "waiting for the running refresh to finish"
            refresh.save(update_fields=["message"])
        return refresh
    providers = maplayers.providers()
    refresh.status = Refresh.Status.RUNNING
    refresh.steps_total = len(providers) + 2
    refresh.save(update_fields=["status", "steps_total"])
    alive = lambda: Refresh.objects.filter(pk=refresh_id, status=Refresh.Status.RUNNING)  # noqa: E731
    try:
        with heartbeat.beating(alive, stalled_after):
            _compute(refresh, providers)
    except Exception as error:
        refresh.status = Refresh.Status.FAILED
        refresh.message = str(error)[:500]
        refresh.finished_at = timezone.now()
        refresh.save(update_fields=["status", "message", "finished_at"])
        raise
    refresh.status = Refresh.Status.DONE
    refresh.steps_done = refresh.steps_total
    refresh.message = ""
    refresh.finished_at = timezone.now()
    refresh.save(update_fields=["status", "steps_done", "message", "finished_at"])
    return refresh


def _compute(refresh: Refresh, providers: Mapping[str, maplayers.LayerProvider]) -> None:
    now = timezone.now()
    layers: list[Layer] = []
    for done, (name, provider) in enumerate(sorted(providers.items()), start=1):
        layers.extend(provider())
        _progress(refresh, done, name)
    layers.append(Layer("use.persons_served", "use", "use", _("Persons served in the last 12 months"),
                        "persons", _("Distinct persons with a case or a training enrolment at a center of the "
                                     "territory in the last 12 months."), protected=True, order=250,
                        values=maplayers.persons_served(now - SERVED_SINCE)))  # fmt: skip
    _progress(refresh, len(providers) + 1, "persons served")
    store_layers([layer for layer in layers if layer.ratio is None], year=now.year, computed_at=now)
    store_ratios([layer for layer in [*layers, *RATIOS] if layer.ratio is not None], year=now.year, computed_at=now)


def _parents() -> dict[str, tuple[str, str]]:
    return {code: (province, region) for code, province, region in
            Commune.objects.values_list("code", "province_id", "region_id")}  # fmt: skip


def _all_cells(parents: Mapping[str, tuple[str, str]]) -> list[Cell]:
    cells: set[Cell] = {("nation", NATION)}
    for commune, (province, region) in parents.items():
        cells.update({("region", region), ("province", province), ("commune", commune)})
    return sorted(cells)


def _names(label: Any) -> dict[str, str]:
    names = {}
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            names[f"name_{language}"] = str(label)
    return names


@transaction.atomic
def store_layers(layers: Iterable[Layer], *, year: int, computed_at: datetime.datetime) -> None:
    """Replace each layer's indicator and values; additive layers get a 0 where a territory of a level they
    know has none (a layer without communes has no commune rows: no data, not zeros)."""
    parents = _parents()
    cells = _all_cells(parents)
    sums = disclosure.hierarchy_sums(parents, NATION)
    for layer in layers:
        Indicator.objects.update_or_create(key=layer.key, defaults={
            "kind": layer.kind, "topic": layer.topic, "unit": layer.unit, "definition": str(layer.definition),
            "source": "Jisr", "protected": layer.protected, "additive": layer.additive, "order": layer.order,
            "computed_at": computed_at, **_names(layer.label)})  # fmt: skip
        values: dict[Cell, float] = {(level, code): value for level, code, value in layer.values
                                     if level in layer.levels}  # fmt: skip
        own_cells = [cell for cell in cells if cell[0] in layer.levels]
        if layer.additive:
            values = {cell: values.get(cell, 0.0) for cell in own_cells}
        hidden: frozenset[Cell] = frozenset()
        if layer.protected:
            counts = {cell: int(values.get(cell, 0)) for cell in own_cells}
            own_sums = [line for line in sums if all(level in layer.levels for level, _code in line.cells())]
            hidden = disclosure.suppress(counts, own_sums)
        _replace(layer.key, year, values, hidden)


def _replace(key: str, year: int, values: Mapping[Cell, float], hidden: frozenset[Cell]) -> None:
    IndicatorValue.objects.filter(indicator_id=key).delete()
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(indicator_id=key, level=level, code=code, sex="all", year=year, value=value,
                        hidden=(level, code) in hidden) for (level, code), value in values.items()],
        batch_size=2000,
    )  # fmt: skip


RATIOS = [
    Layer(
        "ratio.served_per_1000",
        "ratio",
        "ratios",
        _("Persons served per 1,000 residents"),
        "ratio",
        protected=True,
        additive=False,
        order=450,
        ratio=("use.persons_served", "population", 1000),
        formula="persons served (12 months) ÷ municipal population (census) × 1,000",
    ),
    Layer(
        "ratio.registered_per_place",
        "ratio",
        "ratios",
        _("Registered persons per center place"),
        "ratio",
        protected=True,
        additive=False,
        order=451,
        ratio=("registry.persons", "centers.places", 1),
        formula="registered persons ÷ places in operational centers",
    ),
    Layer(
        "ratio.disability_per_place",
        "ratio",
        "ratios",
        _("Estimated persons with a disability per place in a disability center"),
        "ratio",
        additive=False,
        order=452,
        ratio=("estimated_disability", "centers.places_disability", 1),
        formula="estimated persons with a disability (census) ÷ places in operational disability centers",
    ),
]


def _latest(key: str) -> dict[Cell, tuple[float, bool]]:
    """The latest year's values of an indicator, both sexes: (level, code) → (value, hidden)."""
    latest = IndicatorValue.objects.filter(indicator_id=key, sex="all").order_by("-year").values_list("year", flat=True)
    year = latest.first()
    if year is None:
        return {}
    rows = IndicatorValue.objects.filter(indicator_id=key, sex="all", year=year)
    return {(level, code): (value, hidden) for level, code, value, hidden in
            rows.values_list("level", "code", "value", "hidden")}  # fmt: skip


def _ratio_values(numerator: Mapping[Cell, tuple[float, bool]], denominator: Mapping[Cell, tuple[float, bool]],
                  factor: float, *, difference: bool = False) -> tuple[dict[Cell, float], frozenset[Cell]]:  # fmt: skip
    """a ÷ b × factor (or a − b) per territory; none where b is 0 or missing; hidden when a or b is."""
    values: dict[Cell, float] = {}
    hidden: set[Cell] = set()
    for cell, (top, top_hidden) in numerator.items():
        bottom, bottom_hidden = denominator.get(cell, (None, False))
        if bottom is None or (not difference and not bottom):
            continue
        values[cell] = top - bottom if difference else round(top / bottom * factor, 2)
        if top_hidden or bottom_hidden:
            hidden.add(cell)
    return values, frozenset(hidden)


@transaction.atomic
def store_ratios(layers: Iterable[Layer], *, year: int, computed_at: datetime.datetime) -> None:
    """The layers worked out from stored ones (coverage, gap, per-place and per-capita ratios).

    A ratio is hidden where its numerator or denominator is; a territory whose denominator is 0 or
    missing has no ratio (no data), not an infinite one."""
    for layer in layers:
        if layer.ratio is None:
            continue
        top, bottom, factor = layer.ratio
        numerator, denominator = _latest(top), _latest(bottom)
        if not numerator or not denominator:
            continue
        values, hidden = _ratio_values(numerator, denominator, factor, difference=factor == 0)
        estimate = Indicator.objects.filter(key__in=[top, bottom], is_estimate=True).exists()
        Indicator.objects.update_or_create(key=layer.key, defaults={
            "kind": Indicator.Kind.RATIO, "topic": layer.topic, "unit": layer.unit, "formula": layer.formula,
            "definition": str(layer.definition), "source": "Jisr", "protected": layer.protected,
            "additive": layer.additive, "is_estimate": estimate, "order": layer.order, "computed_at": computed_at,
            **_names(layer.label)})  # fmt: skip
        _replace(layer.key, year, values, hidden)
