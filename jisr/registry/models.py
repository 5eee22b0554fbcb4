"""The social registry: one row per household with its socio-economic data, as declared or verified.

Built for national scale (about 5 million households): a flat table keyed by the registry's own
household id, written by bulk imports (`jisr/registry/importing/`), with the territory
denormalized (commune, province, region) so that targeting and coverage group without joins. Its
members are persons of the beneficiary index, each with one `RegistryMember` row
(`jisr/registry/members.py`).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.scope import AnchorFields, Via, anchored
from jisr.people.models import Person, Vulnerability
from jisr.territories.models import Commune


# Households are read by territory (the registry is national data, not a center's): a regional or provincial
# grant of registry.view_registryhousehold covers the households of its communes.
@anchored(AnchorFields(region="region_code", province="province_code"))
class RegistryHousehold(models.Model):
    class Area(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    class Housing(models.TextChoices):
        VILLA = "villa", _("villa")
        APARTMENT = "apartment", _("apartment")
        MODERN_HOUSE = "modern_house", _("modern Moroccan house")
        TRADITIONAL_HOUSE = "traditional_house", _("traditional house")
        RURAL_HOUSE = "rural_house", _("rural dwelling")
        SHANTY = "shanty", _("shanty")
        OTHER = "other", _("other")

    class Occupancy(models.TextChoices):
        OWNER = "owner", _("owner")
        TENANT = "tenant", _("tenant")
        FREE = "free", _("housed free of charge")
        OTHER = "other", _("other")

    class Water(models.TextChoices):
        PIPED = "piped", _("piped into the dwelling")
        PUBLIC_TAP = "public_tap", _("public tap")
        WELL = "well", _("well or spring")
        OTHER = "other", _("other")

    class Sanitation(models.TextChoices):
        SEWER = "sewer", _("public sewer")
        SEPTIC = "septic", _("septic tank")
        NONE = "none", _("none")

    household_id = models.CharField(_("registry household id"), max_length=30, primary_key=True)
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT, db_constraint=False,
                                related_name="+")  # fmt: skip
    province_code = models.CharField(max_length=20, db_index=True)
    region_code = models.CharField(max_length=10, db_index=True)
    area = models.CharField(_("urban or rural"), max_length=5, choices=Area.choices)
    size = models.PositiveSmallIntegerField(_("members"))
    head_sex = models.CharField(_("sex of the head"), max_length=1)
    head_age = models.PositiveSmallIntegerField(_("age of the head"))
    head_schooling_years = models.PositiveSmallIntegerField(_("years of schooling of the head"))
    head_employed = models.BooleanField(_("the head works"))
    children_under_15 = models.PositiveSmallIntegerField(_("children under 15"))
    elderly_over_60 = models.PositiveSmallIntegerField(_("members over 60"))
    members_with_disability = models.PositiveSmallIntegerField(_("members with a disability"))
    housing = models.CharField(_("housing"), max_length=20, choices=Housing.choices)
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    occupancy = models.CharField(_("occupancy"), max_length=10, choices=Occupancy.choices)
    water = models.CharField(_("water"), max_length=10, choices=Water.choices)
    electricity = models.BooleanField(_("electricity"))
    sanitation = models.CharField(_("sanitation"), max_length=10, choices=Sanitation.choices)
    has_fridge = models.BooleanField(_("refrigerator"))
    has_tv = models.BooleanField(_("television"))
    has_car = models.BooleanField(_("car"))
    has_computer = models.BooleanField(_("computer"))
    water_spending = models.DecimalField(_("water, MAD per month"), max_digits=8, decimal_places=2)
    electricity_spending = models.DecimalField(_("electricity, MAD per month"), max_digits=8, decimal_places=2)
    phone_spending = models.DecimalField(_("phone, MAD per month"), max_digits=8, decimal_places=2)
    declared_on = models.DateField(_("declared on"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40)
    imported_at = models.DateTimeField(_("imported on"))
    pmt_index = models.FloatField(_("proxy-means-test index"), null=True, blank=True)
    pmt_version = models.PositiveIntegerField(_("PMT model version"), null=True, blank=True)
    pmt_scored_at = models.DateTimeField(_("scored on"), null=True, blank=True)

    class Meta:
        verbose_name = _("registered household")
        verbose_name_plural = _("registered households")
        indexes = [models.Index(fields=["commune"], name="registry_household_commune_idx")]

    def __str__(self) -> str:
        return self.household_id


@anchored(Via("household"))
class RegistryMember(models.Model):
    """A member of a registry household: a person of the beneficiary index (`people.Person` holds their
    identity: names, sex, birth date, CIN, national register id, commune, relation to the head), with what
    the registry declares about them. Written by bulk imports (`jisr/registry/members.py`)."""

    class Schooling(models.TextChoices):
        NONE = "none", _("none")
        PRESCHOOL = "preschool", _("preschool")
        PRIMARY = "primary", _("primary")
        LOWER_SECONDARY = "lower_secondary", _("lower secondary")
        UPPER_SECONDARY = "upper_secondary", _("upper secondary")
        HIGHER = "higher", _("higher education")

    class Occupation(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        UNEMPLOYED = "unemployed", _("unemployed")
        STUDENT = "student", _("pupil or student")
        HOMEMAKER = "homemaker", _("homemaker")
        RETIRED = "retired", _("retired")
        UNABLE_TO_WORK = "unable_to_work", _("unable to work")
        CHILD_OTHER = "child_other", _("young child or other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The unique constraint below indexes (household, member_no): no separate index on household.
    household = models.ForeignKey(RegistryHousehold, verbose_name=_("household"), on_delete=models.CASCADE,
                                  related_name="members", db_index=False)  # fmt: skip
    member_no = models.PositiveSmallIntegerField(_("member number"))
    person = models.OneToOneField(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                                  related_name="registry_member")  # fmt: skip
    relation_to_head = models.CharField(_("relation to the head of household"), max_length=20,
                                        choices=Person.Relation.choices)  # fmt: skip
    schooling = models.CharField(_("schooling level"), max_length=20, choices=Schooling.choices)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices)
    disability = models.BooleanField(_("disability"), default=False)
    disability_type = models.CharField(_("type of disability"), max_length=20,
                                       choices=Vulnerability.DisabilityType.choices, blank=True)  # fmt: skip
    declared_on = models.DateField(_("declared on"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40)
    imported_at = models.DateTimeField(_("imported on"))

    class Meta:
        verbose_name = _("registered household member")
        verbose_name_plural = _("registered household members")
        constraints = [
            models.UniqueConstraint(fields=["household", "member_no"], name="registry_member_once_per_household"),
            models.CheckConstraint(condition=models.Q(disability=True) | models.Q(disability_type=""),
                                   name="registry_member_disability_type_only_with_disability"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.household_id} #{self.member_no}"


class PmtModel(models.Model):
    """A version of the proxy-means-test model: coefficients per variable, by zone and region.

    The coefficients are data, imported from a file (`jisr registry pmt-import`), validated by
    `jisr.registry.pmt.validate_definition`; a version never changes once imported.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    illustrative = models.BooleanField(_("illustrative, not official"), default=True)
    definition = models.JSONField(_("coefficients"))
    imported_at = models.DateTimeField(_("imported on"), auto_now_add=True)
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("proxy-means-test model")
        verbose_name_plural = _("proxy-means-test models")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"PMT v{self.version}"


class ImportJob(models.Model):
    """One import of a registry file: its progress, its counts, its row-by-row errors."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    class Policy(models.TextChoices):
        UPDATE = "update", _("update what is already registered")
        REFUSE = "refuse", _("refuse what is already registered")

    class Kind(models.TextChoices):
        HOUSEHOLDS = "households", _("households")
        MEMBERS = "members", _("household members")

    id = models.BigAutoField(primary_key=True)
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(max_length=500)
    kind = models.CharField(_("what the file holds"), max_length=10, choices=Kind.choices, default=Kind.HOUSEHOLDS)
    policy = models.CharField(_("already registered"), max_length=10, choices=Policy.choices, default=Policy.REFUSE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # the first errors, for the page; the whole list is the CSV report
    errors_path = models.CharField(max_length=500, blank=True)
    cancel_requested = models.BooleanField(default=False)
    message = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)  # the messages of the report are in the user's language
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    progress_at = models.DateTimeField(null=True, blank=True)  # the running job's last sign of life
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the uploaded file and the reports were deleted, the retention period over (the counts stay).
    files_deleted_at = models.DateTimeField(_("files deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]
        permissions = [("import_registry", _("Can import registry files"))]

    def __str__(self) -> str:
        return self.file_name
