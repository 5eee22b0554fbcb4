"""Numbers, amounts and phone numbers stay one left-to-right run inside Arabic text.

The `bidi` template filters isolate them (`<bdi dir="ltr">`); the templates use them wherever a
number is grouped or a phone printed; an example phone written inside an Arabic translation is
isolated by the translation itself (U+2066 … U+2069), since no template sees inside the sentence.
The browser test (tests/browser/test_locale.py) checks the order the digits are laid out in.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

from jisr.core.templatetags.bidi import ltr, number

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = [*(REPO / "templates").rglob("*.html"), *(REPO / "jisr").rglob("*.html")]
LRI, PDI = "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("language", "grouped", "amount"),
    [("ar", "36\u00a0135", "1\u00a0234,50"), ("fr", "36\u202f135", "1\u202f234,50"), ("en", "36,135", "1,234.50")],
)
def test_numbers_are_grouped_per_language_and_isolated(language: str, grouped: str, amount: str) -> None:
    with translation.override(language):
        assert number(36135) == f'<bdi dir="ltr">{grouped}</bdi>'
        assert number(Decimal("1234.5"), 2) == f'<bdi dir="ltr">{amount}</bdi>'


def test_empty_values_and_words_pass_through() -> None:
    assert number(None) is None and number("") == "" and number("n/a") == "n/a"
    assert ltr(None) is None and ltr("") == ""
    page = Template('{% load bidi %}{{ phone|ltr|default:"—" }} {{ name|ltr }}').render(
        Context({"phone": "", "name": "<b>"})
    )
    assert page == '— <bdi dir="ltr">&lt;b&gt;</bdi>'


def test_in_a_sentence_the_isolated_number_is_one_unit() -> None:
    with translation.override("ar"):
        page = Template("{% load bidi %}تم العثور على {{ total|number }} مركزًا").render(Context({"total": 3154}))
    assert page == 'تم العثور على <bdi dir="ltr">3\u00a0154</bdi> مركزًا'


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(REPO)))
def test_templates_group_numbers_and_print_phones_through_the_bidi_filters(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert "|intcomma" not in text, "use |number: it groups the thousands and isolates the number"
    assert not re.search(r"""\|floatformat:["']-?\d*g""", text), "use |number:<places> for grouped numbers"
    for match in re.finditer(r"\{\{\s*[\w.]*\bphone\b(?P<filters>[^}]*)\}\}", text):
        in_a_link_target = text[max(0, match.start() - 4) : match.start()] == "tel:"
        assert in_a_link_target or "|ltr" in match.group("filters"), match.group()


def test_numbers_written_in_groups_inside_arabic_translations_are_isolated() -> None:
    """A phone example in a sentence (`مثل 06 12 34 56 78`): its groups would be laid out right to left."""
    grouped_digits = re.compile(r"\+?\d+(?:[ \u00a0\u202f]\d+)+")
    catalog = polib.pofile(str(REPO / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    bare = []
    for entry in catalog.translated_entries():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            for found in grouped_digits.finditer(text):
                isolated = text[: found.start()].endswith(LRI) and text[found.end() :].startswith(PDI)
                if not isolated:
                    bare.append((entry.msgid, found.group()))
    assert bare == []
