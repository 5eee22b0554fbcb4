"""The disability card: issue, numbers, validity, replacement and withdrawal, the PDF with its QR code, and the
public verification page that says only "valid until …" or "not valid" and the initials."""

from __future__ import annotations

import datetime
import io

import pytest
import segno
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from jisr.core.models import AuditLog
from jisr.khadamati import selectors_office, services_office
from jisr.khadamati.models import Card
from jisr.territories.models import Province
from tests.personas import AGADIR_PROVINCE

pytestmark = pytest.mark.django_db

HOLDER = {"first_name": "Salma", "last_name": "Idrissi", "birth_date": datetime.date(1990, 4, 2), "cin": "JB123456"}


def issue(user, **extra):  # type: ignore[no-untyped-def]
    return services_office.card_create(
        acting_user=user,
        province=Province.objects.get(code=AGADIR_PROVINCE),
        holder={**HOLDER, **extra.pop("holder", {})},
        **extra,
    )


@pytest.fixture
def card(office):  # type: ignore[no-untyped-def]
    return issue(office.officer_agadir)


def test_validity_is_seven_years(settings) -> None:  # type: ignore[no-untyped-def]
    assert services_office.card_valid_until(datetime.date(2026, 3, 1)) == datetime.date(2033, 3, 1)
    assert services_office.card_valid_until(datetime.date(2028, 2, 29)) == datetime.date(2035, 2, 28)
    settings.JISR_KHADAMATI_CARD_VALIDITY_YEARS = 5
    assert services_office.card_valid_until(datetime.date(2026, 12, 3)) == datetime.date(2031, 12, 3)


def test_numbers_follow_in_the_province_and_year(office) -> None:  # type: ignore[no-untyped-def]
    first = issue(office.officer_agadir, valid_from=datetime.date(2026, 5, 1))
    second = issue(office.officer_agadir, valid_from=datetime.date(2026, 6, 1), holder={"cin": "JB999999"})
    assert (first.number, second.number) == ("09001-2026-000001", "09001-2026-000002")
    assert len(first.verification_code) >= 22 and first.verification_code != second.verification_code


def test_a_new_card_replaces_the_active_one_of_the_same_holder(card, office) -> None:  # type: ignore[no-untyped-def]
    renewal = issue(office.officer_agadir)
    card.refresh_from_db()
    assert card.status == Card.Status.REPLACED and renewal.replaces == card
    assert selectors_office.card_check(card.verification_code).valid is False  # type: ignore[union-attr]
    assert selectors_office.card_check(renewal.verification_code).valid is True  # type: ignore[union-attr]


def test_withdrawal_needs_a_reason_and_the_province(card, office) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services_office.card_withdraw(acting_user=office.officer_agadir, card=card, reason="no")
    with pytest.raises(Http404):
        services_office.card_withdraw(
            acting_user=office.officer_oujda, card=card, reason="Issued in error to the wrong person."
        )
    services_office.card_withdraw(
        acting_user=office.officer_agadir, card=card, reason="Issued in error to the wrong person."
    )
    card.refresh_from_db()
    assert card.status == Card.Status.WITHDRAWN
    assert AuditLog.objects.filter(object_id=str(card.pk), action=AuditLog.Action.UPDATE).exists()


def test_the_pdf_holds_the_qr_code_of_the_verification_address(card, office) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(office.officer_agadir)
    response = client.get(f"/khadamati/office/cards/{card.pk}/card.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    text = page.extract_text()
    assert card.number in text and "Salma" in text
    images = page.images
    assert len(images) == 1
    embedded = Image.open(io.BytesIO(images[0].data)).convert("1")
    # The QR code of the address as the test writes it, drawn by segno at the card's scale: the same pixels.
    expected_url = f"http://testserver/khadamati/card/{card.verification_code}/"
    buffer = io.BytesIO()
    segno.make(expected_url, error="m", micro=False).save(buffer, kind="png", scale=8, border=4)
    expected = Image.open(buffer).convert("1")
    assert embedded.size == expected.size
    assert embedded.tobytes() == expected.tobytes()
    assert AuditLog.objects.filter(
        object_id=str(card.pk), action=AuditLog.Action.VIEW, actor=office.officer_agadir
    ).exists()


@pytest.mark.parametrize("name", ["officer_oujda"])
def test_the_pdf_is_404_outside_the_province(card, office, name) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(getattr(office, name))
    assert client.get(f"/khadamati/office/cards/{card.pk}/card.pdf").status_code == 404


@pytest.mark.parametrize("name", ["worker_a", "citizen", "outsider", "partner", "analyst"])
def test_the_pdf_is_404_for_personas_who_must_not_see(card, client_for, name) -> None:  # type: ignore[no-untyped-def]
    assert client_for(name).get(f"/khadamati/office/cards/{card.pk}/card.pdf").status_code == 404


def _page(code: str, language: str = "fr") -> tuple[int, str]:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(f"/khadamati/card/{code}/")
    return response.status_code, response.content.decode()


def test_verification_of_a_valid_card_says_until_when_and_the_initials_only(card) -> None:  # type: ignore[no-untyped-def]
    status, html = _page(card.verification_code)
    assert status == 200
    assert card.valid_until.strftime("%d/%m/%Y") in html and "S. I." in html
    for secret in ("Salma", "Idrissi", "JB123456", "1990", card.number):
        assert secret not in html


def test_verification_of_an_expired_card_says_not_valid(office) -> None:  # type: ignore[no-untyped-def]
    old = issue(office.officer_agadir, valid_from=datetime.date(2015, 1, 1))
    assert old.valid_until == datetime.date(2022, 1, 1)
    status, html = _page(old.verification_code)
    assert status == 200 and "01/01/2022" not in html and "S. I." in html
    assert selectors_office.card_check(old.verification_code) == selectors_office.CardCheck(False, None, "S. I.")


def test_verification_of_an_unknown_code_is_404_and_says_nothing(card) -> None:  # type: ignore[no-untyped-def]
    for code in (
        "A" * 22,
        card.verification_code[:-1] + ("x" if card.verification_code[-1] != "x" else "y"),
        "short",
        "%27or1=1",
    ):
        status, html = _page(code)
        assert status == 404 and "S. I." not in html


def test_the_verification_page_is_public_and_not_indexed(card) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(f"/khadamati/card/{card.verification_code}/")
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"] and response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_today_counts_in_the_validity(card, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    last_day = card.valid_until
    monkeypatch.setattr(timezone, "localdate", lambda: last_day)
    assert selectors_office.card_check(card.verification_code).valid is True  # type: ignore[union-attr]
    monkeypatch.setattr(timezone, "localdate", lambda: last_day + datetime.timedelta(days=1))
    assert selectors_office.card_check(card.verification_code).valid is False  # type: ignore[union-attr]
