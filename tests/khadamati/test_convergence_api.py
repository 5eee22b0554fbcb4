"""Convergence through the office's API: a case opened at a center of the person's province, then a referral to a
partner — with the applicant's consent (422 without it), through the same services as the request's page; the
personas who must not see get 404; both operations are in the OpenAPI."""

from __future__ import annotations

import pytest
from django.test import Client

from jisr.khadamati import services_requests
from jisr.khadamati.models import Request
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import Staff, make_staff, request_at

pytestmark = pytest.mark.django_db
API = "/api/v1/khadamati/office/requests"


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, path: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def staff(personas) -> Staff:  # type: ignore[no-untyped-def]
    return make_staff()


@pytest.fixture
def request_issued(personas) -> Request:  # type: ignore[no-untyped-def]
    return request_at("card_issued", applicant=make_citizen("p-kca-applicant"))


def test_without_the_consent_nothing_is_opened(staff, request_issued, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import Case

    response = _post(
        _client(staff.officer),
        f"{API}/{request_issued.pk}/case-links",
        {"center": str(personas.center_a.pk), "reason": "Support towards employment."},
    )
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_a_case_then_a_referral_through_the_api(staff, request_issued, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.referrals.models import Referral

    services_requests.consent_give(
        acting_user=request_issued.applicant, request=request_issued, purpose="convergence_referral"
    )
    client = _client(staff.officer)
    opened = _post(
        client,
        f"{API}/{request_issued.pk}/case-links",
        {"center": str(personas.center_a.pk), "reason": "Support towards employment."},
    )
    assert opened.status_code == 201, opened.content
    link = opened.json()
    assert link["opened"] is True and link["center"] == personas.center_a.name
    assert [row["id"] for row in client.get(f"{API}/{request_issued.pk}/case-links").json()] == [link["id"]]
    sent = _post(
        client,
        f"{API}/{request_issued.pk}/referrals",
        {"link": link["id"], "organization": str(personas.health_partner.pk), "reason": "Physiotherapy."},
    )
    assert sent.status_code == 201, sent.content
    referral = Referral.objects.get()
    assert sent.json()["id"] == str(referral.pk) and referral.to_organization == personas.health_partner
    assert "disability" not in sent.json()["shared_fields"]


def test_the_consent_withdrawn_stops_the_referral(staff, request_issued, personas) -> None:  # type: ignore[no-untyped-def]
    applicant = request_issued.applicant
    services_requests.consent_give(acting_user=applicant, request=request_issued, purpose="convergence_referral")
    client = _client(staff.officer)
    link = _post(
        client, f"{API}/{request_issued.pk}/case-links", {"center": str(personas.center_a.pk), "reason": "Support."}
    ).json()
    services_requests.consent_withdraw(acting_user=applicant, request=request_issued, purpose="convergence_referral")
    refused = _post(
        client,
        f"{API}/{request_issued.pk}/referrals",
        {"link": link["id"], "organization": str(personas.health_partner.pk), "reason": "Physiotherapy."},
    )
    assert refused.status_code == 422


@pytest.mark.parametrize("who", ["officer_oujda", "medical", "applicant", "worker_a", "outsider", "partner"])
def test_who_must_not_converge_gets_404(staff, request_issued, personas, client_for, who) -> None:  # type: ignore[no-untyped-def]
    services_requests.consent_give(
        acting_user=request_issued.applicant, request=request_issued, purpose="convergence_referral"
    )
    if who == "applicant":
        client = _client(request_issued.applicant)
    elif hasattr(staff, who):
        client = _client(getattr(staff, who))
    else:
        client = client_for(who)
    body = {"center": str(personas.center_a.pk), "reason": "Support towards employment."}
    assert _post(client, f"{API}/{request_issued.pk}/case-links", body).status_code == 404
    assert client.get(f"{API}/{request_issued.pk}/case-links").status_code == 404
    assert not request_issued.case_links.exists()


def test_a_center_of_another_province_is_404(staff, request_issued, personas) -> None:  # type: ignore[no-untyped-def]
    services_requests.consent_give(
        acting_user=request_issued.applicant, request=request_issued, purpose="convergence_referral"
    )
    body = {"center": str(personas.center_b.pk), "reason": "Support towards employment."}
    assert _post(_client(staff.officer), f"{API}/{request_issued.pk}/case-links", body).status_code == 404


def test_convergence_is_in_the_openapi(client_for) -> None:  # type: ignore[no-untyped-def]
    paths = client_for("national").get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/khadamati/office/requests/{request_id}/case-links"]
    assert "post" in paths["/api/v1/khadamati/office/requests/{request_id}/referrals"]
