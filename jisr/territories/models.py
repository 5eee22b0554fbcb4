"""Morocco's territorial spine: regions → provinces/prefectures → communes (HCP codes as keys).

Codes are strings such as "01", "01.511", "01.511.01.0": never parse them by fixed width.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.scope import AnchorFields, anchored


class TerritoryNames(models.Model):
    """Names in Arabic and French, with the name to show in the active language."""

    name_ar = models.CharField(_("name in Arabic"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_ar if (get_language() or "ar").startswith("ar") else self.name_fr


class Region(TerritoryNames):
    code = models.CharField(_("HCP code"), max_length=20, primary_key=True)
    population_2024 = models.PositiveIntegerField(_("population (2024)"), default=0)
    households_2024 = models.PositiveIntegerField(_("households (2024)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(TerritoryNames):
    """A province or a prefecture (Casablanca's prefectures of arrondissements are not provinces)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")

    code = models.CharField(_("HCP code"), max_length=20, primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    population_2024 = models.PositiveIntegerField(_("population (2024)"), default=0)
    households_2024 = models.PositiveIntegerField(_("households (2024)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")


class PrefectureOfArrondissements(TerritoryNames):
    """Optional level: Casablanca's eight prefectures of arrondissements."""

    code = models.CharField(_("HCP code"), max_length=20, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="prefectures_of_arrondissements")
    population_2024 = models.PositiveIntegerField(_("population (2024)"), default=0)
    households_2024 = models.PositiveIntegerField(_("households (2024)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture of arrondissements")
        verbose_name_plural = _("prefectures of arrondissements")


# A place in a commune is in its province and region: where a record with no center yet would sit.
@anchored(AnchorFields(region="region_id", province="province_id"))
class Commune(TerritoryNames):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    code = models.CharField(_("HCP code"), max_length=20, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    kind = models.CharField(_("urban or rural"), max_length=10, choices=Kind.choices)
    population_2024 = models.PositiveIntegerField(_("population (2024)"), default=0)
    households_2024 = models.PositiveIntegerField(_("households (2024)"), default=0)
    population_2014 = models.PositiveIntegerField(_("population (2014)"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        indexes = [models.Index(fields=["province", "code"]), models.Index(fields=["region", "code"])]


class Arrondissement(TerritoryNames):
    code = models.CharField(_("HCP code"), max_length=20, primary_key=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="arrondissements")
    population_2024 = models.PositiveIntegerField(_("population (2024)"), default=0)
    households_2024 = models.PositiveIntegerField(_("households (2024)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("arrondissement")
        verbose_name_plural = _("arrondissements")
