"""What a user is told: one row per notification of one person, and each person's choice per kind.

A notification holds a kind (registered by the app that owns the event, `jisr.notifications.kinds`), a
reference to the object it is about (its model and primary key) and at most a reference number such as a
case's; never a beneficiary's name, a note or anything about a vulnerability. Its sentence is the kind's,
translated when it is shown, so that the same row reads in each reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a user wants to be told of one kind of event."""

    IMMEDIATE = "immediate", _("at once, by e-mail too")
    DIGEST = "digest", _("in the daily e-mail summary")
    OFF = "off", _("not at all")


class Notification(models.Model):
    class Email(models.TextChoices):
        """What the notification's e-mail is, decided when it is created (the recipient's preference then)."""

        IMMEDIATE = "immediate", _("sent at once")
        DIGEST = "digest", _("in the daily summary")
        NONE = "none", _("no e-mail")

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    object_type = models.CharField(max_length=60)  # "cases.case": the model the notification is about
    object_id = models.CharField(max_length=64)
    # A reference number the recipient already knows (a case's reference), never a name.
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    # Periodic detections name their event (a follow-up, a referral overdue while waiting for an answer):
    # the database refuses a second notification of the same event to the same person.
    event_key = models.CharField(max_length=80, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_type", "object_id", "event_key"],
                condition=~models.Q(event_key=""),
                name="notifications_one_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notifications_user_newest_idx"),
            models.Index(fields=["user", "read_at"], name="notifications_user_unread_idx"),
            models.Index(fields=["email", "emailed_at"], name="notifications_email_due_idx"),
            models.Index(fields=["created_at"], name="notifications_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}:{self.object_id} → {self.user_id}"


class NotificationPreference(models.Model):
    """A user's choice for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
