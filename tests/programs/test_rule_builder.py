"""The rule builder (issue 12): every rule the JSON language can express goes through the form and comes
back the same, and selects the same households; problems are said in the user's language on the
condition they concern; the page works without JavaScript; only those who may change a program do.

Rules are generated from the grammar of `rules.py` (its fields, their kinds, the operators of each
kind, groups nested up to MAX_DEPTH, the program tests), drawn as the page draws them, read back as a
browser would post that HTML (tests/programs/form_html.py), and compared as JSON, types included.
"""

from __future__ import annotations

import json
import operator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.core.models import AuditLog
from jisr.programs import services
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rule_builder import tree_rule
from jisr.programs.rule_editor import RuleEditor
from jisr.programs.rule_fields import BY_NAME, FIELD_INPUTS, OPERATOR_LABELS, PROGRAM_FIELD
from jisr.programs.rules import FIELDS, MAX_DEPTH, OPERATORS, PROGRAM_TESTS, compile_rule, eligible
from jisr.programs.selectors import RuleChoices
from jisr.registry.models import RegistryHousehold
from tests.programs.form_html import form_data

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"
PROGRAM_CODES = ["amo", "dsa"]
START = {"field": "size", "op": ">=", "value": 1}
# Values the registry holds, so that generated conditions select some households and not others.
REAL_TEXTS = ["F", "M", "rural", "urban", "09", "04", "06", "09.001", "04.421", "shanty", "owner", "tenant",
              "apartment", "09.001.01.01", "04.421.01.0"]  # fmt: skip
HYPOTHESIS = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


# ——— the grammar of rules.py, as Hypothesis strategies ———

texts = st.sampled_from(REAL_TEXTS) | st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=10
).filter(str.strip)
numbers = (
    st.integers(0, 12)
    | st.floats(8, 11)  # around the PMT thresholds
    | st.integers(-(2**53), 2**53)
    | st.floats(min_value=-(2**53), max_value=2**53, allow_nan=False, allow_infinity=False)
)


def _value(kind: str, op: str) -> st.SearchStrategy[Any]:
    if op in ("in", "not_in"):
        return st.lists(texts, min_size=1, max_size=4)
    return {"number": numbers, "text": texts, "boolean": st.booleans()}[kind]


conditions = st.sampled_from(sorted(FIELDS)).flatmap(
    lambda field: st.sampled_from(OPERATORS[FIELDS[field]]).flatmap(
        lambda op: _value(FIELDS[field], op).map(lambda value: {"field": field, "op": op, "value": value})
    )
)
program_tests = st.builds(lambda test, code: {test: code}, st.sampled_from(PROGRAM_TESTS),
                          st.sampled_from(PROGRAM_CODES))  # fmt: skip


def rules(depth: int = 0) -> st.SearchStrategy[Any]:
    """A valid rule whose root sits at `depth`: a condition, a program test, or a group all/any of
    1 to 3 parts (groups only where their parts stay within MAX_DEPTH)."""
    leaves = conditions | program_tests
    if depth >= MAX_DEPTH:
        return leaves
    groups = st.builds(lambda match, parts: {match: parts}, st.sampled_from(["all", "any"]),
                       st.lists(st.deferred(lambda: rules(depth + 1)), min_size=1, max_size=3))  # fmt: skip
    return leaves | groups


def deep_rule(depth: int) -> Any:
    """A group in a group … `depth` groups deep, a condition at the bottom."""
    rule: Any = {"field": "rooms", "op": "<", "value": 3}
    for level in range(depth):
        rule = {"any" if level % 2 else "all": [rule]}
    return rule


def as_json(rule: Any) -> str:
    """JSON text with the keys sorted: equal texts are equal rules, number types included (1, 1.0, true)."""
    return json.dumps(rule, sort_keys=True)


@pytest.fixture
def programs(personas):  # type: ignore[no-untyped-def]
    for code in PROGRAM_CODES:
        services.program_save(acting_user=personas.national, code=code, name_ar=f"برنامج {code}", name_fr=code,
                              name_en=code, rule=START)  # fmt: skip
    return {program.code: program for program in Program.objects.all()}


def _builder_html(rule: Any, choices: RuleChoices) -> str:
    editor = RuleEditor.saved(rule, choices)
    assert editor.tree is not None, f"the form cannot show a valid rule: {rule}"
    context = {"editor": editor, "can_change": True, "rule_form_url": "/f/", "preview_url": "/p/"}
    return render_to_string("programs/_rule_builder.html", context) + render_to_string(
        "programs/_rule_json.html", context
    )


