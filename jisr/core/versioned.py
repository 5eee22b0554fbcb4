"""A versioned definition held as data: the center diagnosis protocols, Khadamati's social assessment
instrument. The content is JSON validated by its app; a published version never changes — editing it makes
the next version, as a draft — and the records made with a version keep it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class VersionedDefinition(models.Model):
    """The fields and the title of a versioned definition; each concrete model adds its Meta (the unique
    code and version) and what is its own."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("retired")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField(_("definition"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"ar": self.title_ar, "fr": self.title_fr}.get(language, self.title_en)
