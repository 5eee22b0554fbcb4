"""Eligibility rules: a constrained model compiled to database conditions — never SQL typed by a user.

A rule is JSON:

    {"all": [{"field": "pmt_index", "op": "<=", "value": 9.3264284},
             {"any": [{"field": "members_with_disability", "op": ">=", "value": 1},
                      {"field": "head_sex", "op": "=", "value": "F"}]},
             {"field": "region_code", "op": "in", "value": ["09", "10"]},
             {"not_in_program": "dsa"}]}

Fields, operators and value types come from FIELDS; anything else is an error that names where it
is. A rule that cannot be evaluated is refused, never read as "everyone": an empty group, an
unknown field, a value of the wrong type. A household without a PMT index never satisfies a
condition on it (NULL compares false).

A number is finite and at most 2**53 either way (beyond, JSON numbers do not travel exactly between
systems, RFC 8259 §6, and the database cannot compare them with its integers). A text value holds
something besides spaces and no control character (a line break, a NUL): no registry value looks
like that, and such a value can be neither typed in a form nor stored by PostgreSQL.
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, FloatField, OuterRef, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from jisr.registry.models import RegistryHousehold

NUMBER, TEXT, BOOLEAN = "number", "text", "boolean"
FIELDS: dict[str, str] = {
    "pmt_index": NUMBER, "size": NUMBER, "head_age": NUMBER, "head_schooling_years": NUMBER,
    "children_under_15": NUMBER, "elderly_over_60": NUMBER, "members_with_disability": NUMBER, "rooms": NUMBER,
    "head_sex": TEXT, "area": TEXT, "housing": TEXT, "occupancy": TEXT, "region_code": TEXT,
    "province_code": TEXT, "commune_id": TEXT, "head_employed": BOOLEAN, "electricity": BOOLEAN,
}  # fmt: skip
OPERATORS = {NUMBER: ("<", "<=", "=", ">=", ">", "!="), TEXT: ("=", "!=", "in", "not_in"), BOOLEAN: ("=",)}
LOOKUPS = {"<": "lt", "<=": "lte", ">=": "gte", ">": "gt", "=": "exact", "in": "in"}
LIST_OPERATORS = ("in", "not_in")
PROGRAM_TESTS = ("in_program", "not_in_program")
MAX_DEPTH = 6
MAX_MAGNITUDE = 2**53
KIND_LABELS = {NUMBER: gettext_lazy("a number"), TEXT: gettext_lazy("a text in double quotes"),
               BOOLEAN: gettext_lazy("true or false")}  # fmt: skip
# What Python's JSON parser says (English, fixed), and what the editor tells the user instead.
JSON_PROBLEMS = {
    "Expecting value": gettext_lazy("a value is expected here (a number, a text in double quotes, true, false, "
                                    "a list [...] or a group {...})"),
    "Expecting ',' delimiter": gettext_lazy("a comma is missing between two parts"),
    "Expecting ':' delimiter": gettext_lazy("a colon “:” is missing after a name"),
    "Expecting property name enclosed in double quotes": gettext_lazy(
        "a name in double quotes is expected here (or there is one comma too many before)"),
    "Unterminated string starting at": gettext_lazy("a text is not closed by a double quote"),
    "Extra data": gettext_lazy("something follows the end of the rule"),
    "Invalid control character at": gettext_lazy("a text runs over a line break"),
}  # fmt: skip


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: Any) -> bool:
    """A text with something besides spaces and no control character (nor half of a surrogate pair)."""
    return (
        isinstance(value, str)
        and bool(value.strip())
        and not any(unicodedata.category(character) in ("Cc", "Cs") for character in value)
    )


def _bad_text(field: str, where: str) -> ValidationError:
    return ValidationError({where: [
        _("A value of %(field)s is empty or holds a line break or another control character.") % {"field": field}
    ]})  # fmt: skip


def _condition(node: dict[str, Any], where: str) -> Q:
    field, op, value = node.get("field"), node.get("op"), node.get("value")
    if field not in FIELDS:
        raise ValidationError({where: [_("Unknown field “%(field)s”.") % {"field": field}]})
    kind = FIELDS[field]
    if op not in OPERATORS[kind]:
        raise ValidationError(
            {where: [_("The operator “%(op)s” does not apply to %(field)s.") % {"op": op, "field": field}]}
        )
    if op in LIST_OPERATORS:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise ValidationError({where: [_("Give a non-empty list of values.")]})
        if not all(_text(v) for v in value):
            raise _bad_text(field, where)
    elif (
        (kind == NUMBER and not _number(value))
        or (kind == TEXT and not isinstance(value, str))
        or (kind == BOOLEAN and not isinstance(value, bool))
    ):
        raise ValidationError(
            {where: [_("The value of %(field)s must be %(kind)s.") % {"field": field, "kind": KIND_LABELS[kind]}]}
        )
    elif kind == NUMBER and isinstance(value, int | float) and abs(value) > MAX_MAGNITUDE:
        raise ValidationError({where: [_("The value of %(field)s is too large.") % {"field": field}]})
    elif kind == TEXT and not _text(value):
        raise _bad_text(field, where)
    if isinstance(value, float):
        # Compared as a float by the database: a plain float would go through the integer field's
        # preparation, which truncates it (`head_age = 60.5` would select 60-year-olds).
        value = Value(value, output_field=FloatField())
    if op == "!=":
        return ~Q(**{field: value}) & Q(**{f"{field}__isnull": False})
    if op == "not_in":
        return ~Q(**{f"{field}__in": value})
    return Q(**{f"{field}__{LOOKUPS[op]}": value})


def _in_program(code: Any, where: str) -> Q:
    from jisr.programs.models import Program, ProgramEnrollment

    if not isinstance(code, str) or not Program.objects.filter(code=code).exists():
        raise ValidationError({where: [_("Unknown program “%(code)s”.") % {"code": code}]})
    enrolled = ProgramEnrollment.objects.filter(
        program__code=code, household_id=OuterRef("household_id"), status=ProgramEnrollment.Status.ACTIVE
    )
    return Q(Exists(enrolled))


def compile_rule(rule: Any, where: str = "rule", depth: int = 0) -> Q:
    """The condition on RegistryHousehold, or a ValidationError naming where the rule is wrong."""
    if depth > MAX_DEPTH:
        raise ValidationError({where: [_("The rule is nested too deeply.")]})
    if not isinstance(rule, dict) or len(rule) != (3 if "field" in rule else 1):
        raise ValidationError({where: [_("Each part is a condition {field, op, value} or a group all/any.")]})
    if "field" in rule:
        return _condition(rule, where)
    (key, value), = rule.items()  # fmt: skip
    if key in PROGRAM_TESTS:
        condition = _in_program(value, f"{where}.{key}")
        return condition if key == "in_program" else ~condition
    if key not in ("all", "any") or not isinstance(value, list) or not value:
        raise ValidationError({where: [_("A group all/any needs a non-empty list of conditions.")]})
    parts = [compile_rule(part, f"{where}.{key}.{index}", depth + 1) for index, part in enumerate(value)]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if key == "all" else combined | part
    return combined


def eligible(rule: Any) -> Any:
    """The households that satisfy the rule (a queryset, evaluated by the database)."""
    return RegistryHousehold.objects.filter(compile_rule(rule))


def parse_rule(text: str) -> Any:
    """The rule written in the editor, read as JSON; a ValidationError in the user's language saying
    what is wrong and at which line and column (never the parser's English)."""
    if not text.strip():
        raise ValidationError({"rule": [_("The rule is empty: write at least one condition.")]})
    try:
        return json.loads(text)
    except RecursionError as error:  # brackets nested by the thousand: refused before compile_rule would be
        raise ValidationError({"rule": [_("The rule is nested too deeply.")]}) from error
    except json.JSONDecodeError as error:
        problem = JSON_PROBLEMS.get(error.msg, gettext_lazy("this is not valid JSON"))
        raise ValidationError({"rule": [
            _("Line %(line)d, column %(column)d: %(problem)s.")
            % {"line": error.lineno, "column": error.colno, "problem": problem}
        ]}) from error  # fmt: skip


def describe_location(where: str) -> str:
    """A part of the rule named in words: `rule.all.1.any.0` → “condition 2 of “all”, condition 1 of
    “any””; the whole rule for `rule`."""
    steps = where.split(".")[1:]
    if not steps:
        return _("The rule as a whole")
    words: list[str] = []
    for index, step in enumerate(steps):
        if step.isdigit():
            group = steps[index - 1]
            words.append(_("condition %(number)d of “%(group)s”") % {"number": int(step) + 1, "group": group})
        elif step in ("in_program", "not_in_program"):
            words.append(_("the test “%(test)s”") % {"test": step})
    if not words:
        return _("The rule as a whole")
    described = pgettext("list separator", ", ").join(words)
    return described[:1].upper() + described[1:]


def problems_of(error: ValidationError) -> list[str]:
    """Each problem of a refused rule as one sentence: where it is, in words, then what is wrong."""
    return [
        # A problem of the whole text (empty, not JSON) already says where it is: line and column.
        str(message) if where == "rule" else _("%(where)s: %(problem)s") % {"where": describe_location(where),
                                                                             "problem": message}
        for where, messages in error.message_dict.items()
        for message in messages
    ]  # fmt: skip
