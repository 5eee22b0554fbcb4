"""Regional consultations (docs/consultations.md): rounds of meetings in the regions, the recommendations
territorial actors brought there, and the regional action plans that answer them, tracked to execution.

After Decidim's meetings, proposals and accountability results. Where each row sits: a meeting, its
recommendations and a region's plan sit in their region; an action sits in its plan's region *and* with its
owner organization, so that a partner organization's users reach the actions it owns and nothing else.
None of these rows names a beneficiary; meetings name offices (a chair is written as a function, e.g.
"the wali of the region"), organizations and counts.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.consultations.choices import TargetGroup
from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, Via, anchored

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _in_language(ar: str, fr: str) -> str:
    return (fr or ar) if (get_language() or "ar")[:2] != "ar" else (ar or fr)


class ConsultationRound(models.Model):
    """A round of consultations, e.g. the regional meetings that prepared the 2022–2026 strategy."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=300)
    name_fr = models.CharField(_("name in French"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        permissions = [
            ("view_consultations", _("Can see the consultations, recommendations and action plans")),
            ("manage_meetings", _("Can record consultation meetings")),
            ("manage_recommendations", _("Can enter, import, decide and merge recommendations")),
            ("manage_plans", _("Can build regional action plans")),
            ("report_progress", _("Can report the progress of actions")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_ar, self.name_fr)


@anchored(AnchorFields(region="region_id"))
class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        REPORT_PUBLISHED = "report_published", _("report published")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        ConsultationRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="meetings"
    )
    sequence = models.PositiveSmallIntegerField(_("order in the round"))
    region = models.ForeignKey(
        "territories.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="consultation_meetings"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    chair = models.CharField(
        _("chaired by"),
        max_length=300,
        blank=True,
        help_text=_("The office, not the person: e.g. the wali of the region."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    organizations = models.ManyToManyField(
        "centers.Organization",
        verbose_name=_("participating organizations"),
        related_name="consultation_meetings",
        blank=True,
    )
    # The minutes: encrypted on disk under JISR_CONSULTATIONS_FILES_DIR (jisr.core.encrypted_files).
    minutes_name = models.CharField(_("minutes"), max_length=200, blank=True)
    minutes_type = models.CharField(max_length=100, blank=True, editable=False)
    minutes_stored_name = models.CharField(max_length=64, blank=True, editable=False)
    minutes_key = EncryptedTextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "sequence"]
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        constraints = [
            models.UniqueConstraint(fields=["round", "sequence"], name="consultations_meeting_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.held_on:%Y-%m-%d}"


@anchored(Via("meeting"))
class Attendance(models.Model):
    class Category(models.TextChoices):
        AUTHORITIES = "authorities", _("local authorities")
        ELECTED = "elected", _("elected officials")
        SECTORAL = "sectoral", _("sectoral services")
        ASSOCIATIONS = "associations", _("associations")
        AGENCIES = "agencies", _("the ministry and its agencies")
        OTHER = "other", _("others")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)

    class Meta:
        ordering = ["category"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "category"], name="consultations_one_count_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.women}+{self.men}"


@anchored(AnchorFields(region="region_id"))
class ActionPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey(
        "territories.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="action_plans"
    )
    round = models.ForeignKey(
        ConsultationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
    )
    first_year = models.PositiveSmallIntegerField(_("from"), validators=[MinValueValidator(2000)])
    last_year = models.PositiveSmallIntegerField(_("to"), validators=[MaxValueValidator(2100)])
    title_ar = models.CharField(_("title in Arabic"), max_length=300)
    title_fr = models.CharField(_("title in French"), max_length=300)

    class Meta:
        ordering = ["region", "-first_year"]
        verbose_name = _("regional action plan")
        verbose_name_plural = _("regional action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "first_year", "last_year"], name="consultations_one_plan_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")), name="consultations_plan_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_ar, self.title_fr)


@anchored(AnchorFields(region="plan__region_id", organization="owner_id"))
class PlanAction(models.Model):
    """A line of a regional plan. Its progress is rolled up from its results (`rollup.py`) and stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("line"), max_length=20)
    title_ar = models.CharField(_("title in Arabic"), max_length=500)
    title_fr = models.CharField(_("title in French"), max_length=500)
    owner = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("owner organization"),
        on_delete=models.PROTECT,
        related_name="consultation_actions",
    )
    partners = models.ManyToManyField(
        "centers.Organization", verbose_name=_("partners"), blank=True, related_name="consultation_partner_actions"
    )
    province = models.ForeignKey(
        "territories.Province",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty when the action covers the whole region."),
    )
    pillar = models.ForeignKey(
        "strategy.Pillar", verbose_name=_("pillar"), on_delete=models.PROTECT, null=True, blank=True
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    budget = models.DecimalField(
        _("budget (MAD)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    indicators = models.ManyToManyField(
        "strategy.Indicator", verbose_name=_("strategy indicators"), blank=True, related_name="consultation_actions"
    )
    progress = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT, editable=False
    )

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="consultations_action_code_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="consultations_action_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _in_language(self.title_ar, self.title_fr)


@anchored(AnchorFields(region="meeting__region_id"))
class Recommendation(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        UNDER_STUDY = "under_study", _("under study")
        ACCEPTED = "accepted", _("accepted")
        MERGED = "merged", _("merged into another")
        NOT_RETAINED = "not_retained", _("not retained")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveIntegerField(_("number"))
    text_ar = models.TextField(_("text in Arabic"), blank=True)
    text_fr = models.TextField(_("text in French"), blank=True)
    organization = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_recommendations",
    )
    province = models.ForeignKey(
        "territories.Province",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty when it concerns the whole region."),
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    pillar = models.ForeignKey(
        "strategy.Pillar", verbose_name=_("pillar"), on_delete=models.PROTECT, null=True, blank=True
    )
    lever = models.ForeignKey(
        "strategy.Lever", verbose_name=_("lever"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_changed_at = models.DateTimeField(_("status changed on"))
    action = models.ForeignKey(
        PlanAction,
        verbose_name=_("action of the plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    reason = models.TextField(_("reason"), blank=True)
    # The texts folded for the search of duplicates (duplicates.py): Arabic as the people search folds it.
    key_ar = models.TextField(blank=True, editable=False)
    key_fr = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="consultations_recommendation_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(text_ar="", text_fr=""), name="consultations_recommendation_has_text"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="not_retained") | ~models.Q(reason=""),
                name="consultations_not_retained_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(action__isnull=False),
                name="consultations_accepted_has_action",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="consultations_merged_has_target",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="consultations_rec_status_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:60]}"

    @property
    def text(self) -> str:
        return _in_language(self.text_ar, self.text_fr)

    @property
    def reference(self) -> str:
        return f"R{self.meeting.region_id}-{self.number:03d}"


@anchored(Via("recommendation"))
class RecommendationEvent(models.Model):
    """One change of a recommendation's status: when, by whom, from what to what, and why."""

    id = models.BigAutoField(primary_key=True)
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=20, choices=Recommendation.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Recommendation.Status.choices)
    action = models.ForeignKey(PlanAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    merged_into = models.ForeignKey(Recommendation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("recommendation status change")
        verbose_name_plural = _("recommendation status changes")

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"


class ResultStatus(models.Model):
    """A status of a result with the progress it stands for (Decidim's accountability statuses)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        ordering = ["progress", "code"]
        verbose_name = _("result status")
        verbose_name_plural = _("result statuses")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"ar": self.name_ar, "fr": self.name_fr}.get(language, self.name_en)


@anchored(Via("action"))
class Result(models.Model):
    """A result of an action; results nest (parent → child). A result with children takes its progress from
    them (weighted where every child has a weight, else their mean); a leaf from its status or its own value."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="results")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=500)
    title_fr = models.CharField(_("title in French"), max_length=500)
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    status = models.ForeignKey(ResultStatus, verbose_name=_("status"), on_delete=models.PROTECT, null=True, blank=True)
    own_progress = models.DecimalField(
        _("progress reported (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    progress = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT, editable=False
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "title_fr"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_ar, self.title_fr)


@anchored(Via("action"))
class Milestone(models.Model):
    id = models.BigAutoField(primary_key=True)
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="milestones")
    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    reached_on = models.DateField(_("date"))
    title_ar = models.CharField(_("title in Arabic"), max_length=300, blank=True)
    title_fr = models.CharField(_("title in French"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reached_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_ar="", title_fr=""), name="consultations_milestone_has_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reached_on} {self.title}"

    @property
    def title(self) -> str:
        return _in_language(self.title_ar, self.title_fr)
