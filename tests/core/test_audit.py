"""The audit log is append-only and written in the caller's transaction."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction

from jisr.accounts import services
from jisr.accounts.models import Role
from jisr.core import audit
from jisr.core.models import AuditLog


def test_entries_cannot_be_updated_or_deleted(personas) -> None:  # type: ignore[no-untyped-def]
    entry = audit.record(actor=personas.national, action="view", obj=personas.center_a)
    entry.object_repr = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).update(object_repr="tampered")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.object_repr == str(personas.center_a)


def test_record_keeps_who_what_and_the_diff(personas) -> None:  # type: ignore[no-untyped-def]
    old = audit.snapshot(personas.center_a, ["capacity", "name_fr"])
    personas.center_a.capacity = (personas.center_a.capacity or 0) + 10
    entry = audit.record(
        actor=personas.manager_a,
        action="update",
        obj=personas.center_a,
        changes=audit.diff(old, audit.snapshot(personas.center_a, ["capacity", "name_fr"])),
    )
    assert entry.actor_username == "p-manager-a"
    assert entry.object_type == "centers.center" and entry.object_id == str(personas.center_a.pk)
    assert list(entry.changes) == ["capacity"]


def test_anonymous_actor_is_stored_as_nobody(db) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    entry = audit.record(actor=AnonymousUser(), action="login_failed", object_type="accounts.user")
    assert entry.actor is None and entry.actor_username == ""


def test_entry_is_rolled_back_with_the_change(personas) -> None:  # type: ignore[no-untyped-def]
    role = Role.objects.get(slug="citizen")
    permission = Permission.objects.get(content_type__app_label="centers", codename="view_center")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.role_set_permissions(acting_user=personas.national, role=role, permissions=[permission])
        assert AuditLog.objects.filter(object_type="accounts.role").count() == 1
        raise RuntimeError("something later in the same transaction fails")
    assert not role.permissions.exists()
    assert not AuditLog.objects.filter(object_type="accounts.role").exists()


def test_failed_service_writes_neither_change_nor_entry(personas) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.membership_add(
            acting_user=personas.national, user=personas.outsider, role=Role.objects.get(slug="social_worker")
        )
    assert not personas.outsider.memberships.exists()
    assert not AuditLog.objects.filter(object_type="accounts.membership").exists()