def _through_the_form(rule: Any, choices: RuleChoices) -> RuleEditor:
    """The rule drawn in the builder, then posted back as a browser posts that HTML."""
    return RuleEditor.posted(form_data(_builder_html(rule, choices), form_id=None), choices, action="preview")


# ——— the form round-trips every rule the JSON can express ———


def test_the_deepest_rule_is_valid_and_one_level_more_is_not() -> None:
    """deep_rule, used below, reaches the deepest nesting the language allows."""
    compile_rule(deep_rule(MAX_DEPTH))
    with pytest.raises(ValidationError):
        compile_rule(deep_rule(MAX_DEPTH + 1))


@HYPOTHESIS
@given(rule=rules())
def test_every_rule_comes_back_from_the_form_unchanged(programs, rule) -> None:  # type: ignore[no-untyped-def]
    compile_rule(rule)  # the generator makes only valid rules
    choices = RuleChoices()
    editor = _through_the_form(rule, choices)
    assert editor.tree is not None
    back, problems = tree_rule(editor.tree)
    assert problems == []
    assert as_json(back) == as_json(rule)
    assert as_json(editor.rule) == as_json(rule)  # valid for compile_rule as it is
    assert as_json(json.loads(editor.json_text)) == as_json(rule)  # the advanced view shows the same JSON


@pytest.mark.parametrize("depth", range(MAX_DEPTH + 1))
def test_the_deepest_rules_come_back_too(programs, depth: int) -> None:  # type: ignore[no-untyped-def]
    rule = deep_rule(depth)
    assert as_json(_through_the_form(rule, RuleChoices()).rule) == as_json(rule)


@pytest.mark.parametrize(
    "rule",
    [
        {"field": "pmt_index", "op": "<=", "value": 9.0},  # a float that looks like an integer stays a float
        {"field": "pmt_index", "op": ">", "value": 1e-07},
        {"field": "head_age", "op": "<", "value": -(2**53)},
        {"field": "area", "op": "=", "value": " rural "},  # spaces are part of a text
        {"field": "area", "op": "in", "value": ["urban", "villa", "urban"]},  # order, repeats, unknown values kept
        {"field": "commune_id", "op": "not_in", "value": ["<script>", "a\"b'c&d"]},
        {"field": "head_sex", "op": "!=", "value": "مؤنث"},
        {"field": "electricity", "op": "=", "value": False},
        {"all": [{"in_program": "dsa"}]},
    ],
)
def test_values_that_a_form_could_easily_change_come_back_exactly(programs, rule) -> None:  # type: ignore[no-untyped-def]
    assert as_json(_through_the_form(rule, RuleChoices()).rule) == as_json(rule)


# ——— and selects the same households ———


def _holds(rule: Any, household: RegistryHousehold, enrolled: dict[str, set[str]]) -> bool:
    """The rule read directly, independently of compile_rule: a household without the value never
    satisfies a condition on it."""
    if "all" in rule:
        return all(_holds(part, household, enrolled) for part in rule["all"])
    if "any" in rule:
        return any(_holds(part, household, enrolled) for part in rule["any"])
    if "in_program" in rule:
        return household.household_id in enrolled[rule["in_program"]]
    if "not_in_program" in rule:
        return household.household_id not in enrolled[rule["not_in_program"]]
    value = getattr(household, rule["field"])
    if value is None:
        return False
    compare = {"<": operator.lt, "<=": operator.le, "=": operator.eq, ">=": operator.ge, ">": operator.gt,
               "!=": operator.ne, "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b}[rule["op"]]  # fmt: skip
    return bool(compare(value, rule["value"]))


@pytest.fixture
def sample_registry(programs, tmp_path):  # type: ignore[no-untyped-def]
    from jisr.registry.importing.households import import_households
    from jisr.registry.pmt import model_import, score_all
    from jisr.registry.synthetic import generate, write

    write(generate(households=120, seed=5, duplicates=0, errors=0), tmp_path / "r.csv")
    import_households(tmp_path / "r.csv", update=False)
    score_all(model_import(acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text())))
    ids = sorted(RegistryHousehold.objects.values_list("household_id", flat=True))
    RegistryHousehold.objects.filter(household_id__in=ids[::4]).update(pmt_index=None)  # some not scored
    for index, code in enumerate(PROGRAM_CODES):
        ProgramEnrollment.objects.bulk_create(
            ProgramEnrollment(program=programs[code], household_id=household_id, enrolled_at="2025-01-01T00:00Z",
                              updated_at="2025-01-01T00:00Z", status="active" if n % 5 else "exited")
            for n, household_id in enumerate(ids[index::3])
        )  # fmt: skip
    enrolled = {code: set(ProgramEnrollment.objects.filter(program__code=code, status="active")
                          .values_list("household_id", flat=True)) for code in PROGRAM_CODES}  # fmt: skip
    return list(RegistryHousehold.objects.all()), enrolled


