"""The back office's records (docs/khadamati.md, "Back office"): the social assessment instrument's versions and
the disability card. Imported by `jisr.khadamati.models`, so Django sees them as Khadamati's models."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.scope import AnchorFields, anchored
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
