"""The works record of a center in the rehabilitation programme, its phases and its photos.

The works record is the truth about where a center stands in the programme; the center's own
`rehabilitation_status` and `rehabilitation_budget_mad` are a summary the works services keep in step
(docs/decisions.md, "the works record is the truth"). Money is not kept here beyond the budget: what was
committed, paid and spent comes from the partnerships' ledger through `jisr.centers.works.money`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, Via, anchored


class Phase(models.TextChoices):
    """The programme's phases, in the order a center goes through them."""

    IDENTIFIED = "identified", _("identified")
    STUDY = "study", _("study")
    TENDER = "tender", _("tender")
    WORKS = "works", _("works")
    EQUIPMENT = "equipment", _("equipment")
    ACCEPTANCE = "acceptance", _("acceptance")
    OPERATIONAL = "operational", _("operational")


PHASE_ORDER: list[str] = [phase.value for phase in Phase]
PHASE_CHOICES = Phase.choices
PHASE_LABELS = {phase.value: phase.label for phase in Phase}


def phase_index(phase: str) -> int:
    return PHASE_ORDER.index(phase)


# The center's summary status for each phase (the older, coarser field the directory and the map read).
CENTER_STATUS_OF_PHASE: dict[str, str] = {
    Phase.IDENTIFIED: "planned",
    Phase.STUDY: "studies",
    Phase.TENDER: "studies",
    Phase.WORKS: "works",
    Phase.EQUIPMENT: "works",
    Phase.ACCEPTANCE: "works",
    Phase.OPERATIONAL: "operational",
}


# Anchored at the center's region, province and center — never at its organization: a partner
# organization's users see the programme through the partnerships' conventions, not the works records.
@anchored(AnchorFields(region="center__region_code", province="center__province_id", center="center_id"))
class CenterWorks(models.Model):
    """One center in the rehabilitation programme: its phase, contractor, progress and budget."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    center = models.OneToOneField(
        "centers.Center", verbose_name=_("center"), on_delete=models.PROTECT, related_name="works"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.IDENTIFIED)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    budget_mad = models.DecimalField(
        _("budget (MAD)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    future_services = models.ManyToManyField(
        "centers.ServiceType",
        verbose_name=_("services once open"),
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["center__region_code", "center__name_fr"]
        verbose_name = _("center works")
        verbose_name_plural = _("center works")
        indexes = [models.Index(fields=["phase"], name="centers_works_phase_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_mad__gte=0), name="centers_works_budget_not_negative"),
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="centers_works_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return str(self.center)


@anchored(Via("works"))
class WorksPhase(models.Model):
    """The planned and actual dates of one phase of a center's works (one row per phase, made with the works)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    works = models.ForeignKey(CenterWorks, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    class Meta:
        ordering = ["works", "phase"]
        verbose_name = _("works phase")
        verbose_name_plural = _("works phases")
        constraints = [
            models.UniqueConstraint(fields=["works", "phase"], name="centers_works_one_row_per_phase"),
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="centers_works_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_start__isnull=True)
                | models.Q(actual_end__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="centers_works_actual_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["phase", "planned_end"], name="centers_works_phase_due_idx")]

    def __str__(self) -> str:
        return f"{self.works} — {self.get_phase_display()}"

    @property
    def index(self) -> int:
        return phase_index(self.phase)


@anchored(Via("works"))
class WorksPhoto(models.Model):
    """A photograph of the works, re-encoded without its metadata (EXIF, GPS), kept encrypted on disk."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    works = models.ForeignKey(CenterWorks, on_delete=models.CASCADE, related_name="photos")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(_("format"), max_length=30)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    # The random name under JISR_WORKS_PHOTOS_DIR and the file's own key (encrypted under JISR_FIELD_KEYS).
    stored_name = models.CharField(max_length=64, editable=False, unique=True)
    file_key = EncryptedTextField(editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added on"))

    class Meta:
        ordering = ["-added_at", "id"]
        verbose_name = _("works photo")
        verbose_name_plural = _("works photos")
        default_permissions = ("view", "add", "delete")

    def __str__(self) -> str:
        return self.caption or str(self.works)
