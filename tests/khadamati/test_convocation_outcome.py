"""The outcome of a convocation to the medical committee, recorded once its time has passed: held, or missed — then
the next convocation set at once, or the date by which the person is to contact the office, told to the applicant and
written on their request's timeline. Another province, another role and the citizens get 404."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import services_office
from jisr.khadamati.models import Convocation, Request
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import Staff, make_staff, request_at

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(personas) -> Staff:  # type: ignore[no-untyped-def]
    return make_staff()


@pytest.fixture
def request_(personas) -> Request:  # type: ignore[no-untyped-def]
    return request_at("medical_committee", applicant=make_citizen("p-kv-applicant", phone="+212662223344"))


def _past_convocation(request: Request, staff: Staff, days_ago: int = 1) -> Convocation:
    return Convocation.objects.create(
        request=request,
        scheduled_at=timezone.now() - datetime.timedelta(days=days_ago),
        place="Provincial hospital, Agadir",
        channel="sms",
        created_by=staff.medical,
        created_at=timezone.now() - datetime.timedelta(days=10),
    )


def test_held(staff, request_) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    services_office.convocation_outcome_record(acting_user=staff.medical, convocation=convocation, outcome="held")
    convocation.refresh_from_db()
    assert convocation.status == "held" and convocation.outcome_by == staff.medical and convocation.respond_by is None
    assert request_.events.filter(kind="convocation_held").exists()
    assert AuditLog.objects.filter(object_id=str(convocation.pk), action=AuditLog.Action.UPDATE).exists()


def test_missed_without_a_new_date_sets_the_deadline_and_tells_the_applicant(staff, request_, commit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_KHADAMATI_CONVOCATION_MISSED_DAYS = 10
    convocation = _past_convocation(request_, staff)
    with commit():
        services_office.convocation_outcome_record(acting_user=staff.medical, convocation=convocation, outcome="missed")
    convocation.refresh_from_db()
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    assert convocation.status == "missed" and convocation.respond_by == deadline
    assert [message.to for message in sms.outbox] == ["+212662223344"]
    assert deadline.strftime("%d/%m/%Y") in sms.outbox[0].text
    event = request_.events.get(kind="convocation_missed")
    assert deadline.strftime("%d/%m/%Y") in event.public_note
    page = _client(request_.applicant).get(f"/khadamati/requests/{request_.pk}/").content.decode()
    assert deadline.strftime("%d/%m/%Y") in page


def test_missed_with_a_new_convocation_sends_it(staff, request_, commit) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    when = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7), datetime.time(9, 0))
    )
    with commit():
        services_office.convocation_outcome_record(
            acting_user=staff.medical,
            convocation=convocation,
            outcome="missed",
            next_scheduled_at=when,
            next_place="Provincial hospital, Agadir, room 3",
        )
    convocation.refresh_from_db()
    assert convocation.status == "missed" and convocation.respond_by is None
    assert convocation.followed_by is not None and convocation.followed_by.status == "scheduled"
    assert len(sms.outbox) == 1 and "09:00" in sms.outbox[0].text  # the new convocation itself


def test_every_problem_at_once_and_not_before_its_time(staff, request_) -> None:  # type: ignore[no-untyped-def]
    future = Convocation.objects.create(
        request=request_, scheduled_at=timezone.now() + datetime.timedelta(days=3), place="Hospital, Agadir",
        created_by=staff.medical, created_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        services_office.convocation_outcome_record(
            acting_user=staff.medical, convocation=future, outcome="held", next_place="Somewhere else"
        )
    assert set(raised.value.message_dict) == {"outcome", "next_day"}
    done = _past_convocation(request_, staff)
    services_office.convocation_outcome_record(acting_user=staff.medical, convocation=done, outcome="held")
    with pytest.raises(ValidationError):
        services_office.convocation_outcome_record(acting_user=staff.medical, convocation=done, outcome="missed")


def test_by_the_medical_page(staff, request_) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    client = _client(staff.medical)
    page = client.get(f"/khadamati/office/requests/{request_.pk}/medical/").content.decode()
    path = f"/khadamati/office/requests/{request_.pk}/medical/convocations/{convocation.pk}/outcome/"
    assert path in page
    wrong = client.post(path, {"outcome-outcome": "missed", "outcome-next_day": "2030-01-01"})
    assert wrong.status_code == 422 and 'href="#id_outcome-next_day"' in wrong.content.decode()
    assert client.post(path, {"outcome-outcome": "missed"}).status_code == 302
    convocation.refresh_from_db()
    assert convocation.status == "missed"


@pytest.mark.parametrize("who", ["medical_oujda", "officer_oujda", "assistant", "officer"])
def test_who_may_not_record_it_gets_404(staff, request_, who) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    path = f"/khadamati/office/requests/{request_.pk}/medical/convocations/{convocation.pk}/outcome/"
    assert _client(getattr(staff, who)).post(path, {"outcome-outcome": "held"}).status_code == 404
    with pytest.raises(Http404):
        services_office.convocation_outcome_record(
            acting_user=getattr(staff, who), convocation=convocation, outcome="held"
        )
    convocation.refresh_from_db()
    assert convocation.status == "scheduled"


@pytest.mark.parametrize("name", ["citizen", "outsider", "worker_a", "partner"])
def test_the_personas_get_404(staff, request_, client_for, name) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    path = f"/khadamati/office/requests/{request_.pk}/medical/convocations/{convocation.pk}/outcome/"
    assert client_for(name).post(path, {"outcome-outcome": "held"}).status_code == 404
    assert _client(request_.applicant).post(path, {"outcome-outcome": "held"}).status_code == 404


def test_through_the_api(staff, request_) -> None:  # type: ignore[no-untyped-def]
    convocation = _past_convocation(request_, staff)
    path = f"/api/v1/khadamati/office/requests/{request_.pk}/convocations/{convocation.pk}/outcome"
    assert (
        _client(staff.medical_oujda).post(path, {"outcome": "held"}, content_type="application/json").status_code == 404
    )
    wrong = _client(staff.medical).post(path, {"outcome": "maybe"}, content_type="application/json")
    assert wrong.status_code == 422 and "outcome" in wrong.json()["errors"]
    done = _client(staff.medical).post(path, {"outcome": "missed"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "missed" and done.json()["respond_by"]


def test_the_applicant_reads_the_convocation_then_the_deadline(staff, request_) -> None:  # type: ignore[no-untyped-def]
    coming = timezone.now() + datetime.timedelta(days=5)
    Convocation.objects.create(request=request_, scheduled_at=coming, place="Provincial hospital, Agadir",
                               created_by=staff.medical, created_at=timezone.now())  # fmt: skip
    client = _client(request_.applicant)
    page = client.get(f"/khadamati/requests/{request_.pk}/").content.decode()
    assert 'id="convocation-title"' in page and timezone.localtime(coming).strftime("%d/%m/%Y") in page
    Convocation.objects.all().delete()
    missed = _past_convocation(request_, staff)
    services_office.convocation_outcome_record(acting_user=staff.medical, convocation=missed, outcome="missed")
    missed.refresh_from_db()
    page = client.get(f"/khadamati/requests/{request_.pk}/").content.decode()
    assert 'id="convocation-title"' in page and missed.respond_by.strftime("%d/%m/%Y") in page  # type: ignore[union-attr]
