"""Error pages (400, 403, 404, 500, a refused CSRF check): the site's layout, the user's language,
a way back; the 404 of a record outside the scope is the very page of a record that does not exist;
the 500 page renders without the database or a user."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape

from jisr.core.errors import section_list_url, server_error
from jisr.referrals import services as referral_services
from tests.people.helpers import register
from tests.referrals.helpers import referable_case

LANGUAGES = [("ar", "rtl"), ("fr", "ltr")]


def _raise_permission_denied(request):  # type: ignore[no-untyped-def]
    raise PermissionDenied


def _raise_error(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


# The project's URLs plus two views that fail, to reach the 403 and 500 handlers through a request.
urlpatterns = [
    path("test-errors/forbidden/", _raise_permission_denied),
    path("test-errors/crash/", _raise_error),
    *__import__("config.urls", fromlist=["urlpatterns"]).urlpatterns,
]
handler400 = "jisr.core.errors.bad_request"
handler403 = "jisr.core.errors.permission_denied"
handler404 = "jisr.core.errors.page_not_found"
handler500 = "jisr.core.errors.server_error"


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _speaking(client: Client, language: str) -> Client:
    client.cookies["jisr_language"] = language
    return client


def _assert_error_page(response, language: str, direction: str, status: int, title: str) -> str:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert 'class="navbar' in body, "the site's layout"
    assert escape(_in(language, title)) in body and _in(language, "Error %(code)s") % {"code": status} in body
    assert f'href="{reverse("core:home")}">{_in(language, "Go to the home page")}</a>' in body
    assert "Not Found" not in body
    return body


def _comparable(body: str, *paths: str) -> str:
    """The body without what differs on every request (the CSRF token) or by address."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    for address in paths:
        body = body.replace(address, "<address>")
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_missing_page_is_in_the_layout_and_language_with_a_way_back(client_for, language, direction) -> None:  # type: ignore[no-untyped-def]
    response = _speaking(client_for("worker_a"), language).get(f"/people/{uuid.uuid4()}/")
    body = _assert_error_page(response, language, direction, 404, "Page not found")
    assert f'href="/people/">{_in(language, "Back to the list")}</a>' in body
    assert "p-worker-a" in body, "the user stays logged in, with their menu"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_forbidden_is_the_same_page_as_missing(personas, client_for, language, direction) -> None:  # type: ignore[no-untyped-def]
    """Partner on a person page, analyst on the people list, citizen on referrals (issue 11, item 8)."""
    case = referable_case(personas)
    referral = referral_services.referral_send(
        acting_user=personas.worker_a, case=case, reason="Consultation", shared_fields=["name"],
        consent_obtained=True, to_organization=personas.health_partner,
    )  # fmt: skip
    person = register(personas, first_name_ar="سعيد", last_name_ar="أوحمو")
    missing = str(uuid.uuid4())
    pairs = [
        ("partner", f"/people/{person.pk}/", f"/people/{missing}/"),
        ("analyst", "/people/", "/no-such-page/"),
        ("citizen", "/referrals/", "/no-such-page/"),
        ("citizen", f"/referrals/{referral.pk}/", f"/referrals/{missing}/"),
    ]
    for persona, forbidden, absent in pairs:
        client = _speaking(client_for(persona), language)
        seen = _assert_error_page(client.get(forbidden), language, direction, 404, "Page not found")
        unseen = _assert_error_page(client.get(absent), language, direction, 404, "Page not found")
        assert _comparable(seen, forbidden) == _comparable(unseen, absent), (persona, forbidden)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_bad_request_has_its_page(client, language, direction) -> None:  # type: ignore[no-untyped-def]
    response = _speaking(client, language).get("/centers/", HTTP_HOST="not-our-site.example")
    _assert_error_page(response, language, direction, 400, "The request could not be understood")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_refused_action_has_its_page(client_for, language, direction) -> None:  # type: ignore[no-untyped-def]
    response = _speaking(client_for("worker_a"), language).get("/test-errors/forbidden/")
    _assert_error_page(response, language, direction, 403, "Access refused")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_refused_csrf_check_has_its_page(personas, language, direction) -> None:  # type: ignore[no-untyped-def]
    client = _speaking(Client(enforce_csrf_checks=True), language)
    client.force_login(personas.worker_a)
    response = client.post(reverse("people:create"), {"first_name_ar": "x"})
    body = _assert_error_page(response, language, direction, 403, "The form could not be sent")
    assert f'href="/people/">{_in(language, "Back to the list")}</a>' in body


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_a_server_error_has_its_page(client_for, language, direction) -> None:  # type: ignore[no-untyped-def]
    client = _speaking(client_for("worker_a"), language)
    client.raise_request_exception = False
    body = _assert_error_page(client.get("/test-errors/crash/"), language, direction, 500, "Something went wrong")
    assert "a bug" not in body and "Traceback" not in body


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_server_error_page_needs_neither_the_database_nor_a_user(language, direction) -> None:
    """No django_db mark: any query would fail the test. The request has no session and no user."""
    request = RequestFactory().get("/cases/")
    with translation.override(language):
        response = server_error(request)
    body = _assert_error_page(response, language, direction, 500, "Something went wrong")
    assert "csrfmiddlewaretoken" not in body and "language-switcher" not in body


@pytest.mark.parametrize(
    ("address", "list_url"),
    [
        ("/people/0b1c/", "/people/"),
        ("/cases/0b1c/plan/", "/cases/"),
        ("/referrals/", None),
        ("/", None),
        ("/no-such-section/1/", None),
    ],
)
def test_the_way_back_comes_from_the_address_alone(address, list_url) -> None:  # type: ignore[no-untyped-def]
    assert section_list_url(address) == list_url
