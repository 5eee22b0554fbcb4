"""The citizen's request pages: a draft started, saved at each step, left and resumed, documents joined and
replaced, the registry prefill only with consent, every problem at once on submission, the request page with
its decision and the reconsideration within the delay; another citizen and the staff get 404."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import User
from jisr.khadamati import services_requests as services
from jisr.khadamati.models import Request, RequestConsent
from jisr.people.models import Person
from jisr.registry.models import RegistryHousehold, RegistryMember
from jisr.territories.models import Commune
from tests.khadamati.helpers import make_request_office, pdf_bytes, png_bytes, sign_up
from tests.khadamati.test_requests import at_committee, decide
from tests.personas import AGADIR_COMMUNE, AGADIR_PROVINCE

pytestmark = pytest.mark.django_db


def _me(client: Client) -> User:
    return User.objects.get(pk=client.session[SESSION_KEY])


def _start(client: Client, code: str = "card-first") -> Request:
    response = client.post("/khadamati/requests/new/", {"request_type": code, "for_whom": "self"})
    request = Request.objects.get(applicant=_me(client))
    assert response.status_code == 302 and response["Location"] == f"/khadamati/requests/{request.pk}/step/person/"
    return request


PERSON = {"first_name": "Amina", "last_name": "Berrada", "birth_date": "1990-04-02", "sex": "F", "cin": "JB123456",
          "civil_register_id": "", "province": AGADIR_PROVINCE}  # fmt: skip


def test_a_draft_is_saved_left_resumed_and_submitted(citizen_client) -> None:  # type: ignore[no-untyped-def]
    request = _start(citizen_client)
    base = f"/khadamati/requests/{request.pk}"
    assert citizen_client.get(f"{base}/step/person/").status_code == 200
    response = citizen_client.post(f"{base}/step/person/", {**PERSON, "leave": "1"})
    assert response.status_code == 302 and response["Location"] == "/khadamati/requests/"
    page = citizen_client.get("/khadamati/requests/").content.decode()
    assert f"{base}/step/situation/" in page  # resume where it stopped
    response = citizen_client.post(f"{base}/step/situation/", {"disability_kind": "visual"})
    assert response["Location"] == f"{base}/step/documents/"
    for code, name, content in (("identity", "cin.png", png_bytes()), ("medical_report", "r.pdf", pdf_bytes())):
        response = citizen_client.post(f"{base}/step/documents/", {
            "upload": "1", "code": code, "document": SimpleUploadedFile(name, content)})  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
    response = citizen_client.post(f"{base}/step/documents/", {})
    assert response["Location"] == f"{base}/step/review/"
    page = citizen_client.post(f"{base}/step/review/", {"consent": "on"}).content.decode()
    assert 'href="#id_declared"' in page and 'href="#id_consent"' not in page  # only the declaration is missing
    response = citizen_client.post(f"{base}/step/review/", {"consent": "on", "declared": "on"})
    assert response.status_code == 302 and response["Location"] == f"{base}/"
    request.refresh_from_db()
    assert request.status == "submitted"
    detail = citizen_client.get(f"{base}/").content.decode()
    assert request.reference in detail and "kh-timeline" in detail
    assert citizen_client.get(f"{base}/step/person/").status_code == 302  # no more editing once submitted


def test_every_problem_of_a_step_is_shown_at_once_linked_to_its_field(citizen_client) -> None:  # type: ignore[no-untyped-def]
    request = _start(citizen_client)
    page = citizen_client.post(f"/khadamati/requests/{request.pk}/step/person/",
                               {**PERSON, "cin": "12", "birth_date": "2999-01-01"}).content.decode()  # fmt: skip
    assert 'href="#id_cin"' in page and 'href="#id_birth_date"' in page


def test_submitting_an_incomplete_draft_lists_each_step_to_finish(citizen_client) -> None:  # type: ignore[no-untyped-def]
    request = _start(citizen_client)
    base = f"/khadamati/requests/{request.pk}"
    page = citizen_client.post(f"{base}/step/review/", {"consent": "on", "declared": "on"}).content.decode()
    for step in ("person", "situation", "documents"):
        assert f"{base}/step/{step}/" in page


def _household(cin: str) -> None:
    commune = Commune.objects.get(code=AGADIR_COMMUNE)
    home = RegistryHousehold.objects.create(
        household_id="H-1", commune=commune, province_code=commune.province_id, region_code=commune.region_id,
        area="urban", size=2, head_sex="F", head_age=34, head_schooling_years=6, head_employed=False,
        children_under_15=1, elderly_over_60=0, members_with_disability=1, housing="apartment", rooms=2,
        occupancy="owner", water="network",
        electricity=True, sanitation="network", has_fridge=True, has_tv=True, has_car=False, has_computer=False,
        water_spending=50, electricity_spending=80, phone_spending=40, declared_on=datetime.date(2024, 1, 1),
        source="test", imported_at=timezone.now(),
    )  # fmt: skip
    for number, (first, person_cin, born) in enumerate([("Amina", cin, "1990-04-02"), ("Sara", None, "2015-01-01")]):
        person = Person.objects.create(first_name_latin=first, last_name_latin="Berrada", sex="F", cin=person_cin,
                                       birth_date=datetime.date.fromisoformat(born))  # fmt: skip
        RegistryMember.objects.create(
            household=home, member_no=number + 1, person=person, relation_to_head="head" if number == 0 else "child",
            schooling="primary", occupation="child_other", declared_on=datetime.date(2024, 1, 1), source="test",
            imported_at=timezone.now(),
        )  # fmt: skip


def test_the_registry_prefill_needs_the_consent_for_that_purpose(citizen_client) -> None:  # type: ignore[no-untyped-def]
    _household("JB123456")
    request = _start(citizen_client)
    base = f"/khadamati/requests/{request.pk}"
    citizen_client.post(f"{base}/step/person/", {**PERSON, "sex": "", "leave": "1"})
    citizen_client.post(f"{base}/prefill/", {})
    request.refresh_from_db()
    assert "household" not in request.data and not RequestConsent.objects.filter(request=request).exists()
    citizen_client.post(f"{base}/prefill/", {"consent": "on"})
    request.refresh_from_db()
    assert request.data["household"]["size"] == 2 and len(request.data["household"]["members"]) == 2
    assert request.sex == "F"
    assert RequestConsent.objects.filter(request=request, purpose="registry_prefill").count() == 1
    assert "Sara" in citizen_client.get(f"{base}/step/person/").content.decode()


def test_a_refusal_shows_its_reasons_and_the_reconsideration_within_the_delay(citizen_client) -> None:  # type: ignore[no-untyped-def]
    kr = make_request_office()
    me = _me(citizen_client)
    request = decide(at_committee(me, kr), kr, "refused")
    base = f"/khadamati/requests/{request.pk}"
    page = citizen_client.get(f"{base}/").content.decode()
    assert "The committee&#x27;s reasons, in plain words." in page or "The committee's reasons" in page
    assert f"{base}/reconsideration/" in page
    # Without grounds: the page again, its error summary linked to the field, the request where it was.
    missing = citizen_client.post(f"{base}/reconsideration/", {"grounds": ""})
    assert missing.status_code == 200 and 'href="#id_grounds"' in missing.content.decode()
    request.refresh_from_db()
    assert request.status == "refused"
    response = citizen_client.post(f"{base}/reconsideration/", {"grounds": "A new report shows more."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "reconsideration"
    assert f"{base}/reconsideration/" not in citizen_client.get(f"{base}/").content.decode()


def test_a_refused_document_is_replaced_from_the_request_page(citizen_client) -> None:  # type: ignore[no-untyped-def]
    kr = make_request_office()
    me = _me(citizen_client)
    from tests.khadamati.test_requests import submitted

    request = submitted(me)
    identity = request.request_documents.get(code="identity")
    services.document_refuse(acting_user=kr.officer, document=identity, reason="The photo is blurred, scan it again.")
    base = f"/khadamati/requests/{request.pk}"
    page = citizen_client.get(f"{base}/").content.decode()
    assert "The photo is blurred" in page and f"{base}/documents/{identity.pk}/replace/" in page
    citizen_client.post(f"{base}/documents/{identity.pk}/replace/",
                        {"document": SimpleUploadedFile("new.png", png_bytes())})  # fmt: skip
    identity.refresh_from_db()
    assert identity.status == "replaced" and identity.replacement.status == "received"


def test_another_citizen_and_the_staff_get_404(citizen_client, client_for, personas, commit) -> None:  # type: ignore[no-untyped-def]
    request = _start(citizen_client)
    other = Client()
    sign_up(other, commit, "0662223344", first_name="Omar")
    base = f"/khadamati/requests/{request.pk}"
    for path in (f"{base}/", f"{base}/step/person/"):
        assert other.get(path).status_code == 404
        assert client_for("worker_a").get(path).status_code == 404
        assert client_for("national").get(path).status_code == 404
    assert other.post(f"{base}/withdraw/", {}).status_code == 404
    assert client_for("worker_a").get("/khadamati/requests/").status_code == 404
    assert Client().get("/khadamati/requests/").status_code == 302  # a visitor is sent to the sign-in


def test_a_document_is_downloaded_by_its_applicant_only_and_each_read_is_audited(citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    from jisr.core.models import AuditLog
    from tests.khadamati.test_requests import submitted

    request = submitted(_me(citizen_client))
    document = request.request_documents.get(code="medical_report")
    path = f"/khadamati/requests/{request.pk}/documents/{document.pk}/"
    response = citizen_client.get(path)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response.content == pdf_bytes("medical report")
    assert AuditLog.objects.filter(action="view", object_id=str(document.pk)).count() == 1
    other = Client()
    sign_up(other, commit, "0662223344")
    assert other.get(path).status_code == 404
