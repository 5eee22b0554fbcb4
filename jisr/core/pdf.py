"""PDF documents in Arabic and French: the font, the shaping and the lines every Jisr PDF uses.

fpdf2 lays the text out and HarfBuzz (uharfbuzz) shapes the Arabic script, joined and right to left
(fpdf2's bidirectional algorithm orders a paragraph that mixes Arabic with Latin words or numbers). The font
is Amiri, from Debian's `fonts-hosny-amiri` (JISR_CERTIFICATE_FONT names another TrueType font); its bold
face is the file beside it named `…-Bold.ttf`, when there is one.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

BODY = "body"


def font_path() -> str:
    path = Path(settings.JISR_CERTIFICATE_FONT)
    if not path.is_file():
        raise ImproperlyConfigured(
            f"PDF font not found at {path}: install Debian's fonts-hosny-amiri or set JISR_CERTIFICATE_FONT."
        )
    return str(path)


def _bold_path(regular: str) -> str:
    path = Path(regular)
    bold = path.with_name(path.name.replace("-Regular", "-Bold"))
    return str(bold) if bold != path and bold.is_file() else regular


def new_document(*, title: str, orientation: str = "portrait", rtl: bool = False) -> FPDF:
    """An A4 document with Jisr's font (regular as `body`, bold as `body` style B) and Arabic shaping;
    `rtl` lays each paragraph out right to left (an Arabic page), else each follows its first strong letter."""
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_title(title)
    pdf.set_creator("Jisr")
    regular = font_path()
    pdf.add_font(BODY, fname=regular)
    pdf.add_font(BODY, style="B", fname=_bold_path(regular))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else None)
    return pdf


def line(pdf: FPDF, text: str, size: float, gap: float = 4, *, align: Align = Align.C, bold: bool = False) -> None:
    """One paragraph across the page's width, then `gap` millimetres of space."""
    pdf.set_font(BODY, style="B" if bold else "", size=size)
    pdf.multi_cell(0, size * 0.55, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)
