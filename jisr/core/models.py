"""Shared models: the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """Who did what to which object, when, with the old and new values (append-only)."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        VIEW = "view", _("viewed")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        TOKEN = "token", _("API token")

    occurred_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # core_audit_actor_time_idx starts with it
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_repr = models.CharField(_("object name"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        permissions = [("view_audit", _("Can search the audit log"))]
        # The log page reads newest first, one page at a time from a position (keyset), under any one
        # filter: each index leads with a filter and ends with the order, so that a page at 1,000,000
        # entries is an index range, not a sort (bench/audit_log.py).
        indexes = [
            models.Index(fields=["occurred_at", "id"], name="core_audit_time_idx"),
            models.Index(fields=["action", "occurred_at", "id"], name="core_audit_action_time_idx"),
            models.Index(fields=["object_type", "occurred_at", "id"], name="core_audit_type_time_idx"),
            models.Index(fields=["object_type", "object_id", "occurred_at", "id"], name="core_audit_object_time_idx"),
            models.Index(fields=["object_id", "occurred_at", "id"], name="core_audit_objectid_time_idx"),
            models.Index(fields=["actor", "occurred_at", "id"], name="core_audit_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type} {self.object_id}"
        )

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("The audit log is append-only.")


class IdempotencyKey(models.Model):
    """The first answer to an API create sent with an `Idempotency-Key` header, replayed on a repeat.

    One row per (user, key): the unique constraint is what makes two simultaneous requests with one key
    run the create once (the second waits for the first's transaction, then finds its answer).
    Rows older than IDEMPOTENCY_KEY_HOURS are ignored and purged (`jisr purge_idempotency_keys`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    # The answer may name a person: encrypted at rest like the other sensitive fields (jisr/core/crypto.py).
    response_body = EncryptedTextField(default="", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.method} {self.path} {self.key}"
