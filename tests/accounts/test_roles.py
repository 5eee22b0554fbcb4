"""The roles page: national officers edit a role's permissions as data; everyone else gets 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import translation

from jisr.accounts.models import Role
from jisr.accounts.permissions_catalog import permission_groups
from jisr.core.models import AuditLog
from jisr.core.scope import forget_scope, user_scope


def _perm(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.mark.parametrize("url", ["/accounts/roles/", "/accounts/roles/social_worker/"])
@pytest.mark.parametrize("persona", ["analyst", "region_rsk", "manager_a", "partner", "citizen", "outsider"])
def test_roles_pages_are_404_without_change_role(client_for, url, persona) -> None:  # type: ignore[no-untyped-def]
    assert client_for(persona).get(url).status_code == 404


@pytest.mark.parametrize("url", ["/accounts/roles/", "/accounts/roles/social_worker/"])
def test_roles_pages_send_anonymous_to_login(db, url) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_national_sees_every_role_with_its_permissions(client_for) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        response = client_for("national").get("/accounts/roles/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for role in Role.objects.all():
        assert f"/accounts/roles/{role.slug}/" in html


def test_permission_labels_are_translated_and_grouped_by_jisr_app(db) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        groups = {group.app_label: group for group in permission_groups()}
        labels = {choice.dotted: choice.label for group in groups.values() for choice in group.choices}
    assert "auth" not in groups and "sessions" not in groups and "demo" not in groups
    assert {"accounts", "centers", "core", "territories"} <= set(groups)
    assert labels["core.view_audit"] == "Can search the audit log"
    assert labels["centers.view_center"] == "View center"


def test_editing_a_role_saves_the_set_and_audits_the_diff(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    wanted = [_perm("centers.view_center"), _perm("centers.export_centers")]
    assert "centers.export_centers" not in user_scope(personas.worker_a).grants_by_permission
    before = sorted(
        f"{p.content_type.app_label}.{p.codename}" for p in Role.objects.get(slug="social_worker").permissions.all()
    )
    client = client_for("national")
    assert client.get("/accounts/roles/social_worker/").status_code == 200
    response = client.post("/accounts/roles/social_worker/", {"permissions": [p.pk for p in wanted]})
    assert response.status_code == 302
    role = Role.objects.get(slug="social_worker")
    assert set(role.permissions.all()) == set(wanted)
    entry = AuditLog.objects.get(object_type="accounts.role", object_id="social_worker")
    assert entry.actor == personas.national
    assert entry.changes["permissions"] == [before, ["centers.export_centers", "centers.view_center"]]
    forget_scope(personas.worker_a)
    assert "centers.export_centers" in user_scope(personas.worker_a).grants_by_permission


def test_a_permission_outside_jisr_apps_is_refused_and_nothing_changes(client_for) -> None:  # type: ignore[no-untyped-def]
    before = set(Role.objects.get(slug="social_worker").permissions.all())
    response = client_for("national").post(
        "/accounts/roles/social_worker/", {"permissions": [_perm("auth.add_group").pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["permissions"]
    assert set(Role.objects.get(slug="social_worker").permissions.all()) == before
    assert not AuditLog.objects.filter(object_type="accounts.role").exists()


def test_unknown_role_is_404(client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("national").get("/accounts/roles/no-such-role/").status_code == 404
