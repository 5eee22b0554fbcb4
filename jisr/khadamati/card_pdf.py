"""The PDF of a disability card, in Arabic and French, with the QR code of its public verification page.

The card names its holder, its number and its validity — never the disability. The font and the shaping of
the Arabic script are those of every Jisr PDF (`jisr.core.pdf`); the QR code is drawn by `segno` as a PNG.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django.utils import formats
from fpdf.enums import Align, XPos, YPos

from jisr.core.pdf import BODY, new_document
from jisr.core.pdf import line as _line

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, and its end
QR_SCALE = 8  # pixels per module of the PNG drawn into the PDF
QR_SIZE_MM = 42


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (error correction "M": it still reads with a fold or a stain)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def _date(value: Any) -> str:
    return formats.date_format(value, "d/m/Y")


def card_pdf(card: Any, verify_url: str) -> bytes:
    """Render one card (A4 portrait, the card at the top to cut out) and return the PDF's bytes."""
    pdf = new_document(title=f"Khadamati {card.number}")
    pdf.add_page()
    pdf.set_line_width(0.8)
    pdf.rect(15, 15, 180, 110)
    pdf.set_y(20)
    _line(pdf, "المملكة المغربية — بطاقة شخص في وضعية إعاقة", 16, 1, bold=True)
    _line(pdf, "Royaume du Maroc — Carte de personne en situation de handicap", 12, 4)
    holder = f"{card.holder_first_name} {card.holder_last_name}"
    pdf.set_left_margin(62)
    pdf.set_right_margin(20)
    pdf.set_x(62)
    _line(pdf, f"الاسم الكامل: {holder}", 14, 1, align=Align.R)
    _line(pdf, f"Nom complet : {holder}", 12, 1, align=Align.L)
    born = _date(card.holder_birth_date)
    _line(pdf, f"تاريخ الازدياد: {born}", 12, 1, align=Align.R)
    _line(pdf, f"Date de naissance : {born}", 11, 1, align=Align.L)
    identifier = card.holder_cin or card.holder_civil_register_id
    if identifier:
        _line(pdf, f"CIN / N° d'état civil : {identifier}", 11, 1, align=Align.L)
    # The number is isolated left to right: in an Arabic line the bidirectional algorithm of fpdf2 would
    # otherwise reverse its parts ("000042-2026-09001").
    _line(pdf, f"رقم البطاقة: {LRI}{card.number}{PDI}", 12, 1, align=Align.R)
    _line(pdf, f"N° de carte : {card.number}", 11, 1, align=Align.L)
    valid_from, valid_until = _date(card.valid_from), _date(card.valid_until)
    _line(pdf, f"صالحة من {valid_from} إلى {valid_until}", 12, 1, align=Align.R)
    _line(pdf, f"Valable du {valid_from} au {valid_until}", 11, 1, align=Align.L)
    pdf.image(io.BytesIO(qr_png(verify_url)), x=18, y=48, w=QR_SIZE_MM, h=QR_SIZE_MM)
    pdf.set_left_margin(10)
    pdf.set_right_margin(10)
    pdf.set_y(128)
    _line(pdf, "للتحقق من صلاحية البطاقة امسح الرمز أو زر العنوان", 11, 0)
    pdf.set_font(BODY, size=10)
    pdf.cell(0, 6, "Pour vérifier la carte, lisez le code ou ouvrez l'adresse :", align=Align.C,
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.cell(0, 6, verify_url, align=Align.C, link=verify_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
