"""Social programs, their eligibility rule (a constrained model, see rules.py) and enrolment of households."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    rule = models.JSONField(_("eligibility rule"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social program")
        verbose_name_plural = _("social programs")
        ordering = ["code"]
        permissions = [("enroll_households", _("Can enroll households in programs")),
                       ("view_coverage", _("Can see coverage and gaps"))]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "ar")[:2]
        return {"ar": self.name_ar, "fr": self.name_fr}.get(language, self.name_en)


class ProgramEnrollment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        ACTIVE = "active", _("enrolled")
        PAUSED = "paused", _("paused: no longer eligible")
        EXITED = "exited", _("exited")

    id = models.BigAutoField(primary_key=True)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    household_id = models.CharField(_("registry household id"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    manual = models.BooleanField(_("included manually"), default=False)
    justification = models.CharField(_("justification"), max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    exit_reason = models.CharField(_("reason for exit"), max_length=300, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled on"))
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("program enrolment")
        verbose_name_plural = _("program enrolments")
        constraints = [models.UniqueConstraint(fields=["program", "household_id"], name="programs_one_enrollment")]
        indexes = [models.Index(fields=["program", "status"], name="programs_enrollment_status_idx")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.household_id}"