@settings(max_examples=80, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(rule=rules())
def test_the_rule_from_the_form_selects_the_same_households(sample_registry, rule) -> None:  # type: ignore[no-untyped-def]
    households, enrolled = sample_registry
    back = _through_the_form(rule, RuleChoices()).rule
    expected = {h.household_id for h in households if _holds(rule, h, enrolled)}
    assert set(eligible(rule).values_list("household_id", flat=True)) == expected
    assert set(eligible(back).values_list("household_id", flat=True)) == expected


@pytest.mark.parametrize(
    ("rule", "test"),
    [
        ({"field": "head_age", "op": "=", "value": 60.5}, lambda h: False),
        ({"field": "head_age", "op": "!=", "value": 60.5}, lambda h: True),
        ({"field": "children_under_15", "op": "<=", "value": -0.5}, lambda h: False),
        ({"field": "children_under_15", "op": ">", "value": -0.5}, lambda h: True),
        ({"field": "rooms", "op": "<=", "value": 2.5}, lambda h: h.rooms <= 2),
        ({"field": "rooms", "op": ">=", "value": 2.5}, lambda h: h.rooms >= 3),
    ],
)
def test_a_fraction_on_a_whole_number_field_is_not_rounded(sample_registry, rule, test) -> None:  # type: ignore[no-untyped-def]
    """Found by the comparison above: Django's integer lookups truncate a float (`= 60.5` ran as `= 60`)."""
    households, _enrolled = sample_registry
    assert set(eligible(rule).values_list("household_id", flat=True)) == {h.household_id for h in households
                                                                          if test(h)}  # fmt: skip


def test_the_sample_rules_do_select_some_households_and_not_others(sample_registry) -> None:  # type: ignore[no-untyped-def]
    """The comparison above means something: on the sample, real rules split the households."""
    households, _enrolled = sample_registry
    for rule in ({"field": "head_sex", "op": "=", "value": "F"}, {"field": "pmt_index", "op": "<=", "value": 9.5},
                 {"not_in_program": "amo"}):  # fmt: skip
        assert 0 < eligible(rule).count() < len(households)


# ——— values no form can hold are not in the language ———


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "size", "op": ">=", "value": float("nan")},
        {"field": "size", "op": ">=", "value": float("inf")},
        {"field": "size", "op": ">=", "value": 2**53 + 1},  # beyond, JSON numbers are not exact
        {"field": "pmt_index", "op": "<", "value": -1e300},
        {"field": "area", "op": "=", "value": ""},
        {"field": "area", "op": "=", "value": "  "},
        {"field": "commune_id", "op": "=", "value": "09.001\x00"},
        {"field": "area", "op": "in", "value": ["rural", "a\nb"]},  # a text input cannot hold a line break
        {"field": "area", "op": "not_in", "value": ["\ud800"]},  # half a surrogate pair: not text
    ],
)
def test_values_no_form_can_hold_are_refused_where_they_are(condition) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        compile_rule({"any": [START, condition]})
    assert list(refused.value.message_dict) == ["rule.any.1"]


def test_the_limits_themselves_are_allowed() -> None:
    for condition in ({"field": "size", "op": "<", "value": 2**53}, {"field": "area", "op": "=", "value": " x "},
                      {"field": "pmt_index", "op": ">", "value": -(2.0**53)}):  # fmt: skip
        compile_rule(condition)


def test_json_nested_by_the_thousand_is_refused_in_words() -> None:
    from jisr.programs.rules import parse_rule

    with pytest.raises(ValidationError) as refused:
        parse_rule("[" * 100_000 + "]" * 100_000)
    assert list(refused.value.message_dict) == ["rule"]


# ——— the vocabulary is rules.py's ———


