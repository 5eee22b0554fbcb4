"""Helpers of Khadamati's tests: reading the code that was sent, signing in by the pages, documents."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core import mail
from django.test import Client
from PIL import Image

from jisr.accounts.models import User
from jisr.core import sms

SIGN_IN = "/khadamati/sign-in/"
CODE = "/khadamati/sign-in/code/"
NAME = "/khadamati/sign-in/name/"


@dataclass
class Office:
    officer_agadir: User
    officer_oujda: User
    secretary_agadir: User


def last_code(to: str | None = None) -> str:
    """The six-digit code of the last text message (to `to`, when given) or e-mail sent."""
    texts = [message.text for message in sms.outbox if to is None or message.to == to]
    texts += [message.body for message in mail.outbox if to is None or to in message.to]
    assert texts, "no message was sent"
    found = re.search(r"\b(\d{6})\b", texts[-1])
    assert found, texts[-1]
    return found.group(1)


def ask_code(client: Client, commit: Any, destination: str, **extra: Any) -> Any:
    with commit():
        return client.post(SIGN_IN, {"destination": destination}, **extra)


def enter_code(client: Client, code: str, **extra: Any) -> Any:
    return client.post(CODE, {"code": code}, **extra)


def sign_up(client: Client, commit: Any, destination: str, *, first_name: str = "Amina", last_name: str = "B") -> Any:
    response = ask_code(client, commit, destination)
    assert response.status_code == 302 and response["Location"] == CODE, response
    response = enter_code(client, last_code())
    assert response.status_code == 302 and response["Location"] == NAME, response
    response = client.post(NAME, {"first_name": first_name, "last_name": last_name})
    assert response.status_code == 302, response
    return response


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes(text: str = "birth certificate") -> bytes:
    """A small valid PDF made with fpdf2 (what a scanner or a phone would send)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))  # the same bytes at each call
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


@dataclass
class RequestOffice:
    """The back office of Agadir (one person per role, two secretaries for the four eyes) and Oujda's officer."""

    officer: User
    medical: User
    assistant: User
    secretary: User
    secretary_2: User
    officer_oujda: User


def make_request_office() -> RequestOffice:
    from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE, make_user

    return RequestOffice(
        officer=make_user("p-kr-officer", "provincial_disability_officer", province_id=AGADIR_PROVINCE),
        medical=make_user("p-kr-medical", "medical_committee_member", province_id=AGADIR_PROVINCE),
        assistant=make_user("p-kr-assistant", "social_assistant", province_id=AGADIR_PROVINCE),
        secretary=make_user("p-kr-secretary", "committee_secretary", province_id=AGADIR_PROVINCE),
        secretary_2=make_user("p-kr-secretary-2", "committee_secretary", province_id=AGADIR_PROVINCE),
        officer_oujda=make_user("p-kr-officer-oujda", "provincial_disability_officer", province_id=OUJDA_PROVINCE),
    )


def make_citizen(username: str, phone: str = "") -> User:
    from tests.personas import make_user

    user = make_user(username, "citizen")
    user.phone = phone
    user.first_name, user.last_name = "Amina", "Berrada"
    user.save(update_fields=["phone", "first_name", "last_name"])
    return user


def many_pages_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    pdf.set_font("helvetica", size=12)
    for number in range(pages):
        pdf.add_page()
        pdf.cell(text=f"page {number + 1}")
    return bytes(pdf.output())
