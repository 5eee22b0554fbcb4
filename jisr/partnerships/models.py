"""Partnership conventions and their money, after the IATI 2.03 activity standard (docs/partnerships.md).

A `Convention` (an IATI activity) has parties with roles (IATI participating-org roles), covers territories
with declared shares, serves strategy pillars and objectives, and holds `Project`s (sub-activities), each
covering territories and, where it applies, centers. Money is one append-only ledger, `Transaction`, typed
with IATI's TransactionType codes (commitment 2, disbursement 3, expenditure 4, incoming funds 1), in MAD as
whole centimes (exact sums in every database); corrections are reversing entries. `Budget` holds the planned
amounts per year; `Earmark` reserves part of a commitment for a target group or a use.
None of these rows names a beneficiary: they hold organizations' agreements and amounts.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, anchored

CENTS = Decimal(100)
FULL_SHARE = 10000  # shares are kept in hundredths of a percent: 100 % = 10,000


def to_cents(amount: Decimal) -> int:
    """An amount in MAD (at most two decimals) as whole centimes."""
    return int((Decimal(amount) * CENTS).to_integral_value())


def to_mad(cents: int | None) -> Decimal:
    return (Decimal(cents or 0) / CENTS).quantize(Decimal("0.01"))


class Titled(models.Model):
    title_ar = models.CharField(_("title in Arabic"), max_length=300)
    title_fr = models.CharField(_("title in French"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        language = (get_language() or "ar")[:2]
        if language == "ar":
            return self.title_ar or self.title_fr
        if language == "en":
            return self.title_en or self.title_fr
        return self.title_fr or self.title_ar


# Seen from two sides: the territories it covers (its coverage rows) and the organizations party to it.
@anchored(
    AnchorFields(
        region="coverages__region_code", province="coverages__province_code", organization="parties__organization_id"
    ),  # fmt: skip
)
class Convention(Titled):
    """A partnership agreement (an IATI activity)."""

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("framework convention")
        SPECIFIC = "specific", _("specific convention")
        TRIPARTITE = "tripartite", _("tripartite convention")
        PROGRAM = "program", _("program contract")
        OTHER = "other", _("other agreement")

    class Status(
        models.TextChoices
    ):  # IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        IN_FORCE = "in_force", _("in force")
        CLOSED = "closed", _("closed")
        TERMINATED = "terminated", _("terminated")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=60, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField(_("signature date"), null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    pillars = models.ManyToManyField("strategy.Pillar", verbose_name=_("strategy pillars"), blank=True,
                                     related_name="conventions")  # fmt: skip
    objectives = models.ManyToManyField("strategy.Objective", verbose_name=_("strategy objectives"), blank=True,
                                        related_name="conventions")  # fmt: skip
    document_name = models.CharField(_("signed document"), max_length=150, blank=True)
    document_mime = models.CharField(max_length=60, blank=True)
    document_stored_name = models.CharField(max_length=32, blank=True)
    document_key = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        permissions = [
            ("record_transaction", _("Can record commitments, disbursements and expenditures")),
            ("validate_transaction", _("Can validate disbursements and expenditures above the four-eyes amount")),
            ("import_transactions", _("Can import commitments and disbursements")),
            ("export_partnerships", _("Can export conventions and their money (CSV, IATI)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partnerships_convention_period_ordered",
            )
        ]


class Party(models.Model):
    """An organization party to a convention, with its roles (IATI OrganisationRole; several may be held)."""

    id = models.BigAutoField(primary_key=True)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("centers.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="convention_parties")  # fmt: skip
    funding = models.BooleanField(_("funding"), default=False)  # IATI role 1
    accountable = models.BooleanField(_("accountable"), default=False)  # IATI role 2
    extending = models.BooleanField(_("extending"), default=False)  # IATI role 3
    implementing = models.BooleanField(_("implementing"), default=False)  # IATI role 4

    class Meta:
        ordering = ["id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["convention", "organization"], name="partnerships_one_party_per_org"),
            models.CheckConstraint(
                condition=models.Q(funding=True)
                | models.Q(accountable=True)
                | models.Q(extending=True)
                | models.Q(implementing=True),
                name="partnerships_party_has_a_role",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def iati_roles(self) -> list[int]:
        flags = [(1, self.funding), (2, self.accountable), (3, self.extending), (4, self.implementing)]
        return [code for code, held in flags if held]

    @property
    def role_labels(self) -> list[str]:
        names = [(self.funding, _("funding")), (self.accountable, _("accountable")),
                 (self.extending, _("extending")), (self.implementing, _("implementing"))]  # fmt: skip
        return [str(label) for held, label in names if held]


class Project(Titled):
    """A line of work under a convention: a center's rehabilitation, a training program, a women's line."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(_("code"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    centers = models.ManyToManyField("centers.Center", verbose_name=_("centers"), blank=True,
                                     related_name="partnership_projects")  # fmt: skip
    # True when the project declares territories of its own (its money is split by them, not its convention's).
    own_coverage = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [models.UniqueConstraint(fields=["convention", "code"], name="partnerships_project_code")]


