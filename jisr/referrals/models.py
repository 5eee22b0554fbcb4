"""Referrals: a case's person sent to another center or to a partner organization (convergence).

The receiving side sees only the fields the sender chose to share, and only after the person
consented to that sharing with that recipient (or another legal basis was recorded).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case, PlanAction
from jisr.centers.models import Center, Organization, ServiceType
from jisr.core.scope import AnchorFields, Via, anchored
from jisr.people.models import Person

# A referral is seen from three sides, each a named anchor: the sending center (the default, where the
# case is followed), the receiving center, and the receiving partner organization.
SENDER = "sender"
RECEIVING_CENTER = "receiving_center"
RECEIVING_ORGANIZATION = "receiving_organization"
_SENDING_CENTER = AnchorFields(
    region="from_center__region_code", province="from_center__province_id", center="from_center_id"
)

# A referral waits for, or is being given, an answer: another one to the same addressee is a duplicate.
OPEN_STATUSES = ["sent", "accepted"]
DUPLICATE_MESSAGE = _("This case already has an open referral to this recipient: answer or cancel it first.")


def _one_open_referral(addressee: str, label: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["case", addressee],
        condition=models.Q(status__in=OPEN_STATUSES),
        name=f"referrals_one_open_per_case_{label}",
        violation_error_message=DUPLICATE_MESSAGE,
    )


@anchored(
    _SENDING_CENTER,
    sender=_SENDING_CENTER,
    receiving_center=AnchorFields(region="to_center__region_code", province="to_center__province_id",
                                  center="to_center_id"),
    receiving_organization=AnchorFields(organization="to_organization_id"),
)  # fmt: skip
class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("sent, waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    class SharedField(models.TextChoices):
        NAME = "name", _("name")
        SEX_AGE = "sex_age", _("sex and age")
        PHONE = "phone", _("phone")
        COMMUNE = "commune", _("commune of residence")
        NEEDS = "needs", _("needs expressed")
        DISABILITY = "disability", _("disability")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("the person is not eligible")
        NO_CAPACITY = "no_capacity", _("no capacity at the moment")
        WRONG_SERVICE = "wrong_service", _("we do not offer this service")
        UNREACHABLE = "unreachable", _("the person could not be reached")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    plan_action = models.ForeignKey(
        PlanAction, verbose_name=_("action of the plan"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="referrals",
    )  # fmt: skip
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    from_center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="referrals_sent")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_center = models.ForeignKey(
        Center, verbose_name=_("to a center"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="referrals_received",
    )  # fmt: skip
    to_organization = models.ForeignKey(
        Organization, verbose_name=_("to a partner organization"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="referrals_received",
    )  # fmt: skip
    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("service requested"), on_delete=models.PROTECT, null=True, blank=True
    )
    service_requested = models.CharField(_("service requested (in words)"), max_length=200, blank=True)
    reason = models.TextField(_("reason for the referral"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Case.Urgency.choices, default="routine")
    shared_fields = models.JSONField(_("shared with the recipient"), default=list)
    message = models.TextField(_("message to the recipient"), blank=True)
    due_on = models.DateField(_("answer expected by"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    service_given = models.CharField(_("service given"), max_length=300, blank=True)
    feedback = models.TextField(_("feedback to the sender"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When the case's social worker opened the referral after its latest answer (acceptance, refusal or
    # completion): an answer given after it is "received" on their home until they open the referral.
    answer_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [("respond_referral", _("Can answer the referrals addressed to their center or organization"))]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(to_center__isnull=False) & models.Q(to_organization__isnull=True))
                | (models.Q(to_center__isnull=True) & models.Q(to_organization__isnull=False)),
                name="referrals_referral_one_recipient",
            ),
            # One open referral per case and addressee: a double submit or a second click cannot send
            # the same person twice to the same center or organization. (The other addressee field is
            # NULL, and NULLs never collide, so each constraint applies to its kind of addressee.)
            _one_open_referral("to_center", "center"),
            _one_open_referral("to_organization", "organization"),
        ]
        indexes = [
            models.Index(fields=["to_organization", "status"], name="referrals_to_org_status_idx"),
            models.Index(fields=["to_center", "status"], name="referrals_to_center_status_idx"),
            models.Index(fields=["from_center", "status"], name="referrals_from_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        recipient = self.to_center or self.to_organization
        return recipient.name if recipient else ""


@anchored(
    Via("referral"),
    sender=Via("referral", SENDER),
    receiving_center=Via("referral", RECEIVING_CENTER),
    receiving_organization=Via("referral", RECEIVING_ORGANIZATION),
)
class ReferralEvent(models.Model):
    """What happened to a referral, for the sender's and the recipient's history."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=Referral.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status}"
