"""Withdrawing a card from the office's page: a reason, then a confirmation before anything is done; audited; the
holder told by text message after the commit and reading the reason on their request; the public verification page
then says "not valid". Who may not withdraw the card gets 404."""

from __future__ import annotations

import pytest
from django.test import Client

from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import services_office
from jisr.khadamati.models import Card
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import Staff, make_staff, request_at

pytestmark = pytest.mark.django_db
REASON = "The decision of the committee was annulled on appeal by the governor."


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(personas) -> Staff:  # type: ignore[no-untyped-def]
    return make_staff()


@pytest.fixture
def card(staff) -> Card:  # type: ignore[no-untyped-def]
    applicant = make_citizen("p-kw-holder", phone="+212661112233")
    request = request_at("card_issued", applicant=applicant)
    holder = {"first_name": request.first_name, "last_name": request.last_name, "birth_date": request.birth_date,
              "cin": request.cin}  # fmt: skip
    return services_office.card_create(acting_user=staff.officer, province=request.province, holder=holder,
                                       request=request)  # fmt: skip


def test_the_reason_then_the_confirmation_then_the_withdrawal(staff, card, commit) -> None:  # type: ignore[no-untyped-def]
    client = _client(staff.officer)
    path = f"/khadamati/office/cards/{card.pk}/withdraw/"
    assert path in client.get(f"/khadamati/office/requests/{card.request_id}/").content.decode()
    assert client.get(path).status_code == 200

    # No reason: the error summary, nothing done.
    empty = client.post(path, {"reason": ""})
    assert empty.status_code == 200 and 'href="#id_reason"' in empty.content.decode()
    # The reason: the confirmation page, still nothing done.
    asked = client.post(path, {"reason": REASON})
    assert asked.status_code == 200 and 'name="confirmed" value="yes"' in asked.content.decode()
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    assert client.get(f"/khadamati/card/{card.verification_code}/").context["check"].valid is True

    with commit():
        done = client.post(path, {"reason": REASON, "confirmed": "yes"})
    assert done.status_code == 302 and done["Location"] == f"/khadamati/office/requests/{card.request_id}/"
    card.refresh_from_db()
    assert (card.status, card.withdrawn_reason) == (Card.Status.WITHDRAWN, REASON)
    assert AuditLog.objects.filter(object_id=str(card.pk), action=AuditLog.Action.UPDATE).exists()
    assert [message.to for message in sms.outbox] == ["+212661112233"]
    assert REASON not in sms.outbox[0].text  # the reason is read once signed in
    public = Client().get(f"/khadamati/card/{card.verification_code}/")
    assert public.status_code == 200 and public.context["check"].valid is False
    holder_page = _client(card.request.applicant).get(f"/khadamati/requests/{card.request_id}/").content.decode()
    assert REASON in holder_page
    # Withdrawn: no second withdrawal.
    again = client.post(path, {"reason": REASON, "confirmed": "yes"})
    assert again.status_code == 200 and "btn-danger" not in again.content.decode()


@pytest.mark.parametrize("who", ["officer_oujda", "secretary", "medical", "assistant"])
def test_who_may_not_withdraw_gets_404(staff, card, who) -> None:  # type: ignore[no-untyped-def]
    client = _client(getattr(staff, who))
    path = f"/khadamati/office/cards/{card.pk}/withdraw/"
    assert client.get(path).status_code == 404
    assert client.post(path, {"reason": REASON, "confirmed": "yes"}).status_code == 404
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE


@pytest.mark.parametrize("name", ["citizen", "outsider", "worker_a", "partner", None])
def test_the_personas_and_the_holder_get_404(card, client_for, name) -> None:  # type: ignore[no-untyped-def]
    path = f"/khadamati/office/cards/{card.pk}/withdraw/"
    response = client_for(name).get(path)
    assert response.status_code in (302, 404) if name is None else response.status_code == 404
    assert _client(card.request.applicant).get(path).status_code == 404


def test_through_the_api(staff, card) -> None:  # type: ignore[no-untyped-def]
    path = f"/api/v1/khadamati/office/cards/{card.pk}/withdraw"
    assert (
        _client(staff.officer_oujda).post(path, {"reason": REASON}, content_type="application/json").status_code == 404
    )
    assert _client(staff.officer).post(path, {"reason": "no"}, content_type="application/json").status_code == 422
    done = _client(staff.officer).post(path, {"reason": REASON}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