def test_the_builder_offers_exactly_the_fields_and_operators_of_the_rule_language() -> None:
    assert {field.name for field in FIELD_INPUTS} == {*FIELDS, PROGRAM_FIELD}
    for name, kind in FIELDS.items():
        assert BY_NAME[name].operators == OPERATORS[kind]
        assert all((kind, op) in OPERATOR_LABELS for op in OPERATORS[kind])
    assert BY_NAME[PROGRAM_FIELD].operators == PROGRAM_TESTS
    assert [value for value, _label in BY_NAME["area"].choices] == list(RegistryHousehold.Area.values)


# ——— the page, with and without JavaScript ———


@pytest.fixture
def program(programs):  # type: ignore[no-untyped-def]
    return programs["amo"]


def _post(client: Client, url: str, page: str, action: str, **changes: Any) -> Any:
    """Post the page's form as a browser without JavaScript does when `action`'s button is pressed,
    after setting some inputs (name → value, or a list of values)."""
    data = form_data(page, submitter=("action", action))
    for name, value in changes.items():
        data.setlist(name.replace("_", "-"), value if isinstance(value, list) else [value])
    return client.post(url, dict(data.lists()))


def test_a_rule_is_built_and_saved_without_javascript(client, personas, program, settings) -> None:  # type: ignore[no-untyped-def]
    """age ≥ 60 AND (region = 09 OR disability ≥ 1), one button at a time, each page posted as it is drawn."""
    settings.LANGUAGE_CODE = "en"  # the pages are read in English (pytest-django's settings, not Hypothesis')
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    page = client.get(url).content.decode()
    page = _post(client, url, page, "refresh", c_field="head_age").content.decode()  # the root: one condition
    assert 'name="c-op"' in page and "is at least" in page
    page = _post(client, url, page, "add-group:c", c_op=">=", c_value="60").content.decode()
    assert 'id="id_c-1-0-field"' in page and "autofocus" in page.split('id="id_c-1-0-field"')[1].split(">")[0]
    page = _post(client, url, page, "refresh", c_1_0_field="region_code", c_1_match="any").content.decode()
    page = _post(client, url, page, "add-condition:c-1", c_1_0_value="09").content.decode()
    page = _post(client, url, page, "refresh", c_1_1_field="members_with_disability").content.decode()
    response = _post(client, url, page, "save", c_1_1_op=">=", c_1_1_value="1")
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.rule == {"all": [
        {"field": "head_age", "op": ">=", "value": 60},
        {"any": [{"field": "region_code", "op": "=", "value": "09"},
                 {"field": "members_with_disability", "op": ">=", "value": 1}]},
    ]}  # fmt: skip
    entry = AuditLog.objects.filter(object_id=str(program.pk), action=AuditLog.Action.UPDATE).latest("pk")
    assert entry.actor == personas.national
    assert entry.changes == {"rule": [START, program.rule]}  # old → new, as before the builder


