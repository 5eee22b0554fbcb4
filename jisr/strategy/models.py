"""The 2022–2026 strategy as data, after the IATI 2.03 results standard (docs/strategy.md).

Pillars hold objectives, objectives hold indicators; levers tag indicators. An indicator's figures
per territory (the nation, a region, a province) are `Figure` rows of three kinds, as IATI's
`baseline`, `target` and `actual`: one baseline per territory (its year says when), one target per
year, and per year one actual *entered* by a person and/or one *computed* by a provider from what
Jisr records (`jisr.core.indicator_providers`). Which one counts is the selectors' business: an
entered value wins over a computed one, and either over the roll-up of the territory's parts.
A revision never overwrites silently: the replaced value goes to `FigureRevision`. None of these
rows names a person: they are aggregates per territory.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

YEARS = tuple(range(2022, 2027))
NATION = "MA"


class Named(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=300)
    name_fr = models.CharField(_("name in French"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"ar": self.name_ar, "fr": self.name_fr}.get(language, self.name_en)


class Pillar(Named):
    class Meta(Named.Meta):
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        permissions = [
            ("view_strategy", _("Can see the strategy's indicators")),
            ("enter_strategy_values", _("Can enter the strategy's baselines, targets and actuals")),
        ]


class Lever(Named):
    class Meta(Named.Meta):
        verbose_name = _("lever")
        verbose_name_plural = _("levers")


class Objective(Named):
    pillar = models.ForeignKey(Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="objectives")

    class Meta(Named.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")


class Indicator(Named):
    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("percent")
        MAD = "mad", _("MAD")
        RATIO = "ratio", _("ratio")

    class Measure(models.TextChoices):  # IATI IndicatorMeasure 1 (unit) and 5 (qualitative)
        QUANTITATIVE = "quantitative", _("quantitative")
        QUALITATIVE = "qualitative", _("qualitative")

    class Direction(models.TextChoices):  # IATI's ascending attribute
        UP = "up", _("up is good")
        DOWN = "down", _("down is good")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum of the territories")
        WEIGHTED_MEAN = "weighted_mean", _("mean weighted by population")
        NONE = "none", _("not aggregable")

    class Weight(models.TextChoices):
        POPULATION = "population", _("population")
        WOMEN = "women", _("women")
        MEN = "men", _("men")

    class Disaggregation(models.TextChoices):
        SEX = "sex", _("sex")
        AGE_BAND = "age_band", _("age band")
        DISABILITY = "disability", _("disability")
        AREA = "area", _("urban or rural")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="indicators"
    )
    levers = models.ManyToManyField(Lever, verbose_name=_("levers"), related_name="indicators", blank=True)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices, default=Measure.QUANTITATIVE)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    aggregation = models.CharField(_("aggregation"), max_length=15, choices=Aggregation.choices)
    weight = models.CharField(_("weight"), max_length=12, choices=Weight.choices, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.YEARLY)
    # The traffic light: within `on_track_margin` % of the year's target (on the wrong side) is on track,
    # within `at_risk_margin` % at risk, beyond it off track. The direction says which side is wrong.
    on_track_margin = models.DecimalField(_("on-track margin (%)"), max_digits=5, decimal_places=1, default=5)
    at_risk_margin = models.DecimalField(_("at-risk margin (%)"), max_digits=5, decimal_places=1, default=15)
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True)

    class Meta(Named.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(aggregation="weighted_mean") | ~models.Q(weight=""),
                name="strategy_weighted_mean_has_weight",
            ),
            models.CheckConstraint(
                condition=models.Q(at_risk_margin__gte=models.F("on_track_margin")),
                name="strategy_margins_ordered",
            ),
        ]

    @property
    def decimals(self) -> int:
        if self.unit in (self.Unit.COUNT, self.Unit.MAD):
            return 0
        return 2 if self.unit == self.Unit.RATIO else 1


class Figure(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("baseline")
        TARGET = "target", _("target")
        ACTUAL = "actual", _("actual")

    class Level(models.TextChoices):
        NATION = "nation", _("nation")
        REGION = "region", _("region")
        PROVINCE = "province", _("province or prefecture")

    class Origin(models.TextChoices):
        ENTERED = "entered", _("entered")
        COMPUTED = "computed", _("computed from Jisr's records")

    id = models.BigAutoField(primary_key=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    code = models.CharField(_("territory code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.ENTERED)
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    illustrative = models.BooleanField(_("illustrative (demo)"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"))

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "level", "code", "year", "origin"], name="strategy_one_figure_per_cell"
            ),
            models.UniqueConstraint(
                fields=["indicator", "level", "code"],
                condition=models.Q(kind="baseline"),
                name="strategy_one_baseline_per_territory",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "kind", "level", "year"], name="strategy_figure_layer_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.kind} {self.level} {self.code} {self.year}: {self.value}"


class FigureRevision(models.Model):
    """The value a revision replaced, with who had recorded it and when (nothing is overwritten silently)."""

    id = models.BigAutoField(primary_key=True)
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="revisions")
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"))
    replaced_at = models.DateTimeField(_("replaced on"))

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")

    def __str__(self) -> str:
        return f"{self.figure_id}: {self.value} until {self.replaced_at}"


class Refresh(models.Model):
    """One recomputation of the computed actuals: its progress and when it ended."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.BigAutoField(primary_key=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refresh of the computed actuals")
        verbose_name_plural = _("refreshes of the computed actuals")

    def __str__(self) -> str:
        return f"{self.created_at} ({self.status})"
