"""Every write of the social watch: rules, the scheduled evaluation that raises alerts, and the alert's steps.

Each step is audited in its own transaction (`jisr.core.audit`). The evaluation raises at most one open
alert per condition (rule × territory): a second firing of a condition whose alert is not closed only
updates when it was last seen; two evaluations at once cannot both raise it (the database constraint
`watch_one_open_alert_per_condition`, and a savepoint around the insert).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core import audit, scope, watch_signals
from jisr.core.models import AuditLog
from jisr.watch import notifications
from jisr.watch.models import Alert, AlertEvent, WatchRule
from jisr.watch.selectors import ADD_RULE, CHANGE_ALERT, CHANGE_RULE, active_rules, assignable_users

logger = logging.getLogger(__name__)

RULE_FIELDS = ("name", "signal", "params", "level", "severity", "is_active")


def clean_rule(*, signal: str, level: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's parameters as its signal validates them; ValidationError naming every wrong field at once."""
    spec = watch_signals.signal_of(signal)
    if spec is None:
        raise ValidationError({"signal": [_("Choose one of the proposed signals.")]})
    cleaned, errors = spec.clean_params(params)
    if level not in spec.levels:
        errors["level"] = [_("This signal is not evaluated at this territory level.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _rule_values(rule: WatchRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS}


@transaction.atomic
def rule_save(
    *, acting_user: User, rule: WatchRule | None = None, name: str, signal: str, level: str, severity: str,
    is_active: bool, params: Mapping[str, Any],
) -> WatchRule:  # fmt: skip
    """Create a rule (`rule` None) or change it; its parameters validated by its signal; audited (old → new)."""
    scope.require(acting_user, ADD_RULE if rule is None else CHANGE_RULE, rule)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_rule(signal=signal, level=level, params=params)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned = dict(params)
    target = rule or WatchRule(created_by=acting_user)
    before = _rule_values(target) if rule is not None else {}
    for field, value in (("name", name), ("signal", signal), ("level", level), ("severity", severity),
                         ("is_active", is_active), ("params", cleaned)):  # fmt: skip
        setattr(target, field, value)
    try:
        target.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    target.last_error = ""
    target.save()
    action = AuditLog.Action.CREATE if rule is None else AuditLog.Action.UPDATE
    audit.record(actor=acting_user, action=action, obj=target, changes=audit.diff(before, _rule_values(target)))
    return target


def evaluate_rules(*, today: datetime.date | None = None) -> dict[str, int]:
    """Evaluate every active rule (the scheduled task): each rule in its own transaction, so that one
    failing rule leaves the others' alerts. Returns how many rules ran, alerts were raised and rules skipped."""
    today = today or timezone.localdate()
    counts = {"rules": 0, "raised": 0, "resolved": 0, "skipped": 0}
    for rule in active_rules():
        outcome = rule_evaluate(rule=rule, today=today)
        if outcome is None:
            counts["skipped"] += 1
        else:
            counts["rules"] += 1
            counts["raised"] += outcome.raised
            counts["resolved"] += outcome.resolved
    return counts


@dataclass(frozen=True)
class Evaluation:
    raised: int
    resolved: int


@transaction.atomic
def rule_evaluate(*, rule: WatchRule, today: datetime.date) -> Evaluation | None:
    """Evaluate one rule: raise an alert for each territory where its condition holds and no alert of that
    condition is open, and close the rule's alerts whose condition no longer holds; returns how many were
    raised and closed, None when the rule cannot be evaluated (recorded on it; its alerts are left as they are)."""
    now = timezone.now()
    spec = watch_signals.signal_of(rule.signal)
    problem = ""
    if spec is None:
        problem = _("The signal of this rule is no longer available.")
    else:
        params, errors = spec.clean_params(rule.params)
        if errors or rule.level not in spec.levels:
            problem = _("The parameters of this rule are no longer valid: edit the rule.")
    if problem or spec is None:
        WatchRule.objects.filter(pk=rule.pk).update(last_error=problem[:300], last_evaluated_at=now)
        logger.warning("watch rule %s skipped: %s", rule.pk, problem)
        return None
    raised, holding = 0, set()
    for firing in spec.evaluate(params, rule.level, today):
        holding.add(firing.key)
        if _raise_or_touch(rule=rule, firing=firing, now=now):
            raised += 1
    resolved = _resolve(rule=rule, holding=holding, now=now)
    WatchRule.objects.filter(pk=rule.pk).update(last_error="", last_evaluated_at=now)
    return Evaluation(raised=raised, resolved=resolved)


def _resolve(*, rule: WatchRule, holding: set[str], now: datetime.datetime) -> int:
    """Close the rule's alerts (open or acknowledged, assigned or not) whose condition did not fire at this
    evaluation: the history says "closed: the condition no longer holds", by the evaluation; audited."""
    gone = (
        Alert.objects.select_for_update()
        .filter(rule=rule)
        .exclude(status=Alert.Status.CLOSED)
        .exclude(condition_key__in=holding)
        .order_by("raised_at", "id")
    )
    closed = 0
    for alert in gone:
        before = alert.status
        alert.status, alert.closed_at = Alert.Status.CLOSED, now
        alert.save(update_fields=["status", "closed_at"])
        AlertEvent.objects.create(alert=alert, kind=AlertEvent.Kind.RESOLVED, at=now)
        changes = {"status": [before, Alert.Status.CLOSED], "condition": [alert.condition_key, None]}
        audit.record(actor=None, action=AuditLog.Action.UPDATE, obj=alert, changes=changes)
        closed += 1
    return closed


def _raise_or_touch(*, rule: WatchRule, firing: watch_signals.Firing, now: datetime.datetime) -> bool:
    """Raise the alert of `firing`, or, when its condition already has an open alert, note it is still true."""
    values = {"value": firing.value, "reference": firing.reference, "figures": dict(firing.figures),
              "last_seen_at": now}  # fmt: skip
    still_open = Alert.objects.filter(rule=rule, condition_key=firing.key).exclude(status=Alert.Status.CLOSED)
    if still_open.update(**values):
        return False
    alert = Alert(
        rule=rule, signal=rule.signal, condition_key=firing.key, level=firing.level,
        region_code=firing.region_code, province_code=firing.province_code or "", center_id=firing.center_id,
        severity=rule.severity, raised_at=now, **values,
    )  # fmt: skip
    alert.full_clean(exclude=["center"], validate_constraints=False)
    try:
        with transaction.atomic():  # a concurrent evaluation raised it first: the constraint makes this a no-op
            alert.save(force_insert=True)
    except IntegrityError:
        return False
    AlertEvent.objects.create(alert=alert, kind=AlertEvent.Kind.RAISED, at=now)
    audit.record(actor=None, action=AuditLog.Action.CREATE, obj=alert,
                 changes={"rule": str(rule.pk), "condition": firing.key, "value": firing.value})  # fmt: skip
    notifications.raised(alert=alert)
    return True


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update().get(pk=alert.pk)


def _step(*, acting_user: User, alert: Alert, kind: str, changes: dict[str, Any], note: str = "",
          assigned_to: User | None = None) -> None:  # fmt: skip
    AlertEvent.objects.create(alert=alert, kind=kind, by=acting_user, at=timezone.now(), note=note,
                              assigned_to=assigned_to)  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=alert, changes=changes)


def _open_or_refuse(alert: Alert) -> None:
    if alert.status == Alert.Status.CLOSED:
        raise ValidationError(_("This alert is closed."))


@transaction.atomic
def alert_acknowledge(*, acting_user: User, alert: Alert) -> Alert:
    """Say the alert is seen and being looked at (open → acknowledged); audited."""
    scope.require(acting_user, CHANGE_ALERT, alert)
    alert = _locked(alert)
    _open_or_refuse(alert)
    if alert.status == Alert.Status.ACKNOWLEDGED:
        return alert
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.save(update_fields=["status"])
    _step(acting_user=acting_user, alert=alert, kind=AlertEvent.Kind.ACKNOWLEDGED,
          changes={"status": [Alert.Status.OPEN, Alert.Status.ACKNOWLEDGED]})  # fmt: skip
    return alert


@transaction.atomic
def alert_assign(*, acting_user: User, alert: Alert, assignee: User) -> Alert:
    """Give the alert to a coordinator of its territory who may act on alerts (acknowledging it); audited."""
    scope.require(acting_user, CHANGE_ALERT, alert)
    alert = _locked(alert)
    _open_or_refuse(alert)
    if not assignable_users(alert).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": [_("Choose someone who may act on alerts in this territory.")]})
    before = alert.assigned_to_id
    alert.assigned_to = assignee
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.save(update_fields=["assigned_to", "status"])
    _step(acting_user=acting_user, alert=alert, kind=AlertEvent.Kind.ASSIGNED, assigned_to=assignee,
          changes={"assigned_to": [before, assignee.pk]})  # fmt: skip
    return alert


@transaction.atomic
def alert_comment(*, acting_user: User, alert: Alert, note: str) -> Alert:
    """Add a comment to the alert's history (allowed on a closed alert too); audited."""
    scope.require(acting_user, CHANGE_ALERT, alert)
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Write a comment.")]})
    _step(acting_user=acting_user, alert=alert, kind=AlertEvent.Kind.COMMENTED, note=note[:4000],
          changes={"comment": [None, "added"]})  # fmt: skip
    return alert


@transaction.atomic
def alert_close(*, acting_user: User, alert: Alert, note: str) -> Alert:
    """Close the alert with the reason (what was done); the same condition may raise a new alert after; audited."""
    scope.require(acting_user, CHANGE_ALERT, alert)
    alert = _locked(alert)
    _open_or_refuse(alert)
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say what was done or why the alert is closed.")]})
    before = alert.status
    alert.status, alert.closed_at = Alert.Status.CLOSED, timezone.now()
    alert.save(update_fields=["status", "closed_at"])
    _step(acting_user=acting_user, alert=alert, kind=AlertEvent.Kind.CLOSED, note=note[:4000],
          changes={"status": [before, Alert.Status.CLOSED]})  # fmt: skip
    return alert
