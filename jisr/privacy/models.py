"""Protection of the person (law 09-08): the requests people make about their data, and how long
each kind of record is kept before it is anonymized."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center
from jisr.core.scope import Via, anchored
from jisr.people.models import Person


@anchored(Via("center"))
class DataSubjectRequest(models.Model):
    """A person's request about their data, logged where it was received and answered in writing."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("access to their data")
        RECTIFICATION = "rectification", _("rectification")
        OPPOSITION = "opposition", _("opposition to a processing")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        REFUSED = "refused", _("refused with reasons")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="data_requests")
    center = models.ForeignKey(Center, verbose_name=_("received at"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    details = models.TextField(_("what the person asks"))
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer due by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("answer"), blank=True)
    export_given = models.BooleanField(_("a copy of the data was given"), default=False)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["status", "due_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"


class RetentionPolicy(models.Model):
    """How long one kind of record is kept after it is finished, then what happens to it.

    Most record types say how long a kind of activity stays recent: each app's personal-data provider
    names its own (`jisr.core.personal_data`), and a person is anonymized once none of their records is
    recent. Listening notes and referral messages are emptied on their own, record by record.
    """

    class RecordType(models.TextChoices):
        CLOSED_CASE_PERSON = "closed_case_person", _("person whose cases are all closed")
        LISTENING_NOTES = "listening_notes", _("confidential listening notes of a closed case")
        REFERRAL_MESSAGES = "referral_messages", _("messages of a finished referral")
        REGISTERED_PERSON = "registered_person", _("person's record, since it was registered or last corrected")
        REGISTRY_MEMBER = "registry_member", _("member of a registry household, since its last import")
        TRAINING = "training", _("trainee, since their last enrolment or result")
        PROGRAM_ENROLMENT = "program_enrolment", _("household of a social program, since it exited")
        DATA_REQUEST = "data_request", _("data-subject request, since it was answered")
        KHADAMATI_REPRESENTATION = (
            "khadamati_representation",
            _("refused declaration of representation (Khadamati) and its document, since it was refused"),
        )
        KHADAMATI_REQUEST = (
            "khadamati_request",
            _("refused or withdrawn Khadamati request and its documents, since it became final"),
        )

    record_type = models.CharField(_("records"), max_length=30, choices=RecordType.choices, unique=True)
    months = models.PositiveSmallIntegerField(
        _("kept for (months)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    is_active = models.BooleanField(_("applied"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["record_type"]

    def __str__(self) -> str:
        return str(self.get_record_type_display())


class RetentionRun(models.Model):
    """One pass of the anonymization job: when, what it found, what it changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"
