"""Writing the audit trail, in the caller's transaction (DESIGN.md convention 3)."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from jisr.core.audit_display import stored_name
from jisr.core.models import AuditLog


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model, field_names: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, as JSON-ready values keyed by attribute name."""
    values: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if field_names is not None and model_field.name not in field_names:
            continue
        values[model_field.name] = _plain(getattr(instance, model_field.attname))
    return values


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {key: [old.get(key), new.get(key)] for key in new if old.get(key) != new.get(key)}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditLog:
    """Append one entry to the audit log. Call it inside the service's transaction.

    The object's name is kept as it is now, unless it is a person's name (`audit_display.stored_name`):
    that one is looked up when the log is read, so that an anonymized person's name never shows.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or stored_name(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_username=(actor.get_username() if authenticated else "")[:150],
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=changes or {},
        ip_address=ip_address,
    )
