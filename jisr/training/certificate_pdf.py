"""The PDF of a module certificate, in Arabic and French, with its verification code.

The font and the shaping of the Arabic script are those of every Jisr PDF (`jisr.core.pdf`).
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from fpdf.enums import Align, XPos, YPos

from jisr.core.pdf import line as _line
from jisr.core.pdf import new_document


def certificate_pdf(certificate: Any, verify_url: str) -> bytes:
    """Render one certificate (A4 landscape) and return the PDF's bytes."""
    result = certificate.result
    module, enrollment = result.module, result.enrollment
    person, program = enrollment.person, enrollment.program
    issued = timezone.localtime(certificate.issued_at).date()

    pdf = new_document(title=f"Jisr certificate {certificate.verification_code}", orientation="landscape")
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
