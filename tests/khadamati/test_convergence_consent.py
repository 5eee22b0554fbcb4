"""The applicant's consent to be referred (law 09-08), given and withdrawn on the request page: only the applicant
may, it is audited, and the office's convergence works once it is given and stops once it is withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from jisr.core.models import AuditLog
from jisr.khadamati import services_office
from jisr.khadamati import services_requests as services
from jisr.khadamati.models import Representation, Request, RequestConsent
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import make_staff, request_at
from tests.khadamati.test_requests import _representation, card_type

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _open(request: Request) -> RequestConsent | None:
    return RequestConsent.objects.filter(request=request, purpose="convergence_referral", withdrawn_at=None).first()


def test_the_applicant_gives_then_withdraws_the_consent_to_be_referred(personas) -> None:  # type: ignore[no-untyped-def]
    applicant = make_citizen("p-kc-applicant")
    request = request_at("card_issued", applicant=applicant)
    client = _client(applicant)
    page = client.get(f"/khadamati/requests/{request.pk}/").content.decode()
    assert f"/khadamati/requests/{request.pk}/consent/" in page and "consent/withdraw/" not in page

    # Not ticked: the page again, its error summary linked to the box, nothing recorded.
    response = client.post(f"/khadamati/requests/{request.pk}/consent/", {})
    assert response.status_code == 200
    assert 'class="alert alert-danger error-summary"' in response.content.decode()
    assert 'href="#id_agree"' in response.content.decode()
    assert _open(request) is None

    response = client.post(f"/khadamati/requests/{request.pk}/consent/", {"agree": "on"})
    assert response.status_code == 302
    consent = _open(request)
    assert consent is not None and consent.given_by == applicant
    assert AuditLog.objects.filter(action=AuditLog.Action.CREATE, object_id=str(consent.pk)).exists()
    assert "consent/withdraw/" in client.get(f"/khadamati/requests/{request.pk}/").content.decode()

    staff = make_staff()
    link = services_office.convergence_open_case(
        acting_user=staff.officer, request=request, center=personas.center_a, reason="Support towards employment."
    )
    assert link.case.center == personas.center_a

    assert client.post(f"/khadamati/requests/{request.pk}/consent/withdraw/").status_code == 302
    assert _open(request) is None
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditLog.objects.filter(action=AuditLog.Action.UPDATE, object_id=str(consent.pk)).exists()
    with pytest.raises(ValidationError):  # withdrawn: nothing more is shared
        services_office.convergence_refer(
            acting_user=staff.officer, request=request, link=link, organization=personas.health_partner,
            reason="Physiotherapy.",
        )  # fmt: skip


def test_another_citizen_or_a_representative_may_not_give_it(personas) -> None:  # type: ignore[no-untyped-def]
    parent = make_citizen("p-kc-parent")
    guardian = make_citizen("p-kc-guardian")
    stranger = make_citizen("p-kc-stranger")
    verified = _representation(parent, "verified", civil_register_id="665544")
    request = services.request_start(acting_user=parent, request_type=card_type(), representation=verified)
    Request.objects.filter(pk=request.pk).update(status="submitted")
    pending = _representation(guardian, "pending", civil_register_id="665544")
    for outsider in (stranger, guardian):  # another citizen; a representative not yet verified
        client = _client(outsider)
        assert client.get(f"/khadamati/requests/{request.pk}/").status_code == 404
        assert client.post(f"/khadamati/requests/{request.pk}/consent/", {"agree": "on"}).status_code == 404
        assert client.post(f"/khadamati/requests/{request.pk}/consent/withdraw/").status_code == 404
    # Verified, the second representative reads the request but the consent stays the applicant's.
    Representation.objects.filter(pk=pending.pk).update(status="verified")
    client = _client(guardian)
    page = client.get(f"/khadamati/requests/{request.pk}/").content.decode()
    assert "consent/" not in page
    assert client.post(f"/khadamati/requests/{request.pk}/consent/", {"agree": "on"}).status_code == 404
    assert _open(request) is None
    # The office's staff are not citizens: 404 too.
    staff = make_staff()
    assert _client(staff.officer).post(f"/khadamati/requests/{request.pk}/consent/", {"agree": "on"}).status_code == 404
