"""Users, roles (with their permissions as data), memberships (role × anchor) and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, Organization
from jisr.territories.models import Province, Region


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=5, blank=True)
    # A Moroccan mobile number in international form (+2126…/+2127…): how a citizen signs in to
    # Khadamati with a one-time code, and where their messages go. One account per number.
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique_when_given"
            ),
        ]


class Level(models.TextChoices):
    """Where a role's membership is anchored."""

    NATIONAL = "national", _("national")
    REGION = "region", _("region")
    PROVINCE = "province", _("province or prefecture")
    CENTER = "center", _("center")
    PARTNER = "partner", _("partner organization")
    CITIZEN = "citizen", _("citizen")


class Role(models.Model):
    """A role such as "social worker"; what it may do is the `permissions` set, editable as data."""

    NATIONAL_OFFICER = "national_officer"
    NATIONAL_ANALYST = "national_analyst"
    REGIONAL_COORDINATOR = "regional_coordinator"
    PROVINCIAL_COORDINATOR = "provincial_coordinator"
    CENTER_MANAGER = "center_manager"
    SOCIAL_WORKER = "social_worker"
    PARTNER_AGENT = "partner_agent"
    PROVINCIAL_DISABILITY_OFFICER = "provincial_disability_officer"
    MEDICAL_COMMITTEE_MEMBER = "medical_committee_member"
    SOCIAL_ASSISTANT = "social_assistant"
    COMMITTEE_SECRETARY = "committee_secretary"
    PROGRAM_OFFICER = "program_officer"
    CITIZEN = "citizen"

    slug = models.SlugField(_("code"), max_length=50, primary_key=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    sees_personal_data = models.BooleanField(
        _("sees personal data"),
        default=True,
        help_text=_("Off for roles that see aggregates only, such as the national analyst."),
    )
    permissions = models.ManyToManyField(
        Permission, verbose_name=_("permissions"), blank=True, related_name="jisr_roles"
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "ar")[:2]
        return {"ar": self.name_ar, "fr": self.name_fr}.get(language, self.name_en)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=today),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today),
        )


class Membership(models.Model):
    """A user's role at one anchor: the nation, a region, a province, a center or a partner."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="memberships")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True)
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, null=True, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_has_at_most_one_anchor",
                condition=(
                    models.Q(region__isnull=True, province__isnull=True, center__isnull=True)
                    | models.Q(
                        region__isnull=False, province__isnull=True, center__isnull=True, organization__isnull=True
                    )
                    | models.Q(
                        region__isnull=True, province__isnull=False, center__isnull=True, organization__isnull=True
                    )
                    | models.Q(
                        region__isnull=True, province__isnull=True, center__isnull=False, organization__isnull=True
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        anchor = self.center or self.province or self.region or self.organization or _("national")
        return f"{self.user} — {self.role} — {anchor}"


class ApiToken(models.Model):
    """A bearer token for `/api/v1/`: only its SHA-256 is stored; it expires and can be revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} — {self.prefix}…"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
