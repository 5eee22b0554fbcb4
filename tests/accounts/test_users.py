"""The users pages: national officers list, create, give roles and deactivate; everyone else gets 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import ApiToken, Membership, Role, User
from jisr.accounts.tokens import token_issue
from jisr.core.models import AuditLog
from jisr.core.scope import user_scope
from tests.personas import AGADIR_PROVINCE

NOT_ALLOWED = ["analyst", "region_rsk", "province_agadir", "manager_a", "worker_a", "partner", "citizen", "outsider"]


def _user_urls(personas) -> list[str]:  # type: ignore[no-untyped-def]
    worker = personas.worker_a
    membership = worker.memberships.get()
    return [
        "/accounts/users/",
        "/accounts/users/new/",
        f"/accounts/users/{worker.pk}/",
        f"/accounts/users/{worker.pk}/deactivate/",
        f"/accounts/users/{worker.pk}/memberships/{membership.pk}/end/",
    ]


@pytest.mark.parametrize("persona", NOT_ALLOWED)
def test_users_pages_are_404_for_everyone_but_national(personas, client_for, persona) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    for url in _user_urls(personas):
        response = client.post(url) if url.endswith("/end/") else client.get(url)
        assert response.status_code == 404, url
    assert personas.worker_a.memberships.get().ends_on is None


def test_users_pages_send_anonymous_to_login(personas) -> None:  # type: ignore[no-untyped-def]
    for url in _user_urls(personas):
        response = Client().post(url) if url.endswith("/end/") else Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_list_searches_and_paginates(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    User.objects.bulk_create([User(username=f"bulk-{n:02d}", email=f"b{n}@example.org") for n in range(30)])
    client = client_for("national")
    first = client.get("/accounts/users/")
    assert first.status_code == 200
    assert first.context["page"].paginator.count == 40
    assert len(first.context["page"].object_list) == 25
    second = client.get("/accounts/users/?page=2")
    assert len(second.context["page"].object_list) == 15
    found = client.get("/accounts/users/?q=worker-a")
    assert [account.username for account in found.context["page"].object_list] == ["p-worker-a"]
    assert personas.center_a.name in found.content.decode()


@pytest.mark.parametrize("extra_users", [0, 40])
def test_list_query_count_is_pinned(personas, client_for, django_assert_num_queries, extra_users) -> None:  # type: ignore[no-untyped-def]
    User.objects.bulk_create([User(username=f"bulk-{n:02d}") for n in range(extra_users)])
    client = client_for("national")
    client.get("/accounts/users/")
    # session, user, scope (3), count, one page of users, their active memberships with anchors, the menu's
    # unread notifications, open social-watch alerts and the partnerships' entries awaiting validation.
    with django_assert_num_queries(11):
        client.get("/accounts/users/")


def test_create_user_then_give_a_center_role(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "new-worker",
            "email": "new@example.org",
            "password1": "Zq8-long-pass",
            "password2": "Zq8-long-pass",
        },
    )
    account = User.objects.get(username="new-worker")
    assert response["Location"] == f"/accounts/users/{account.pk}/"
    assert account.check_password("Zq8-long-pass")
    assert AuditLog.objects.filter(action="create", object_type="accounts.user", object_id=str(account.pk)).exists()

    role = Role.objects.get(slug="social_worker")
    missing = client.post(f"/accounts/users/{account.pk}/", {"role": role.pk})
    assert missing.status_code == 200 and missing.context["form"].errors["center"]
    wrong = client.post(
        f"/accounts/users/{account.pk}/",
        {"role": role.pk, "center": personas.center_a.code, "province": AGADIR_PROVINCE},
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["province"]
    assert not account.memberships.exists()

    ok = client.post(f"/accounts/users/{account.pk}/", {"role": role.pk, "center": personas.center_a.code})
    assert ok.status_code == 302
    membership = account.memberships.get()
    assert membership.center == personas.center_a
    assert AuditLog.objects.filter(action="create", object_type="accounts.membership").exists()


def test_national_role_takes_no_anchor_and_partner_needs_an_organization(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    url = f"/accounts/users/{personas.outsider.pk}/"
    national = Role.objects.get(slug="national_analyst")
    assert client.post(url, {"role": national.pk, "center": personas.center_a.code}).context["form"].errors["center"]
    partner = Role.objects.get(slug="partner_agent")
    assert client.post(url, {"role": partner.pk}).context["form"].errors["organization"]
    assert client.post(url, {"role": partner.pk, "organization": personas.health_partner.pk}).status_code == 302


def test_bad_input_is_rejected_with_errors(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    weak = client.post("/accounts/users/new/", {"username": "weak", "password1": "123", "password2": "123"})
    assert weak.status_code == 200 and weak.context["form"].errors["password1"]
    taken = client.post(
        "/accounts/users/new/", {"username": "p-worker-a", "password1": "Zq8-long-pass", "password2": "Zq8-long-pass"}
    )
    assert taken.context["form"].errors["username"]
    role = Role.objects.get(slug="social_worker")
    unknown_center = client.post(f"/accounts/users/{personas.outsider.pk}/", {"role": role.pk, "center": "nope"})
    assert unknown_center.context["form"].errors["center"]
    assert not User.objects.filter(username="weak").exists()


def test_end_membership_removes_the_grant_now(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    membership = personas.worker_a.memberships.get()
    response = client_for("national").post(f"/accounts/users/{personas.worker_a.pk}/memberships/{membership.pk}/end/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate() - timedelta(days=1)
    assert user_scope(User.objects.get(pk=personas.worker_a.pk)).grants_by_permission == {}
    assert AuditLog.objects.filter(object_type="accounts.membership", object_id=str(membership.pk)).exists()


def test_deactivate_needs_confirmation_then_ends_everything(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    token, _raw = token_issue(user=personas.worker_a)
    client = client_for("national")
    url = f"/accounts/users/{personas.worker_a.pk}/deactivate/"
    assert client.get(url).status_code == 200
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert User.objects.get(pk=personas.worker_a.pk).is_active
    assert client.post(url, {"confirm": "on"}).status_code == 302
    account = User.objects.get(pk=personas.worker_a.pk)
    assert account.is_active is False
    assert not Membership.objects.active().filter(user=account).exists()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    entry = AuditLog.objects.get(object_type="accounts.user", object_id=str(account.pk), action="update")
    assert entry.changes["is_active"] == [True, False]


def test_national_cannot_deactivate_themself(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national").post(f"/accounts/users/{personas.national.pk}/deactivate/", {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert User.objects.get(pk=personas.national.pk).is_active
