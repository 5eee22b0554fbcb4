"""Notifications are the staff's own messages, outside the beneficiaries' export (`jisr.core.personal_data`).

They hold a kind, the reference of the object (its model, its key, a case's reference number) and dates,
never a beneficiary's name, a note or anything about a vulnerability: anonymizing a person leaves nothing
of them here. They are deleted after JISR_NOTIFICATION_RETENTION_DAYS (`notifications.purge`).
"""

from __future__ import annotations

from jisr.core import personal_data
from jisr.notifications.models import Notification, NotificationPreference

REASONS = {
    Notification: "a staff member's notification: a kind and the reference of an object, never a person's "
    "identity; deleted after JISR_NOTIFICATION_RETENTION_DAYS",
    NotificationPreference: "a staff member's choice of how to be told of one kind of event",
}


def register() -> None:
    for model, reason in REASONS.items():
        personal_data.declare_no_personal_data(model, reason)
