"""The program editor says, in the user's language, what is wrong in a rule and where — never the
JSON parser's English (issue 11, item 10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from jisr.programs import services
from jisr.programs.rules import JSON_PROBLEMS, compile_rule, describe_location, parse_rule, problems_of

pytestmark = pytest.mark.django_db
RULE = {"all": [{"field": "size", "op": ">=", "value": 1}]}
PARSER_ENGLISH = ("Expecting", "delimiter", "Not valid JSON", "(char ")


@pytest.fixture
def program(personas):  # type: ignore[no-untyped-def]
    return services.program_save(acting_user=personas.national, code="dsa", name_ar="دعم", name_fr="Appui",
                                 name_en="Support", rule=RULE)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "column", "parser_says"),
    [
        (
            '{"all": [\n  {"field": "size", "op": ">=", "value": 1}\n  {"field": "rooms"}]}',
            3,
            3,
            "Expecting ',' delimiter",
        ),
        ('{"all": [\n  {"field": "size",}\n]}', 2, 20, "Expecting property name enclosed in double quotes"),
        ('{"all": [{"field": "size", "op": ">=", "value": }]}', 1, 49, "Expecting value"),
        ('{"all": []} x', 1, 13, "Extra data"),
    ],
)
def test_a_syntax_error_names_its_line_and_column_in_words(text: str, line: int, column: int, parser_says: str) -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        parse_rule(text)
    [message] = problems_of(refused.value)
    with translation.override("fr"):
        expected = _("Line %(line)d, column %(column)d: %(problem)s.") % {
            "line": line, "column": column, "problem": JSON_PROBLEMS[parser_says]}  # fmt: skip
    assert message == expected
    assert not any(english in message for english in PARSER_ENGLISH)


def test_an_empty_rule_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_rule("  \n")
    assert problems_of(refused.value) == [_("The rule is empty: write at least one condition.")]


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("rule", "The rule as a whole"),
        ("rule.all.0", "Condition 1 of “all”"),
        ("rule.all.1.any.2", "Condition 2 of “all”, condition 3 of “any”"),
        ("rule.any.0.not_in_program", "Condition 1 of “any”, the test “not_in_program”"),
    ],
)
def test_where_a_problem_is_said_in_words(where: str, words: str) -> None:
    with translation.override("en"):
        assert describe_location(where) == words


def test_a_value_of_the_wrong_kind_names_the_kind_in_the_users_language() -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        compile_rule({"any": [{"field": "size", "op": ">=", "value": "five"}]})
    with translation.override("fr"):
        kind = _("a number")
        assert refused.value.message_dict["rule.any.0"] == [
            _("The value of %(field)s must be %(kind)s.") % {"field": "size", "kind": kind}
        ]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("url", ["/programs/dsa/", "/programs/dsa/preview/"])
def test_the_editor_shows_the_problem_in_the_users_language(client, personas, program, language, url) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    client.cookies["jisr_language"] = language
    page = client.post(url, {"rule": '{"all": [\n  {"field": "size", "op": ">=", "value": 1}\n  {"field": "rooms"}]}'})
    body = page.content.decode()
    with translation.override(language):
        expected = _("Line %(line)d, column %(column)d: %(problem)s.") % {
            "line": 3, "column": 3, "problem": JSON_PROBLEMS["Expecting ',' delimiter"]}  # fmt: skip
        unknown = _("Unknown field “%(field)s”.") % {"field": "salary"}
        where = _("%(where)s: %(problem)s") % {"where": describe_location("rule.all.0"), "problem": unknown}
    assert escape(expected) in body
    assert not any(english in body for english in PARSER_ENGLISH)
    wrong = client.post(url, {"rule": '{"all": [{"field": "salary", "op": "<", "value": 3}]}'}).content.decode()
    assert escape(where) in wrong
    program.refresh_from_db()
    assert program.rule == RULE  # nothing written
