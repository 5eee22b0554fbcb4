"""Two doors that do not open for each other: a citizen signed in by code stays in the citizen pages (every
staff page, the staff login included, answers 404 in the citizen layout, without the staff menus), and the
staff login page and the token endpoint refuse citizen accounts as they refuse a wrong password."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import User
from jisr.core.models import AuditLog
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/accounts/login/", "/accounts/profile/", "/accounts/password-change/", "/people/", "/cases/",
               "/centers/", "/territories/", "/referrals/", "/privacy/requests/", "/khadamati/office/",
               "/khadamati/office/representations/", "/django-admin/", "/no-such-page/"]  # fmt: skip


def _citizen(client: Client) -> User:
    return User.objects.get(pk=client.session[SESSION_KEY])


def test_a_citizen_never_reaches_a_staff_page(citizen_client) -> None:  # type: ignore[no-untyped-def]
    citizen_client.cookies["jisr_language"] = "en"
    for path in STAFF_PAGES:
        response = citizen_client.get(path)
        assert response.status_code == 404, path
        html = response.content.decode()
        assert "Centers directory" not in html and "main-nav" not in html, path  # not the staff layout
        assert 'href="/khadamati/"' in html, path
    for path in ("/api/v1/people", "/api/v1/auth/me", "/api/v1/khadamati/office/representations"):
        response = citizen_client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, path
    # The site's home leads to the citizen's; the citizen's pages and API answer.
    response = citizen_client.get("/")
    assert response.status_code == 302 and response["Location"] == "/khadamati/"
    assert citizen_client.get("/khadamati/").status_code == 200
    assert citizen_client.get("/api/v1/khadamati/representations").status_code == 200


def test_the_citizen_pages_carry_no_staff_menu(citizen_client, client) -> None:  # type: ignore[no-untyped-def]
    pages = {citizen_client: ("/khadamati/", "/khadamati/representations/new/"),
             client: ("/khadamati/", "/khadamati/sign-in/")}  # fmt: skip
    for page_client, paths in pages.items():
        page_client.cookies["jisr_language"] = "en"
        for path in paths:
            html = page_client.get(path).content.decode()
            assert "main-nav" not in html and "Centers directory" not in html and "Administration" not in html
            assert 'href="#main"' in html  # the skip link
            assert "<script" not in html  # a light page: no script at all


def test_the_staff_login_and_the_token_endpoint_refuse_a_citizen_account(personas, citizen_client) -> None:  # type: ignore[no-untyped-def]
    citizen = _citizen(citizen_client)
    citizen.set_password(PASSWORD)  # even a citizen account that somehow has a password
    citizen.save(update_fields=["password"])
    for user in (citizen, personas.citizen):
        client = Client()
        response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 200 and SESSION_KEY not in client.session, user
        assert AuditLog.objects.filter(action="login_failed", object_repr=user.username).exists()
        token = Client().post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD},
                              content_type="application/json")  # fmt: skip
        assert token.status_code == 401, user
    # The same answer as a wrong password: the page says nothing of a citizen account.
    wrong = Client().post("/accounts/login/", {"username": personas.worker_a.username, "password": "nope-nope"})
    refused = Client().post("/accounts/login/", {"username": citizen.username, "password": PASSWORD})
    assert wrong.context["form"].errors == refused.context["form"].errors
    # Staff still log in there.
    assert Client().post("/accounts/login/", {"username": "p-worker-a", "password": PASSWORD}).status_code == 302


def test_staff_are_not_citizens_on_the_citizen_pages(personas, office) -> None:  # type: ignore[no-untyped-def]
    for name in ("worker_a", "national", "outsider"):
        client = Client()
        client.force_login(getattr(personas, name))
        assert client.get("/khadamati/representations/new/").status_code == 404, name
        home = client.get("/khadamati/").content.decode()
        assert "staff account" in home or "حساب" in home
    officer = Client()
    officer.force_login(office.officer_agadir)
    assert 'href="/khadamati/office/"' in officer.get("/khadamati/").content.decode()
    assert 'href="/khadamati/office/"' in officer.get("/").content.decode()  # in the staff menu
    worker = Client()
    worker.force_login(personas.worker_a)
    assert 'href="/khadamati/office/"' not in worker.get("/").content.decode()


def test_a_visitor_is_sent_to_the_sign_in_page(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/khadamati/representations/new/")
    assert response.status_code == 302 and response["Location"].startswith("/khadamati/sign-in/?next=")
    assert Client().get("/khadamati/").status_code == 200


def test_a_citizen_session_ends_after_the_sites_idle_time(citizen_client, settings) -> None:  # type: ignore[no-untyped-def]
    later = timezone.now() + datetime.timedelta(minutes=settings.JISR_SESSION_IDLE_MINUTES + 2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = citizen_client.get("/khadamati/representations/new/")
    assert response.status_code == 302 and response["Location"].startswith("/khadamati/sign-in/")
