"""Khadamati in core's registries: a person's timeline shows the events of their requests to the office of the
request's province only; the home's "To do" and the menu count the requests waiting at the reader's own steps."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from jisr.core.timeline import timeline_for
from jisr.core.worklist import due_work, worklist_for
from jisr.khadamati.models import RequestEvent
from jisr.people.models import Person
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import Staff, make_staff, request_at
from tests.personas import OUJDA_PROVINCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(personas) -> Staff:  # type: ignore[no-untyped-def]
    return make_staff()


@pytest.fixture
def applicant(personas):  # type: ignore[no-untyped-def]
    return make_citizen("p-kt-applicant")


def _khadamati(entries):  # type: ignore[no-untyped-def]
    return [entry for entry in entries if entry.kind.startswith("khadamati.")]


def test_the_timeline_shows_the_requests_events_to_the_office_of_the_province(staff, applicant, personas) -> None:  # type: ignore[no-untyped-def]
    person = Person.objects.create(first_name_latin="Salma", last_name_latin="Idrissi", sex="F",
                                   birth_date=datetime.date(1990, 4, 2))  # fmt: skip
    request = request_at("medical_committee", applicant=applicant, person=person)
    RequestEvent.objects.create(request=request, at=request.submitted_at, kind="submitted", to_status="submitted",
                                public_note="Paraplegia since 2019")  # fmt: skip
    entries = _khadamati(timeline_for(staff.officer, person))
    assert [entry.kind for entry in entries] == ["khadamati.submitted"]
    assert entries[0].url == f"/khadamati/office/requests/{request.pk}/"
    assert "Paraplegia" not in entries[0].title + entries[0].detail  # the note stays on the request's page
    for outsider in (staff.officer_oujda, personas.worker_a, personas.partner, personas.outsider, applicant):
        assert _khadamati(timeline_for(outsider, person)) == [], outsider


def test_the_work_waiting_at_my_steps(staff, applicant) -> None:  # type: ignore[no-untyped-def]
    documents = request_at("submitted", applicant=applicant, days_ago=30)
    medical = request_at("medical_committee", applicant=applicant)
    request_at("medical_committee", applicant=applicant, province=OUJDA_PROVINCE)

    def urls(user):  # type: ignore[no-untyped-def]
        return {item.url for item in worklist_for(user) if item.kind == "khadamati.request"}

    assert urls(staff.medical) == {f"/khadamati/office/requests/{medical.pk}/"}
    assert urls(staff.officer) == {f"/khadamati/office/requests/{documents.pk}/"}
    assert urls(staff.assistant) == set()
    late = next(item for item in worklist_for(staff.officer) if item.kind == "khadamati.request")
    assert late.overdue is True  # 30 days at the documents' step: past the service level
    section = next(s for s in due_work(staff.medical) or [] if s.name == "khadamati.requests")
    assert section.count == 1
    assert len(urls(staff.medical_oujda)) == 1  # Oujda's own, not Agadir's
    assert not any(s.name == "khadamati.requests" for s in due_work(applicant) or [])


def test_the_menu_counts_them(staff, applicant, client_for) -> None:  # type: ignore[no-untyped-def]
    request_at("medical_committee", applicant=applicant)
    request_at("medical_committee", applicant=applicant)
    client = Client()
    client.force_login(staff.medical)
    page = client.get("/khadamati/office/queues/").content.decode()
    assert 'data-menu-count="khadamati"' in page
    client.force_login(staff.assistant)  # waits for nothing
    assert 'data-menu-count="khadamati"' not in client.get("/khadamati/office/queues/").content.decode()
    assert 'data-menu-count="khadamati"' not in client_for("worker_a").get("/").content.decode()
