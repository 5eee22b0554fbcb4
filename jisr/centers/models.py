"""The centers directory: organizations, social centers and the services they offer.

The supply side of the social map, published as Open Referral HSDS 3.0 at `/hsds/`.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.scope import AnchorFields, Via, anchored
from jisr.territories.models import Commune, Province

phone_validator = RegexValidator(r"^\+?[0-9 ().-]{6,20}$", _("Enter a phone number such as +212 5 37 00 00 00."))


class MultilingualName(models.Model):
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "ar")[:2]
        if language == "ar":
            return self.name_ar or self.name_fr
        if language == "en":
            return self.name_en or self.name_fr
        return self.name_fr or self.name_ar


@anchored(
    AnchorFields(region="province__region_id", province="province_id", organization="id"),
    # Where a new organization will sit: before it exists, no grant can name it, only its territory.
    territory=AnchorFields(region="province__region_id", province="province_id"),
)
class Organization(MultilingualName):
    """The ministry, its agencies, partner administrations and associations."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        PUBLIC_AGENCY = "public_agency", _("public agency")
        PARTNER_ADMINISTRATION = "partner_administration", _("partner administration")
        TERRITORIAL_COLLECTIVITY = "territorial_collectivity", _("territorial collectivity")
        ASSOCIATION = "association", _("association")
        COOPERATIVE = "cooperative", _("cooperative")

    class Sector(models.TextChoices):
        SOCIAL = "social", _("social action")
        HEALTH = "health", _("health")
        EDUCATION = "education", _("education")
        YOUTH = "youth", _("youth")
        EMPLOYMENT = "employment", _("employment")
        TOURISM = "tourism", _("tourism")
        JUSTICE = "justice", _("justice")
        TERRITORIAL = "territorial", _("territorial administration")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.SOCIAL)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for a national organization."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


@anchored(AnchorFields(region="region_code", province="province_id", center="id", organization="organization_id"))
class Center(MultilingualName):
    """A social center (an HSDS location) run by an organization, anchored to a commune."""

    class Kind(models.TextChoices):
        MULTIFUNCTION = "multifunction", _("multi-function (Jisr new-generation) center")
        WOMEN = "women", _("women's center")
        DISABILITY = "disability", _("center for persons with disabilities")
        DISABILITY_ORIENTATION = "disability_orientation", _("disability orientation center")
        ELDERLY = "elderly", _("center for elderly persons")
        CHILD_PROTECTION = "child_protection", _("child protection center")
        EDUCATION_TRAINING = "education_training", _("education and training center")
        APPRENTICESHIP = "apprenticeship", _("apprenticeship center")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        SOCIAL_SUPPORT = "social_support", _("social support center")

    class Rehabilitation(models.TextChoices):
        NONE = "none", _("not in the programme")
        PLANNED = "planned", _("planned")
        STUDIES = "studies", _("studies")
        WORKS = "works", _("works")
        OPERATIONAL = "operational", _("operational")

    class Status(models.TextChoices):
        ACTIVE = "active", _("open")
        INACTIVE = "inactive", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("center code"), max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="centers"
    )
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    is_jisr = models.BooleanField(_("Jisr new-generation center"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="centers")
    # Denormalized from the commune so that scope and directory filters need no join.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="centers", editable=False)
    region_code = models.CharField(max_length=20, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(36.5)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-17.5), MaxValueValidator(-0.9)],
    )
    capacity = models.PositiveIntegerField(_("capacity (persons)"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Accessibility of the premises for persons with special needs.
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    sign_language = models.BooleanField(_("sign language available"), default=False)
    braille_signage = models.BooleanField(_("braille signage"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    # The rehabilitation programme (about 240 centers, 200 M MAD).
    rehabilitation_status = models.CharField(
        _("rehabilitation status"), max_length=20, choices=Rehabilitation.choices, default=Rehabilitation.NONE
    )
    rehabilitation_budget_mad = models.DecimalField(
        _("rehabilitation budget (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        permissions = [
            ("import_centers", _("Can import centers from CSV or XLSX")),
            ("export_centers", _("Can export the centers directory")),
        ]
        indexes = [
            models.Index(fields=["region_code", "kind"]),
            models.Index(fields=["province", "kind"]),
            models.Index(fields=["rehabilitation_status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rehabilitation_budget_mad__isnull=True) | models.Q(rehabilitation_budget_mad__gte=0),
                name="center_budget_not_negative",
            ),
        ]


@anchored(Via("center"))
class OpeningHours(models.Model):
    """A weekly opening slot of a center (HSDS schedule)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="opening_hours_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ServiceType(MultilingualName):
    """A term of the Jisr services taxonomy (HSDS taxonomy_term)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")


LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("ary", _("Darija")),
    ("zgh", _("Amazigh")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("en", _("English")),
    ("sgn", _("Moroccan Sign Language")),
]


@anchored(Via("center"))
class CenterService(models.Model):
    """A service offered at a center: an HSDS service and its service_at_location."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_at_location_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="services")
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service"), on_delete=models.PROTECT, related_name="center_services"
    )
    description = models.TextField(_("description"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_type__code"]
        verbose_name = _("center service")
        verbose_name_plural = _("center services")
        constraints = [
            models.UniqueConstraint(fields=["center", "service_type"], name="one_service_type_per_center"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type} — {self.center}"


class CenterImport(models.Model):
    """An uploaded centers file waiting for confirmation (dry-run preview), then applied or abandoned.

    The file itself is kept so that the preview, the error report and the final import all read the
    same bytes; errors are recomputed on display so they always appear in the reader's language.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("awaiting confirmation")
        APPLIED = "applied", _("imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("centers created"), default=0)
    updated_count = models.PositiveIntegerField(_("centers updated"), default=0)
    # When the file's bytes were deleted, the retention period over (the record and its counts stay).
    content_deleted_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("centers import")
        verbose_name_plural = _("centers imports")

    def __str__(self) -> str:
        return self.file_name


# The rehabilitation programme's works records live in their own module; imported here so Django finds them.
from jisr.centers.works.models import CenterWorks, WorksPhase, WorksPhoto  # noqa: E402

__all__ = [
    "LANGUAGE_CHOICES",
    "Center",
    "CenterImport",
    "CenterService",
    "CenterWorks",
    "MultilingualName",
    "OpeningHours",
    "Organization",
    "ServiceType",
    "WorksPhase",
    "WorksPhoto",
    "phone_validator",
]
