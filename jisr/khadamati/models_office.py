"""The back office's records (docs/khadamati.md, "Back office"): the social assessment instrument's versions and
the disability card. Imported by `jisr.khadamati.models`, so Django sees them as Khadamati's models."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, Via, anchored
from jisr.core.versioned import VersionedDefinition
from jisr.territories.models import Province


class AssessmentInstrument(VersionedDefinition):
    """A version of the social assessment instrument (`jisr.khadamati.instrument` describes its definition).

    As the center diagnosis protocols: a published version never changes; editing it makes the next
    version, as a draft; an assessment keeps the version it used, so its scores can always be read again.
    """

    class Meta:
        verbose_name = _("social assessment instrument")
        verbose_name_plural = _("social assessment instruments")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="khadamati_instrument_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(status="published"), name="khadamati_one_published_instrument"
            ),
        ]
        ordering = ["code", "-version"]


def new_verification_code() -> str:
    """128 random bits, URL-safe (22 characters): a card's verification address cannot be guessed."""
    import secrets

    return secrets.token_urlsafe(16)


@anchored(AnchorFields(region="region_code", province="province_id"))
class Card(models.Model):
    """A disability card: its number, its validity, its holder, and the unguessable code of its public
    verification page (which says only "valid until …" or "not valid", and the holder's initials).

    A renewal or a replacement issues a new card and marks the previous one `replaced`; a card is never
    deleted while its holder's record is kept.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REPLACED = "replaced", _("replaced")
        WITHDRAWN = "withdrawn", _("withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("card number"), max_length=20, unique=True)
    verification_code = models.CharField(max_length=32, unique=True, default=new_verification_code, editable=False)
    request = models.ForeignKey(
        "khadamati.Request", on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="khadamati_cards"
    )
    holder_first_name = models.CharField(_("first name"), max_length=100)
    holder_last_name = models.CharField(_("family name"), max_length=100)
    holder_birth_date = models.DateField(_("date of birth"))
    holder_cin = models.CharField(_("national identity card (CIN)"), max_length=8, blank=True)
    holder_civil_register_id = models.CharField(_("civil register number"), max_length=20, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(max_length=10, db_index=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued on"))
    withdrawn_reason = models.CharField(_("reason for the withdrawal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disability card")
        verbose_name_plural = _("disability cards")
        ordering = ["-issued_at"]
        # The back office's permissions that belong to no record of their own.
        permissions = [
            ("export_requests", _("Can export the queues of Khadamati's requests")),
            ("view_figures", _("Can read Khadamati's figures")),
        ]
        constraints = [
            models.CheckConstraint(
                name="khadamati_card_validity_order", condition=models.Q(valid_until__gt=models.F("valid_from"))
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="khadamati_card_renewals")]

    def __str__(self) -> str:
        return self.number

    @property
    def initials(self) -> str:
        """The holder's initials ("A. B."), all the verification page says of them."""
        names = (self.holder_first_name, self.holder_last_name)
        return " ".join(f"{name.strip()[0]}." for name in names if name.strip())


@anchored(Via("request"))
class MedicalReview(models.Model):
    """The provincial medical committee's record on one request: its review of the medical report, then its
    findings (after an in-person assessment, or on the file alone). Both are encrypted at rest and every read is
    written to the audit log (`selectors_office.medical_review_read`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.OneToOneField("khadamati.Request", on_delete=models.CASCADE, related_name="medical_review")
    report_review = EncryptedTextField(_("review of the medical report"))
    in_person_needed = models.BooleanField(_("an in-person assessment is needed"), default=False)
    findings = EncryptedTextField(_("medical findings"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed on"))
    findings_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    findings_at = models.DateTimeField(_("findings recorded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("medical review")
        verbose_name_plural = _("medical reviews")

    def __str__(self) -> str:
        return f"{self.request_id} {self.reviewed_at:%Y-%m-%d}"


@anchored(Via("request"))
class Convocation(models.Model):
    """A call to an in-person assessment by the medical committee: when, where, and how the person was told (a
    family member may come along)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey("khadamati.Request", on_delete=models.CASCADE, related_name="convocations")
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    channel = models.CharField(_("sent by"), max_length=5, blank=True)  # sms, email, or "" (no contact)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # Once the day has passed, the committee records whether the person came; after a missed one, either the next
    # convocation or the date by which the person is to contact the office (JISR_KHADAMATI_CONVOCATION_MISSED_DAYS).
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(_("outcome recorded on"), null=True, blank=True)
    respond_by = models.DateField(_("to contact the office by"), null=True, blank=True)
    followed_by = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follows")

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.scheduled_at:%Y-%m-%d %H:%M}"


@anchored(Via("request"))
class SocialAssessment(models.Model):
    """The social assistant's assessment of a request with one version of the instrument: the ratings, the
    environment, and the scores the service computed (`instrument.score`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey("khadamati.Request", on_delete=models.CASCADE, related_name="social_assessments")
    instrument = models.ForeignKey(AssessmentInstrument, on_delete=models.PROTECT, related_name="assessments")
    ratings = models.JSONField(_("ratings"), default=dict)
    environment = models.JSONField(_("environment"), default=dict)
    scores = models.JSONField(_("scores"), default=dict)
    total_scaled = models.DecimalField(_("total score (0–100)"), max_digits=4, decimal_places=1)
    notes = EncryptedTextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed on"))

    class Meta:
        verbose_name = _("social assessment")
        verbose_name_plural = _("social assessments")
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.assessed_at:%Y-%m-%d}"

    @property
    def score_rows(self) -> list[dict[str, Any]]:
        """Per domain of the version used, its title and scores (for the pages)."""
        from jisr.cases.protocols import text_in_language

        domains = self.scores.get("domains", {})
        rows = []
        for domain in self.instrument.definition["domains"]:
            found = domains.get(domain["code"], {})
            rows.append(
                {
                    "title": text_in_language(domain["title"]),
                    "raw": found.get("raw"),
                    "max": found.get("max"),
                    "scaled": Decimal(found["scaled"]) if "scaled" in found else None,
                }
            )
        return rows

    @property
    def environment_rows(self) -> list[dict[str, str]]:
        from jisr.cases.protocols import text_in_language

        environment = self.instrument.definition["environment"]
        labels = {choice["code"]: text_in_language(choice["label"]) for choice in environment["choices"]}
        return [
            {
                "title": text_in_language(factor["title"]),
                "choice": labels.get(self.environment.get(factor["code"], ""), ""),
            }
            for factor in environment["factors"]
            if factor["code"] in self.environment
        ]


@anchored(Via("request"))
class CaseLink(models.Model):
    """A case at a social center opened or linked from a request (convergence: one person, many services), with
    the applicant's consent to be referred. Referrals to partners are then sent from that case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey("khadamati.Request", on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="khadamati_links")
    opened = models.BooleanField(_("opened from the request"), default=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(_("linked on"))

    class Meta:
        verbose_name = _("case linked to a request")
        verbose_name_plural = _("cases linked to requests")
        constraints = [models.UniqueConstraint(fields=["request", "case"], name="khadamati_one_link_per_case")]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.case_id}"
