"""The marker that says which demo data set is loaded, so that `jisr demo` can exit at once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """One row per demo load: the generator version and whether the full or the small set is present."""

    class Variant(models.TextChoices):
        SMALL = "small", _("small")
        FULL = "full", _("full")

    version = models.PositiveIntegerField(_("demo data version"))
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("demo data set")
        verbose_name_plural = _("demo data sets")

    def __str__(self) -> str:
        return f"demo v{self.version} ({self.variant})"
