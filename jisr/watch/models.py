"""The social watch: rules (a registered signal, its parameters, a level) and the alerts they raise.

A rule is data, never code or SQL: `signal` names a signal registered in `jisr.core.watch_signals` by the
app that owns the data, `params` holds the values of that signal's parameters (validated by the signal when
the rule is saved and again when it is evaluated). An alert is one condition (rule × territory) found true;
while it is not closed the same condition raises no second alert (a partial unique constraint). An alert
sits where its territory is (region, province, center): scope derives who sees it from that.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.scope import AnchorFields, Via, anchored
from jisr.core.watch_signals import CENTER, PROVINCE, REGION


class Level(models.TextChoices):
    REGION = REGION, _("region")
    PROVINCE = PROVINCE, _("province or prefecture")
    CENTER = CENTER, _("center")


class Severity(models.TextChoices):
    WARNING = "warning", _("to watch")
    DANGER = "danger", _("serious")


# Rules are national settings: no territory anchor, so only a national grant covers them.
@anchored(AnchorFields())
class WatchRule(models.Model):
    Level = Level
    Severity = Severity

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=150)
    signal = models.CharField(_("signal"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict)
    level = models.CharField(_("territory level"), max_length=10, choices=Level.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_evaluated_at = models.DateTimeField(_("last evaluated on"), null=True, blank=True)
    # Why the last evaluation skipped the rule (its signal is gone, its parameters no longer valid); empty when fine.
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("watch rule")
        verbose_name_plural = _("watch rules")

    def __str__(self) -> str:
        return self.name


@anchored(AnchorFields(region="region_code", province="province_code", center="center_id"))
class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CLOSED = "closed", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.ForeignKey(WatchRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="alerts")
    signal = models.CharField(_("signal"), max_length=80)
    condition_key = models.CharField(max_length=120)  # the territory of the firing: "province:09.001"
    level = models.CharField(_("territory level"), max_length=10, choices=Level.choices)
    region_code = models.CharField(max_length=10, db_index=True)
    province_code = models.CharField(max_length=20, blank=True, db_index=True)
    center = models.ForeignKey("centers.Center", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    value = models.FloatField(_("observed value"))
    reference = models.FloatField(_("reference value"), null=True, blank=True)
    figures = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(_("raised on"))
    last_seen_at = models.DateTimeField(_("condition last seen on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "id"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "condition_key"],
                condition=~models.Q(status="closed"),
                name="watch_one_open_alert_per_condition",
            ),
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_at__isnull=False)
                | (~models.Q(status="closed") & models.Q(closed_at__isnull=True)),
                name="watch_alert_closed_at_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-raised_at"], name="watch_alert_status_idx"),
            models.Index(fields=["province_code", "status"], name="watch_alert_province_idx"),
            models.Index(fields=["region_code", "status"], name="watch_alert_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} — {self.condition_key}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


@anchored(Via("alert"))
class AlertEvent(models.Model):
    """One step of an alert's history: raised, acknowledged, assigned, commented, closed (by a person, or by
    the evaluation when the condition no longer holds: "resolved")."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("raised")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        ASSIGNED = "assigned", _("assigned")
        COMMENTED = "commented", _("comment")
        CLOSED = "closed", _("closed")
        RESOLVED = "resolved", _("closed: the condition no longer holds")

    id = models.BigAutoField(primary_key=True)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(_("comment"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
