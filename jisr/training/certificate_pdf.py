"""The PDF of a module certificate, in Arabic and French, with its verification code.

fpdf2 lays the text out and HarfBuzz (uharfbuzz) shapes the Arabic script; the font is Amiri, from
Debian's `fonts-hosny-amiri` (set JISR_CERTIFICATE_FONT to use another TrueType font).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos


def _font_path() -> str:
    path = Path(settings.JISR_CERTIFICATE_FONT)
    if not path.is_file():
        raise ImproperlyConfigured(
            f"Certificate font not found at {path}: install Debian's fonts-hosny-amiri or set JISR_CERTIFICATE_FONT."
        )
    return str(path)


def _line(pdf: FPDF, text: str, size: int, gap: float = 4) -> None:
    pdf.set_font("body", size=size)
    pdf.multi_cell(0, size * 0.55, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)


def certificate_pdf(certificate: Any, verify_url: str) -> bytes:
    """Render one certificate (A4 landscape) and return the PDF's bytes."""
    result = certificate.result
    module, enrollment = result.module, result.enrollment
    person, program = enrollment.person, enrollment.program
    issued = timezone.localtime(certificate.issued_at).date()

    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Jisr certificate {certificate.verification_code}")
    pdf.set_creator("Jisr")
    pdf.add_font("body", fname=_font_path())
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(24)
    _line(pdf, "شهادة تكوين", 30, 2)
    _line(pdf, "Attestation de formation", 20, 8)
    holder_ar = " ".join(part for part in (person.first_name_ar, person.last_name_ar) if part)
    holder_latin = " ".join(part for part in (person.first_name_latin, person.last_name_latin) if part)
    _line(pdf, "تشهد الجهة المانحة بأن", 14, 1)
    _line(pdf, holder_ar or holder_latin, 22, 1)
    if holder_ar and holder_latin:
        _line(pdf, holder_latin, 16, 1)
    _line(pdf, f"قد أتم(ت) بنجاح الوحدة المشهود بها: {module.title_ar}", 15, 1)
    _line(pdf, f"a suivi avec succès le module certifié : {module.title_fr}", 13, 4)
    _line(pdf, f"{module.hours} ساعة — {program.center.name_ar}", 12, 1)
    _line(pdf, f"{module.hours} heures — {program.title_fr}", 12, 1)
    _line(pdf, f"{module.certifying_body} — {formats.date_format(issued, 'Y-m-d')}", 12, 8)
    _line(pdf, "رمز التحقق", 12, 0)
    pdf.set_font("body", size=12)
    pdf.cell(0, 8, f"Code de vérification : {certificate.verification_code}", align=Align.C,
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.cell(0, 8, verify_url, align=Align.C, link=verify_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
