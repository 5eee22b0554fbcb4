"""Khadamati's foundation: the one-time sign-in codes of citizens and the declarations of whom they act for."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, anchored
from jisr.territories.models import Commune, Province


class Channel(models.TextChoices):
    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")


class SignInCode(models.Model):
    """One six-digit code asked for a mobile number or an e-mail address (docs/khadamati.md, "Sign-in").

    Only a keyed hash of the code is stored (HMAC-SHA256 under a key derived from SECRET_KEY, salted with the
    row's id): a copy of the database does not give the codes, even by trying the million of them. `sent` is
    False when no code went out (the number or address belongs to a staff account): the row still counts
    against the limits, so the answer and the limits are the same for every number. Rows are deleted a day
    after they were asked for.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    destination = models.CharField(max_length=254, db_index=True)  # +2126… or a lower-case e-mail address
    code_hash = models.CharField(max_length=64, blank=True)
    sent = models.BooleanField(default=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class SignInLock(models.Model):
    """Wrong codes entered for one number or address, and until when it is locked once they reach the limit."""

    destination = models.CharField(max_length=254, primary_key=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self) -> str:
        return f"{self.failures} → {self.locked_until}"


@anchored(AnchorFields(region="region_code", province="province_id"))
class Representation(models.Model):
    """A citizen's declaration of whom they act for (themselves, a minor child, an adult under guardianship),
    with the supporting document, verified or refused by the office of the person's province.

    Until it is verified, the citizen sees only what they entered; the office's verification links it to the
    person's record in the beneficiary index when one has the same CIN or register number.
    """

    class Relation(models.TextChoices):
        SELF = "self", _("myself")
        MINOR_CHILD = "minor_child", _("my minor child")
        ADULT_UNDER_GUARDIANSHIP = "adult_under_guardianship", _("an adult under my guardianship")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="khadamati_representations"
    )
    relation = models.CharField(_("whom you act for"), max_length=30, choices=Relation.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    cin = models.CharField(_("national identity card (CIN)"), max_length=8, blank=True)
    civil_register_id = models.CharField(_("civil register number"), max_length=20, blank=True)
    commune = models.ForeignKey(Commune, verbose_name=_("commune of residence"), on_delete=models.PROTECT)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, editable=False, related_name="+")
    region_code = models.CharField(max_length=10, editable=False, db_index=True)
    # The supporting document (jisr/khadamati/documents.py): encrypted on disk under a key of its own,
    # itself encrypted here under the field keys.
    document_name = models.CharField(_("document"), max_length=150)
    document_type = models.CharField(max_length=50)
    document_size = models.PositiveIntegerField()
    document_stored_name = models.CharField(max_length=32, blank=True)
    document_key = EncryptedTextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    declared_at = models.DateTimeField(_("declared on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="khadamati_representations"
    )

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-declared_at"]
        permissions = [("verify_representation", _("Can verify or refuse a declaration of representation"))]
        constraints = [
            models.CheckConstraint(
                name="representation_has_an_identifier", condition=~models.Q(cin="", civil_register_id="")
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=models.Q(relation="self") & ~models.Q(status="refused"),
                name="one_open_self_representation",
            ),
            models.UniqueConstraint(
                fields=["citizen", "cin"],
                condition=~models.Q(cin="") & ~models.Q(status="refused"),
                name="one_open_representation_per_cin",
            ),
            models.UniqueConstraint(
                fields=["citizen", "civil_register_id"],
                condition=~models.Q(civil_register_id="") & ~models.Q(status="refused"),
                name="one_open_representation_per_register_number",
            ),
        ]
        indexes = [models.Index(fields=["province", "status", "declared_at"], name="representation_queue")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


# The back office's records live in a module of their own; importing them here makes them Khadamati's models.
from jisr.khadamati.models_office import AssessmentInstrument, Card  # noqa: E402

__all__ = ["AssessmentInstrument", "Card", "Channel", "Representation", "SignInCode", "SignInLock"]
