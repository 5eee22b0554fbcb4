"""Integration pathways: certified modules, training programs and their sessions, attendance, results
and certificates; professional projects, social incubation and health and social mediation.

Modules are a national catalogue (no anchor). A program is anchored to its center; its sessions,
enrolments, attendance, results and certificates follow the program (an enrolment can also be read
from its case: anchor "case"); professional projects, incubations and mediations follow the case.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case
from jisr.centers.models import Center, Organization
from jisr.core.scope import Via, anchored
from jisr.people.models import Person


class TrainingModule(models.Model):
    """A certified unit: hours, competencies, how it is assessed, and who certifies it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    competencies = models.JSONField(_("competencies"), default=list)
    assessment_method = models.CharField(_("assessment"), max_length=300)
    passing_score = models.PositiveSmallIntegerField(
        _("passing score (out of 100)"), default=50, validators=[MaxValueValidator(100)]
    )
    minimum_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    certifying_body = models.CharField(_("certifying body"), max_length=200)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("certified module")
        verbose_name_plural = _("certified modules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "ar")[:2]
        return {"ar": self.title_ar, "fr": self.title_fr}.get(language, self.title_en)


@anchored(Via("center"))
class TrainingProgram(models.Model):
    class Kind(models.TextChoices):
        CERTIFIED_TRAINING = "certified_training", _("certified training")
        PROFESSIONAL_PROJECT = "professional_project", _("professional-project workshops")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="programs")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.CERTIFIED_TRAINING)
    # Users name programs: Arabic and French titles, shown in the page's language (issue 11).
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    modules = models.ManyToManyField(TrainingModule, verbose_name=_("modules"), related_name="programs")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")
        ordering = ["-starts_on", "title_fr"]
        permissions = [
            ("record_attendance", _("Can record attendance and results")),
            ("issue_certificate", _("Can issue certificates")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the page's language, else the other of Arabic and French (as MultilingualName)."""
        language = (get_language() or "ar")[:2]
        if language == "ar":
            return self.title_ar or self.title_fr
        if language == "en":
            return self.title_en or self.title_fr
        return self.title_fr or self.title_ar


@anchored(Via("program"))
class Session(models.Model):
    """One meeting of a program, on one module: attendance is taken per session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(TrainingProgram, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(TrainingModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5)])
    trainer = models.CharField(_("trainer"), max_length=200)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"{self.program} {self.held_on}"


@anchored(Via("program"), case=Via("case"))
class Enrollment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        COMPLETED = "completed", _("completed")
        DROPPED = "dropped", _("dropped out")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(TrainingProgram, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrollments")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    enrolled_at = models.DateTimeField()
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["program", "person"], name="training_one_enrollment")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.program_id}"


@anchored(Via("enrollment"))
class Attendance(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.session_id} {self.present}"


@anchored(Via("enrollment"))
class ModuleResult(models.Model):
    """The assessment of one enrolled person on one module of the program."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="results")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (out of 100)"), validators=[MaxValueValidator(100)])
    attendance_rate = models.PositiveSmallIntegerField(_("attendance (%)"))
    passed = models.BooleanField(_("passed"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "module"], name="training_result_once")]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.module_id} {self.score}"


@anchored(Via("result"))
class Certificate(models.Model):
    """A module certificate; anyone holding the verification code can check it is genuine."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    result = models.OneToOneField(ModuleResult, on_delete=models.PROTECT, related_name="certificate")
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    issued_at = models.DateTimeField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.verification_code


@anchored(Via("case"))
class ProfessionalProject(models.Model):
    """The written professional project a person produces in the workshops."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being written")
        VALIDATED = "validated", _("validated")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="professional_projects")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(_("project"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100)
    text = models.TextField(_("the written project"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("professional project")
        verbose_name_plural = _("professional projects")

    def __str__(self) -> str:
        return self.title


@anchored(Via("case"))
class Incubation(models.Model):
    """Social incubation of an income-generating activity: plan, support, funding obtained."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("idea")
        BUSINESS_PLAN = "business_plan", _("business plan")
        FUNDED = "funded", _("funded")
        LAUNCHED = "launched", _("activity launched")
        STOPPED = "stopped", _("stopped")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incubations")
    activity = models.CharField(_("activity"), max_length=200)
    business_plan = models.TextField(_("business plan"), blank=True)
    support = models.TextField(_("support given"), blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    funding_amount = models.DecimalField(
        _("funding obtained (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("social incubation")
        verbose_name_plural = _("social incubations")

    def __str__(self) -> str:
        return self.activity


@anchored(Via("case"))
class Mediation(models.Model):
    """Health or social mediation: accompanying the person to a service and recording what came of it."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("health mediation")
        SOCIAL = "social", _("social mediation")

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        DONE = "done", _("done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("with"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.CharField(_("result"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")

    def __str__(self) -> str:
        return self.purpose
