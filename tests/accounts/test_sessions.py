"""Sessions end after JISR_SESSION_IDLE_MINUTES without a request; activity extends them."""

from __future__ import annotations

import datetime
from unittest import mock

from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD


def _after(minutes: int):  # type: ignore[no-untyped-def]
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_an_idle_session_ends_and_activity_extends_it(personas, client, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.JISR_SESSION_IDLE_MINUTES == 480 and settings.SESSION_COOKIE_AGE == 480 * 60
    assert client.post(reverse("accounts:login"), {"username": "p-worker-a", "password": PASSWORD}).status_code == 302
    profile = reverse("accounts:profile")
    # Active every 7 hours: the session lasts well past one working day.
    for step in (1, 2, 3):
        with _after(7 * 60 * step):
            assert client.get(profile).status_code == 200, step
    # Then idle for more than 8 hours: the next request is sent to the login page.
    with _after(7 * 60 * 3 + 481):
        response = client.get(profile)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_activity_rewrites_the_session_at_most_once_a_minute(personas, client) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    client.post(reverse("accounts:login"), {"username": "p-worker-a", "password": PASSWORD})
    key = client.session.session_key

    def expiry() -> datetime.datetime:
        return Session.objects.get(session_key=key).expire_date

    at_login = expiry()
    with _after(0):
        client.get(reverse("accounts:profile"))  # a read within the minute stays a read
    assert expiry() == at_login
    with _after(2):
        client.get(reverse("accounts:profile"))
    assert expiry() > at_login
