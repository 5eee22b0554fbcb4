"""What the whole journey on the demo showed, each fixed and kept so: the applicant downloads the card issued on
their request (audited) and opens its verification page; the card's Arabic line keeps the number in order; a
document joined without its type nor its file is told both; the convocation's problems are an error summary linked
to its fields, with what was typed kept; the office reads each document by its name and the timeline in plain
words; the review step shows the sex; the error summary reads "label : error" in French."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from jisr.accounts.models import User
from jisr.core.models import AuditLog
from jisr.khadamati import services_office
from jisr.khadamati import services_requests as services
from jisr.khadamati.models import Card, Request
from tests.khadamati.helpers import RequestOffice, make_request_office, sign_up
from tests.khadamati.office_helpers import request_at
from tests.khadamati.test_requests import at_committee, complete_draft, decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def kr(personas) -> RequestOffice:  # type: ignore[no-untyped-def]
    return make_request_office()


def _me(client: Client) -> User:
    return User.objects.get(pk=client.session[SESSION_KEY])


def _issued(applicant: User, kr: RequestOffice) -> tuple[Request, Card]:
    request = decide(at_committee(applicant, kr), kr, "granted")
    card = services_office.card_issue(acting_user=kr.officer, request=request)
    return Request.objects.get(pk=request.pk), card


# --- the card, for its holder ----------------------------------------------------------------------------------


def test_the_applicant_downloads_the_card_and_opens_its_verification(citizen_client, kr, commit, in_english) -> None:  # type: ignore[no-untyped-def]
    request, card = _issued(_me(citizen_client), kr)
    page = citizen_client.get(f"/khadamati/requests/{request.pk}/").content.decode()
    pdf_url = f"/khadamati/requests/{request.pk}/card.pdf"
    verify_url = f"/khadamati/card/{card.verification_code}/"
    assert pdf_url in page and verify_url in page and card.number in page
    response = citizen_client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert card.number in response["Content-Disposition"]
    assert AuditLog.objects.filter(actor=_me(citizen_client), action=AuditLog.Action.VIEW,
                                   object_id=str(card.pk)).count() == 1  # fmt: skip
    assert "valid until" in citizen_client.get(verify_url).content.decode()
    # Another citizen, and the office through the citizens' door, get 404.
    other = Client()
    sign_up(other, commit, "0661234999", first_name="Nadia", last_name="Alaoui")
    assert other.get(pdf_url).status_code == 404
    office = Client()
    office.force_login(kr.officer)
    assert office.get(pdf_url).status_code == 404


def test_a_withdrawn_card_is_said_withdrawn_and_no_longer_downloaded(citizen_client, kr, in_english) -> None:  # type: ignore[no-untyped-def]
    request, card = _issued(_me(citizen_client), kr)
    services_office.card_withdraw(acting_user=kr.officer, card=card, reason="The card was issued on a wrong file.")
    page = citizen_client.get(f"/khadamati/requests/{request.pk}/").content.decode()
    assert "withdrawn" in page and "The card was issued on a wrong file." in page
    assert f"/khadamati/requests/{request.pk}/card.pdf" not in page
    assert citizen_client.get(f"/khadamati/requests/{request.pk}/card.pdf").status_code == 404


def test_the_cards_arabic_line_keeps_the_number_in_its_order(kr, personas) -> None:  # type: ignore[no-untyped-def]
    from tests.khadamati.helpers import make_citizen

    _request, card = _issued(make_citizen("p-kj-holder", phone="+212661234568"), kr)
    client = Client()
    client.force_login(kr.officer)
    text = PdfReader(io.BytesIO(client.get(f"/khadamati/office/cards/{card.pk}/card.pdf").content)).pages[0]
    extracted = text.extract_text()
    province, year, sequence = card.number.split("-")
    assert extracted.count(card.number) == 2  # the Arabic line and the French one
    assert f"{sequence}-{year}-{province}" not in extracted


# --- the citizen's forms ---------------------------------------------------------------------------------------


def test_a_document_without_its_type_nor_its_file_is_told_both(citizen_client, in_english) -> None:  # type: ignore[no-untyped-def]
    request = complete_draft(_me(citizen_client))
    page = citizen_client.post(f"/khadamati/requests/{request.pk}/step/documents/", {"upload": "1", "code": ""})
    html = page.content.decode()
    assert 'href="#id_code"' in html and 'href="#id_document"' in html
    assert "Choose which document this is." in html and "Choose the document to send." in html
    # A file that is not what it says, without its type: both problems too, and nothing is stored.
    count = request.request_documents.count()
    fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all")
    html = citizen_client.post(f"/khadamati/requests/{request.pk}/step/documents/",
                               {"upload": "1", "code": "", "document": fake}).content.decode()  # fmt: skip
    assert 'href="#id_code"' in html and 'href="#id_document"' in html
    assert request.request_documents.count() == count


def test_the_review_step_shows_every_answer_of_the_person_step(citizen_client, in_english) -> None:  # type: ignore[no-untyped-def]
    request = complete_draft(_me(citizen_client))
    html = citizen_client.get(f"/khadamati/requests/{request.pk}/step/review/").content.decode()
    assert "<dt>Sex</dt><dd>female</dd>" in html


def test_the_error_summary_speaks_french_typography(citizen_client) -> None:  # type: ignore[no-untyped-def]
    citizen_client.cookies["jisr_language"] = "fr"
    html = citizen_client.post("/khadamati/requests/new/", {"for_whom": "self"}).content.decode()
    with translation.override("fr"):
        label = translation.gettext("What do you ask for?").rstrip(" ?")
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    assert f"{label} : " in summary and "?:" not in summary and "? :" not in summary, summary


# --- the office ------------------------------------------------------------------------------------------------


def test_the_convocations_problems_are_an_error_summary_linked_to_its_fields(kr, personas, in_english) -> None:  # type: ignore[no-untyped-def]
    from tests.khadamati.helpers import make_citizen

    request = request_at("medical_committee", applicant=make_citizen("p-kj-convoked", phone="+212661234569"))
    client = Client()
    client.force_login(kr.medical)
    url = f"/khadamati/office/requests/{request.pk}/medical/convocation/"
    answer = client.post(url, {})
    html = answer.content.decode()
    assert answer.status_code == 422
    for field in ("day", "time", "place"):
        assert f'href="#id_convocation-{field}"' in html
    # A date too soon: the problem on the date, the place typed kept, nothing sent.
    today = timezone.localdate().isoformat()
    html = client.post(url, {"convocation-day": today, "convocation-time": "00:01",
                             "convocation-place": "Provincial health office"}).content.decode()  # fmt: skip
    assert 'href="#id_convocation-day"' in html and 'value="Provincial health office"' in html
    assert not request.convocations.exists()
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    answer = client.post(url, {"convocation-day": day, "convocation-time": "10:30",
                               "convocation-place": "Provincial health office"})  # fmt: skip
    assert answer.status_code == 302 and request.convocations.count() == 1


def test_the_office_reads_each_document_by_its_name_and_the_timeline_in_plain_words(kr, personas, in_english) -> None:  # type: ignore[no-untyped-def]
    from tests.khadamati.helpers import make_citizen

    request = services.request_submit(acting_user=(applicant := make_citizen("p-kj-a", phone="+212661234570")),
                                      request=complete_draft(applicant))  # fmt: skip
    for document in request.request_documents.all():
        services.document_accept(acting_user=kr.officer, document=document)
    services.documents_complete(acting_user=kr.officer, request=request)
    client = Client()
    client.force_login(kr.officer)
    html = client.get(f"/khadamati/office/requests/{request.pk}/").content.decode()
    assert "<strong>Recent medical report</strong>" in html and "<strong>medical_report</strong>" not in html
    assert "The office found the documents complete." in html and "documents_complete" not in html


def test_a_replacement_without_a_file_and_an_empty_message_are_linked_to_their_fields(citizen_client, kr,
                                                                                     in_english) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    request = services.request_submit(acting_user=_me(citizen_client), request=complete_draft(_me(citizen_client)))
    refused = request.request_documents.get(code="medical_report")
    services.document_refuse(acting_user=kr.officer, document=refused, reason="The report is not signed.")
    base = f"/khadamati/requests/{request.pk}"
    html = citizen_client.post(f"{base}/documents/{refused.pk}/replace/", {}).content.decode()
    assert f'href="#replace-{refused.pk}"' in html and "Choose the document to send." in html
    assert f'aria-describedby="replace-{refused.pk}-error"' in html
    fake = SimpleUploadedFile("report.pdf", b"not a pdf at all")
    html = citizen_client.post(f"{base}/documents/{refused.pk}/replace/", {"document": fake}).content.decode()
    assert f'href="#replace-{refused.pk}"' in html and request.request_documents.count() == 2
    html = citizen_client.post(f"{base}/message/", {"body": "  "}).content.decode()
    assert 'href="#id_body"' in html and "Write your message." in html
    assert not request.messages.exists()
    assert citizen_client.post(f"{base}/message/", {"body": "Here is the signed report."}).status_code == 302
    assert request.messages.count() == 1


def test_the_environment_factors_are_a_list_without_a_colon_to_translate(kr, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.khadamati import selectors_office, services_office
    from tests.khadamati.helpers import make_citizen

    request = request_at("social_assessment", applicant=make_citizen("p-kj-env", phone="+212661234571"))
    definition = selectors_office.published_instrument("khadamati-social-assessment").definition
    ratings = {item["code"]: "mild" for domain in definition["domains"] for item in domain["items"]}
    environment = {factor["code"]: definition["environment"]["choices"][0]["code"]
                   for factor in definition["environment"]["factors"]}  # fmt: skip
    services_office.social_assessment_record(acting_user=kr.assistant, request=request, ratings=ratings,
                                             environment=environment, notes="")  # fmt: skip
    client = Client()
    client.force_login(kr.officer)
    client.cookies["jisr_language"] = "fr"
    html = client.get(f"/khadamati/office/requests/{request.pk}/").content.decode()
    assert "Environnement</p>" in html and "Environnement:" not in html
    assert html.count("<li>", html.index("Environnement</p>")) >= len(environment)
