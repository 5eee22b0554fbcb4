"""Headers every answer carries: Content-Security-Policy, no-store on what may hold personal data,
an HttpOnly CSRF cookie; and a guard that no template brings back inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from jisr.cases.models import Case
from tests.people.helpers import open_case, register

REPO = Path(__file__).resolve().parents[2]


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.fixture
def case(personas) -> Case:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="فاطمة", last_name_ar="الزهراوي", sex="F")
    return open_case(personas, person, center="center_a", by="worker_a")


def test_person_and_case_pages_and_api_answers_are_not_stored(client_for, case) -> None:  # type: ignore[no-untyped-def]
    worker = client_for("worker_a")
    person_page = worker.get(reverse("people:detail", args=[case.person_id]))
    case_page = worker.get(reverse("cases:detail", args=[case.pk]))
    api_answer = worker.get(f"/api/v1/cases/{case.pk}")
    for response in (person_page, case_page, api_answer):
        assert response.status_code == 200
        assert _no_store(response), response.get("Cache-Control")
    # An API answer to a client without a session (bearer token, or refused) is not stored either.
    assert _no_store(Client().get("/api/v1/cases/"))


def test_static_files_and_anonymous_public_pages_stay_cacheable(client_for) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    assert not _no_store(client.get(reverse("centers:directory")))
    static = client.get("/static/jisr/jisr.css")
    assert static.status_code == 200 and not _no_store(static)
    # The territory boundaries say they are public: the same for a logged-in user.
    boundaries = client_for("worker_a").get(reverse("territories:boundaries", args=["regions"]))
    assert "public" in boundaries["Cache-Control"] and not _no_store(boundaries)


def test_every_page_has_a_strict_content_security_policy(client_for, case) -> None:  # type: ignore[no-untyped-def]
    for response in (
        Client().get(reverse("accounts:login")),
        client_for("worker_a").get(reverse("cases:detail", args=[case.pk])),
    ):
        policy = {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split(";") if d.strip()}
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_csrf_cookie_is_not_readable_by_script_and_the_page_carries_the_token(db) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.get(reverse("accounts:login"))
    assert response.cookies["csrftoken"]["httponly"] is True
    assert re.search(r'hx-headers=\'\{"X-CSRFToken": "[^"]+"\}\'', response.content.decode())


INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "a style attribute": re.compile(r"\sstyle=", re.I),
    "an event-handler attribute": re.compile(r"\son[a-z]+=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_has_inline_script_or_style() -> None:
    templates = [*REPO.glob("templates/**/*.html"), *REPO.glob("jisr/*/templates/**/*.html")]
    assert templates
    found = [
        f"{path.relative_to(REPO)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