@anchored(AnchorFields(region="region_code", province="province_code"))
class Coverage(models.Model):
    """A territory a convention (or one of its projects) covers, with its declared share of the money.

    The shares of one convention's rows (or of one project's) sum to 100 %; a project without rows of its own
    is split as its convention is. A province's row carries its region, so that a region's figures add up its
    provinces.
    """

    class Level(models.TextChoices):
        NATION = "nation", _("nation")
        REGION = "region", _("region")
        PROVINCE = "province", _("province or prefecture")

    id = models.BigAutoField(primary_key=True)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="coverages")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="coverages")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    region_code = models.CharField(_("region"), max_length=20, null=True, blank=True)
    province_code = models.CharField(_("province"), max_length=20, null=True, blank=True)
    share = models.PositiveIntegerField(_("share (hundredths of %)"),
                                        validators=[MinValueValidator(1), MaxValueValidator(FULL_SHARE)])  # fmt: skip

    class Meta:
        ordering = ["id"]
        verbose_name = _("territory covered")
        verbose_name_plural = _("territories covered")
        indexes = [models.Index(fields=["region_code", "convention"], name="partnerships_cov_region_idx"),
                   models.Index(fields=["province_code", "convention"], name="partnerships_cov_prov_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.province_code or self.region_code or 'MA'} {self.share / 100}%"

    @property
    def code(self) -> str:
        return self.province_code or self.region_code or "MA"

    @property
    def percent(self) -> Decimal:
        return Decimal(self.share) / 100


class Budget(models.Model):
    """The amount planned for one year of a convention (or of one of its projects): an IATI budget."""

    id = models.BigAutoField(primary_key=True)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="budgets")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount_cents = models.BigIntegerField(_("amount (centimes)"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["year"]
        verbose_name = _("planned budget")
        verbose_name_plural = _("planned budgets")
        constraints = [models.UniqueConstraint(fields=["convention", "project", "year"],
                                               name="partnerships_one_budget_per_year")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"

    @property
    def amount(self) -> Decimal:
        return to_mad(self.amount_cents)


class Transaction(models.Model):
    """One entry of the ledger: never edited, never deleted; a correction is a reversing entry."""

    class Kind(models.IntegerChoices):  # IATI TransactionType
        INCOMING_FUNDS = 1, _("incoming funds")
        COMMITMENT = 2, _("commitment")
        DISBURSEMENT = 3, _("disbursement")
        EXPENDITURE = 4, _("expenditure")

    class Category(models.TextChoices):
        WORKS = "works", _("works")
        EQUIPMENT = "equipment", _("equipment")
        TRAINING = "training", _("training")
        OPERATION = "operation", _("operation")
        STAFF = "staff", _("staff")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting a second validation")
        VALIDATED = "validated", _("validated")
        REJECTED = "rejected", _("rejected")

    id = models.BigAutoField(primary_key=True)
    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="transactions")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, null=True, blank=True, related_name="transactions")
    kind = models.PositiveSmallIntegerField(_("type"), choices=Kind.choices)
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="transactions")
    receiver = models.ForeignKey(Party, verbose_name=_("paid to"), on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="received")  # fmt: skip
    amount_cents = models.BigIntegerField(_("amount (centimes)"))
    value_date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, blank=True)
    earmark = models.ForeignKey("Earmark", verbose_name=_("earmark"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="expenditures")  # fmt: skip
    description = models.CharField(_("description"), max_length=500, blank=True)
    reference = models.CharField(_("document reference"), max_length=120, blank=True)
    external_ref = models.CharField(_("external reference"), max_length=120, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALIDATED)
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="reversed_by")  # fmt: skip
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded on"))
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")  # fmt: skip
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)

    class Meta:
        ordering = ["-value_date", "-id"]
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [
            models.Index(fields=["convention", "kind", "year"], name="partnerships_tx_conv_idx"),
            models.Index(fields=["project", "kind"], name="partnerships_tx_project_idx"),
            models.Index(fields=["kind", "year"], name="partnerships_tx_kind_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount_cents=0), name="partnerships_tx_not_zero"),
            models.CheckConstraint(
                condition=models.Q(validated_by__isnull=True) | ~models.Q(validated_by=models.F("recorded_by")),
                name="partnerships_tx_four_eyes",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_cents__gt=0) | models.Q(reverses__isnull=False),
                name="partnerships_tx_negative_only_reversal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} MAD ({self.value_date})"

    @property
    def amount(self) -> Decimal:
        return to_mad(self.amount_cents)


class Earmark(models.Model):
    """A share of a commitment reserved for a target group or a use (6 M MAD of 10 M for women)."""

    class Target(models.TextChoices):
        WOMEN = "women", _("women")
        DISABILITY = "disability", _("persons with disabilities")
        CHILDREN = "children", _("children")
        ELDERLY = "elderly", _("elderly persons")
        YOUTH = "youth", _("young people")
        OTHER = "other", _("other use")

    id = models.BigAutoField(primary_key=True)
    commitment = models.ForeignKey(Transaction, verbose_name=_("commitment"), on_delete=models.PROTECT,
                                   related_name="earmarks")  # fmt: skip
    target = models.CharField(_("target group or use"), max_length=12, choices=Target.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount_cents = models.BigIntegerField(_("amount (centimes)"), validators=[MinValueValidator(1)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("earmark")
        verbose_name_plural = _("earmarks")

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.amount} MAD"

    @property
    def amount(self) -> Decimal:
        return to_mad(self.amount_cents)


class Total(models.Model):
    """The counted (validated) money of a convention, or one of its projects, per type and year: a roll-up of
    `Transaction` kept in the same transaction as each entry that starts to count, so that the figures by
    territory, pillar and year read thousands of rows instead of a million (docs/performance.md).
    `jisr.partnerships.figures.rebuild_totals` recomputes it from the ledger; a test holds the two equal."""

    id = models.BigAutoField(primary_key=True)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="totals")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="totals")
    kind = models.PositiveSmallIntegerField(choices=Transaction.Kind.choices)
    year = models.PositiveSmallIntegerField()
    amount_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("total")
        verbose_name_plural = _("totals")
        constraints = [
            models.UniqueConstraint(fields=["convention", "kind", "year"], condition=models.Q(project__isnull=True),
                                    name="partnerships_total_convention"),
            models.UniqueConstraint(fields=["project", "kind", "year"], condition=models.Q(project__isnull=False),
                                    name="partnerships_total_project"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["convention", "year", "kind", "project", "amount_cents"],
                                name="partnerships_total_cover_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.convention_id} {self.project_id} {self.kind} {self.year}: {self.amount_cents}"