def test_buttons_add_and_remove_parts_and_values(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    program.rule = {"all": [{"field": "area", "op": "in", "value": ["rural"]},
                            {"field": "rooms", "op": "<", "value": 2}]}  # fmt: skip
    program.save()
    page = client.get(url).content.decode()
    page = _post(client, url, page, "add-value:c-0").content.decode()
    page = _post(client, url, page, "save", c_0_value=["rural", "urban"]).content.decode()
    program.refresh_from_db()
    assert program.rule["all"][0]["value"] == ["rural", "urban"]
    page = client.get(url).content.decode()
    page = _post(client, url, page, "remove-value:c-0:0").content.decode()
    page = _post(client, url, page, "remove:c-1").content.decode()
    assert 'name="c-1-field"' not in page
    assert 'name="action" value="remove:c-0"' not in page  # the only part of a group stays
    _post(client, url, page, "save")
    program.refresh_from_db()
    assert program.rule == {"all": [{"field": "area", "op": "in", "value": ["urban"]}]}


def test_groups_go_no_deeper_than_the_language_allows(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    program.rule = deep_rule(MAX_DEPTH)
    program.save()
    page = client.get(url).content.decode()
    deepest_group = "c" + "-0" * (MAX_DEPTH - 1)
    assert f'value="add-group:{deepest_group}"' not in page and f'value="add-condition:{deepest_group}"' in page
    assert f'value="add-group:{deepest_group[:-2]}"' in page
    page = _post(client, url, page, f"add-group:{deepest_group}").content.decode()  # posted anyway: nothing
    assert f'name="{deepest_group}-1-match"' not in page


def test_changing_a_field_offers_its_operators_and_values_before_saving(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    """Without JavaScript, "save" after changing a field only updates the form: "head_age ≥ 60" must not
    become "area = 60" unseen."""
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    program.rule = {"field": "head_age", "op": ">=", "value": 60}
    program.save()
    page = client.get(url).content.decode()
    page = _post(client, url, page, "save", c_field="area").content.decode()
    program.refresh_from_db()
    assert program.rule == {"field": "head_age", "op": ">=", "value": 60}
    data = form_data(page)
    assert data["c-field"] == "area" and data["c-op"] == "=" and data["c-value"] == ""  # a choice to make


def test_a_field_change_keeps_what_still_applies(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    program.rule = {"field": "head_age", "op": ">=", "value": 60}
    program.save()
    page = _post(client, url, client.get(url).content.decode(), "refresh", c_field="size").content.decode()
    data = form_data(page)
    assert (data["c-field"], data["c-op"], data["c-value"]) == ("size", ">=", "60")


# ——— problems, where they are, in the user's language ———


def _page_with(client: Client, program: Program, rule: Any, language: str, **changes: Any) -> str:
    program.rule = rule
    program.save()
    client.cookies["jisr_language"] = language
    url = f"/programs/{program.code}/"
    return _post(client, url, client.get(url).content.decode(), "save", **changes).content.decode()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_each_problem_is_said_on_its_condition_in_the_users_language(client, personas, programs, language) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    program = programs["amo"]
    rule = {"all": [{"field": "head_age", "op": ">=", "value": 60},
                    {"any": [{"field": "region_code", "op": "=", "value": "09"},
                             {"field": "members_with_disability", "op": ">=", "value": 1}]},
                    {"in_program": "dsa"}]}  # fmt: skip
    page = _page_with(client, program, rule, language, c_1_1_value="one", c_2_value="nope")
    program.refresh_from_db()
    assert program.rule == rule  # nothing saved
    with translation.override(language):
        number_problem = _("The value must be a number.")
        where = _("Condition %(number)s") % {"number": "2.2"}
        summary_line = _("%(label)s: %(error)s") % {
            "label": escape(where),
            "error": escape(_("The value must be a number.")),
        }
        unknown = _("Unknown program “%(code)s”.") % {"code": "nope"}
    assert unknown != "Unknown program “nope”." or language == "en"  # an existing translation, not English
    # On the condition itself, tied to its input …
    problems_22 = page.split('id="c-1-1-problems"')[1].split("</ul>")[0]
    assert escape(number_problem) in problems_22
    value_input = page.split('id="id_c-1-1-value-0"')[1].split(">")[0]
    assert 'aria-invalid="true"' in value_input and 'aria-describedby="c-1-1-problems"' in value_input
    assert escape(unknown) in page.split('id="c-2-problems"')[1].split("</ul>")[0]
    # … and in the summary at the top, each linking to its input.
    summary = page.split('class="alert alert-danger error-summary"')[1].split("</ul>")[0]
    assert f'href="#id_c-1-1-value-0">{summary_line}' in summary  # "label: error", French puts a space first
    assert 'href="#id_c-2-value-0"' in summary
    # Condition 1 and 2.1 are fine: nothing said about them.
    assert 'id="c-0-problems"' not in page and 'id="c-1-0-problems"' not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"c_1_field": ""}, "Choose a field."),
        ({"c_1_value": ""}, "Give a value."),
        ({"c_1_value": "inf"}, "The value must be a number."),
        ({"c_0_value": ["urban", " "]}, "Fill in each value, or remove the empty ones."),
    ],
)
def test_what_the_form_cannot_write_is_said_too(client, personas, program, changes, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    rule = {"any": [{"field": "area", "op": "in", "value": ["rural", "x"]}, {"field": "rooms", "op": "<", "value": 2}]}
    page = _page_with(client, program, rule, "fr", **changes)
    with translation.override("fr"):
        assert escape(_(message)) in page


def test_values_out_of_the_language_are_refused_by_compile_rule_on_their_condition(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    page = _page_with(client, program, {"all": [START, START]}, "en", c_1_value="1e300")
    assert escape("The value of size is too large.") in page.split('id="c-1-problems"')[1]


def test_the_live_preview_works_from_the_form(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    page = client.get(url).content.decode()
    data = form_data(page)
    data.setlist("c-value", ["x"])
    preview = client.post(f"{url}preview/", data).content.decode()
    assert 'href="#id_c-value-0"' in preview
    data.setlist("c-value", ["1"])
    preview = client.post(f"{url}preview/", data).content.decode()
    assert 'id="preview-total"' in preview
    assert 'id="rule-json-box" hx-swap-oob="true"' in preview  # the advanced view follows the form


def test_the_htmx_partial_returns_the_builder_the_preview_and_the_json(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    data = form_data(client.get(url).content.decode(), submitter=("action", "add-condition:c"))
    swap = client.post(f"{url}rule-form/", data, HTTP_HX_REQUEST="true").content.decode()
    assert swap.lstrip().startswith('<div id="rule-builder"')
    assert 'name="c-match"' in swap and 'id="id_c-1-field"' in swap
    assert "autofocus" in swap.split('id="id_c-1-field"')[1].split(">")[0]
    assert 'id="preview" hx-swap-oob="innerHTML"' in swap and 'id="rule-status" hx-swap-oob="innerHTML"' in swap
    program.refresh_from_db()
    assert program.rule == START  # never saves


# ——— the advanced view ———


def test_json_written_in_the_advanced_view_is_shown_in_the_form(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    page = client.get(url).content.decode()
    written = {"any": [{"field": "electricity", "op": "=", "value": False}, {"not_in_program": "dsa"}]}
    page = _post(client, url, page, "from-json", rule=json.dumps(written)).content.decode()
    data = form_data(page)
    assert (data["c-match"], data["c-0-field"], data["c-0-value"], data["c-1-op"]) == (
        "any", "electricity", "false", "not_in_program")  # fmt: skip
    _post(client, url, page, "save")
    program.refresh_from_db()
    assert program.rule == written


def test_json_that_is_not_json_is_said_in_words_and_changes_nothing(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    client.cookies["jisr_language"] = "fr"
    url = f"/programs/{program.code}/"
    page = client.get(url).content.decode()
    page = _post(client, url, page, "from-json", rule='{"all": [}').content.decode()
    assert 'id="rule-advanced" open' in page and "Expecting" not in page
    assert form_data(page)["c-field"] == "size"  # the form as it was
    _post(client, url, page, "save")  # the JSON box differs from the form: nothing is saved
    program.refresh_from_db()
    assert program.rule == START


def test_a_rule_the_form_cannot_show_is_edited_as_json(client, personas, program) -> None:  # type: ignore[no-untyped-def]
    """A stored rule that compile_rule refuses and the form cannot show exactly (a number as text)."""
    client.force_login(personas.national)
    url = f"/programs/{program.code}/"
    program.rule = {"all": [{"field": "size", "op": ">=", "value": "5"}]}
    program.save()
    page = client.get(url).content.decode()
    assert 'name="builder"' not in page and 'id="rule-advanced" open' in page
    fixed = {"all": [{"field": "size", "op": ">=", "value": 5}]}
    _post(client, url, page, "save", rule=json.dumps(fixed))
    program.refresh_from_db()
    assert program.rule == fixed


# ——— who may ———


@pytest.mark.parametrize("persona", ["worker_a", "manager_a", "province_agadir", "partner", "citizen", "outsider"])
def test_those_without_programs_get_404_everywhere(client_for, program, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    url = f"/programs/{program.code}/"
    assert client.get(url).status_code == 404
    for path in ("", "rule-form/", "preview/"):
        assert client.post(url + path, {"builder": "1", "c-field": "size", "action": "save"}).status_code == 404
    program.refresh_from_db()
    assert program.rule == START


@pytest.mark.parametrize("persona", ["analyst", "region_rsk"])
def test_readers_see_the_rule_but_cannot_change_it(client_for, program, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    url = f"/programs/{program.code}/"
    page = client.get(url).content.decode()
    assert '<fieldset disabled class="mb-3">' in page and 'value="save"' not in page and "hx-post" not in page
    assert 'id="preview-total"' in page
    data = form_data(client_for("national").get(url).content.decode(), submitter=("action", "save"))
    data.setlist("c-value", ["7"])
    assert client.post(url, data).status_code == 404
    assert client.post(url + "rule-form/", data).status_code == 404
    program.refresh_from_db()
    assert program.rule == START
