"""A referral sent twice (a double click, a retry after a timeout, four requests at once) is created once:
an `Idempotency-Key` replays the first answer; without one, the database refuses a second open
referral to the same addressee. Races run on real concurrent connections (tests/concurrency.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from jisr.core.idempotency import FORM_TOKEN_FIELD
from jisr.referrals import services
from jisr.referrals.models import Referral
from tests.concurrency import shared_database  # noqa: F401 — the fixture
from tests.personas import make_personas
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
JSON = "application/json"
URL = "/api/v1/referrals"


def _body(personas: Any, case: Any, **extra: Any) -> dict[str, Any]:
    return {"case_id": str(case.pk), "to_organization_id": str(personas.health_partner.pk), "reason": "Consultation",
            "shared_fields": ["name"], "consent_obtained": True, **extra}  # fmt: skip


def _logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("with_key", [True, False], ids=["with-key", "without-key"])
def test_four_simultaneous_identical_posts_create_one_referral(shared_database, with_key) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    def build() -> tuple[Any, Any, list[Client]]:
        personas = make_personas()
        return personas, referable_case(personas), [_logged_in(personas.worker_a) for _ in range(4)]

    personas, case, clients = shared_database.prepare(build)
    headers = {"Idempotency-Key": "4c1f-referral-1"} if with_key else {}

    def post(client: Client) -> Any:
        return lambda: client.post(URL, _body(personas, case), content_type=JSON, headers=headers)

    answers = shared_database.run_at_once(*(post(client) for client in clients))
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    statuses = sorted(answer.status_code for answer in answers)
    assert shared_database.in_thread(lambda: Referral.objects.filter(case=case).count()) == 1
    if with_key:
        assert statuses == [201, 201, 201, 201]
        assert len({answer.json()["id"] for answer in answers}) == 1, "every repeat answers the first referral"
        assert sum(answer.headers.get("Idempotent-Replayed") == "true" for answer in answers) == 3
    else:
        assert statuses == [201, 422, 422, 422]
        refused = next(answer for answer in answers if answer.status_code == 422).json()
        assert "already has an open referral to this recipient" in str(refused["errors"])


def test_two_posts_in_a_row_with_one_key_create_one_referral(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    client = client_for("worker_a")
    headers = {"Idempotency-Key": "retry-after-timeout"}
    first = client.post(URL, _body(personas, case), content_type=JSON, headers=headers)
    second = client.post(URL, _body(personas, case), content_type=JSON, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json() and second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Referral.objects.filter(case=case).count() == 1


def test_two_posts_in_a_row_without_key_are_refused_the_second_time(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    client = client_for("worker_a")
    assert client.post(URL, _body(personas, case), content_type=JSON).status_code == 201
    second = client.post(URL, _body(personas, case), content_type=JSON, headers={"Accept-Language": "en"})
    assert second.status_code == 422
    assert second.json()["errors"]["__all__"] == [
        "This case already has an open referral to this recipient: answer or cancel it first."
    ]
    assert Referral.objects.filter(case=case).count() == 1


def test_a_key_reused_for_other_data_is_refused_and_a_failed_request_frees_its_key(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    client = client_for("worker_a")
    headers = {"Idempotency-Key": "k-1", "Accept-Language": "en"}
    failed = client.post(URL, _body(personas, case, reason=" "), content_type=JSON, headers=headers)
    assert failed.status_code == 422 and "reason" in failed.json()["errors"]
    assert client.post(URL, _body(personas, case), content_type=JSON, headers=headers).status_code == 201
    other = client.post(URL, _body(personas, case, reason="Autre chose"), content_type=JSON, headers=headers)
    assert other.status_code == 422
    assert other.json()["errors"]["Idempotency-Key"] == [
        "This Idempotency-Key was already used for another request: use a new key for new data."
    ]
    assert Referral.objects.filter(case=case).count() == 1


def test_keys_belong_to_their_user(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    """Another user's key never answers someone else's stored response."""
    case = referable_case(personas)
    headers = {"Idempotency-Key": "shared-guess"}
    assert (
        client_for("worker_a").post(URL, _body(personas, case), content_type=JSON, headers=headers).status_code == 201
    )
    stranger = client_for("worker_b").post(URL, _body(personas, case), content_type=JSON, headers=headers)
    assert stranger.status_code == 404, "worker_b may not see the case: no replay of worker_a's answer"


def test_the_service_refuses_a_second_open_referral_to_the_same_addressee(personas, in_english) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    values = {"reason": "r", "shared_fields": ["name"], "consent_obtained": True}
    first = services.referral_send(acting_user=personas.worker_a, case=case, to_center=personas.center_b, **values)
    with pytest.raises(ValidationError, match="already has an open referral"):
        services.referral_send(acting_user=personas.worker_a, case=case, to_center=personas.center_b, **values)
    services.referral_send(acting_user=personas.worker_a, case=case, to_organization=personas.health_partner, **values)
    services.referral_cancel(acting_user=personas.worker_a, referral=first)
    again = services.referral_send(acting_user=personas.worker_a, case=case, to_center=personas.center_b, **values)
    assert again.status == Referral.Status.SENT, "once the first is closed, the addressee may be asked again"


def test_the_send_page_posted_twice_at_once_creates_one_referral(shared_database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    def build() -> tuple[Any, Any, list[Client]]:
        personas = make_personas()
        return personas, referable_case(personas), [_logged_in(personas.worker_a) for _ in range(2)]

    personas, case, clients = shared_database.prepare(build)
    url = reverse("referrals:send", args=[case.pk])
    form = {"to_organization": personas.health_partner.pk, "reason": "r", "urgency": "routine",
            "shared_fields": ["name"], "consent_obtained": "on", FORM_TOKEN_FIELD: uuid.uuid4().hex}  # fmt: skip

    answers = shared_database.run_at_once(*(lambda client=client: client.post(url, form) for client in clients))
    assert not [a for a in answers if isinstance(a, BaseException)], answers
    referrals = shared_database.in_thread(lambda: list(Referral.objects.filter(case=case)))
    assert len(referrals) == 1
    expected = reverse("referrals:detail", args=[referrals[0].pk])
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, expected), (302, expected)]
