"""Every date format the templates use reads day, month, year in Arabic and French.

The formats are collected from the templates themselves (`|date:"..."`, a bare `|date`), so a
format added to a page later is checked too. 2 December 2026 is printed with each: 2 must come
before December (12 or its name), which must come before 2026. A format left out of
`config/formats/<lang>/formats.py` falls back to Django's month-first global default; this is how
the case history and the audit log came to show 12/02/2026 for 2 December in Arabic.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import dateformat, formats, translation

REPO = Path(__file__).resolve().parents[2]
TEMPLATE_FOLDERS = [REPO / "templates", REPO / "jisr"]
DATE_FILTER = re.compile(r"""\|date(?::(?P<quote>["'])(?P<format>.*?)(?P=quote))?""")
# Machine-readable formats, printed only inside attributes (<time datetime="...">), never read by people.
MACHINE_FORMATS = {"c", "U", "r"}
# A time after noon whose digits (14, 35) cannot be taken for the day, the month or the year.
SECOND_OF_DECEMBER = datetime.datetime(2026, 12, 2, 14, 35, tzinfo=datetime.UTC)
LANGUAGES = ["ar", "fr"]


def template_date_formats() -> set[str]:
    """The formats passed to `|date` in every template of the project (DATE_FORMAT for a bare one)."""
    found: set[str] = set()
    for folder in TEMPLATE_FOLDERS:
        for template in folder.rglob("*.html"):
            for match in DATE_FILTER.finditer(template.read_text(encoding="utf-8")):
                found.add(match.group("format") or "DATE_FORMAT")
    return found - MACHINE_FORMATS


def _position(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not found in {text!r}"
    return match.start()


def test_the_templates_use_date_formats() -> None:
    assert {"SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT"} <= template_date_formats()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("date_format", sorted(template_date_formats()))
def test_each_template_date_format_reads_day_month_year(language: str, date_format: str) -> None:
    with translation.override(language):
        month_names = {formats.date_format(SECOND_OF_DECEMBER, letter) for letter in "FNbE"}
        december = "|".join(re.escape(name) for name in {"12", *month_names})
        text = dateformat.format(SECOND_OF_DECEMBER, formats.get_format(date_format, lang=language))
    day = _position(r"(?<!\d)0?2(?!\d)", text)
    month = _position(rf"(?<!\d)(?:{december})(?!\d)", text)
    year = _position(r"2026", text)
    assert day < month < year, f"{language} {date_format}: {text!r} does not read day/month/year"


@pytest.mark.parametrize("language", LANGUAGES)
def test_datetimes_use_the_24_hour_clock(language: str) -> None:
    with translation.override(language):
        text = formats.date_format(SECOND_OF_DECEMBER, "SHORT_DATETIME_FORMAT")
    assert text == "02/12/2026 14:35"


@pytest.mark.parametrize(
    ("day", "moroccan", "eastern"),
    [
        (datetime.date(2026, 5, 27), "ماي", "مايو"),
        (datetime.date(2026, 7, 1), "يوليوز", "يوليو "),
        (datetime.date(2026, 8, 10), "غشت", "أغسطس"),
        (datetime.date(2026, 9, 3), "شتنبر", "سبتمبر"),
        (datetime.date(2026, 11, 30), "نونبر", "نوفمبر"),
        (datetime.date(2026, 12, 2), "دجنبر", "ديسمبر"),
    ],
)
def test_arabic_months_are_named_as_in_morocco(day, moroccan, eastern) -> None:  # type: ignore[no-untyped-def]
    with translation.override("ar"):
        for written in (formats.date_format(day), formats.date_format(day, "YEAR_MONTH_FORMAT"),
                        dateformat.format(day, "E Y")):  # fmt: skip
            assert moroccan in written and eastern not in written + " ", written
    with translation.override("fr"):
        assert formats.date_format(day, "F") not in {"", moroccan}  # French keeps its own names
