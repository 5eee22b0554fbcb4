"""How the rule builder offers each field the rule language knows: its label, its place in the field
picker, and the input its value is picked with (a number, yes/no, a list of choices, a territory).

The language itself — which fields exist, their kind (number, text, yes/no), the operators of each
kind, the JSON — is `rules.py`'s and nowhere else: this module only says how to pick what it allows,
and a test checks that it offers exactly `rules.FIELDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.people.models import Person
from jisr.programs.rules import BOOLEAN, FIELDS, LIST_OPERATORS, NUMBER, OPERATORS, PROGRAM_TESTS, TEXT
from jisr.registry.models import RegistryHousehold

# How a value is picked. The territories' lists come from the database when the form is drawn.
NUMBER_INPUT, YES_NO, CHOICE, REGION, PROVINCE, COMMUNE, PROGRAM, FREE_TEXT = (
    "number", "yes_no", "choice", "region", "province", "commune", "program", "text")  # fmt: skip
# The membership of another program is offered as one more "field" of the picker, whose operators are
# the two tests {"in_program": code} and {"not_in_program": code}. The name cannot be a registry field's.
PROGRAM_FIELD = "@program"

HOUSEHOLD, HEAD, DWELLING, PLACE, OTHER_PROGRAMS = (
    _("The household"), _("The head of household"), _("The dwelling"), _("Where the household lives"),
    _("Other programs"))  # fmt: skip


@dataclass(frozen=True)
class FieldInput:
    name: str
    label: str | Promise
    group: str | Promise
    input: str
    choices: tuple[tuple[str, str | Promise], ...] = ()

    @property
    def kind(self) -> str | None:
        """The field's kind in the rule language (None for the program test, which is not a field)."""
        return FIELDS.get(self.name)

    @property
    def operators(self) -> tuple[str, ...]:
        return PROGRAM_TESTS if self.name == PROGRAM_FIELD else OPERATORS[FIELDS[self.name]]


def _label(name: str) -> str | Promise:
    """The registry's own label of the field (already translated with the model)."""
    field = RegistryHousehold._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 — a column of the table, never a relation's reverse side
    return field.verbose_name


FIELD_INPUTS: tuple[FieldInput, ...] = (
    FieldInput("size", _("household size"), HOUSEHOLD, NUMBER_INPUT),
    FieldInput("pmt_index", _label("pmt_index"), HOUSEHOLD, NUMBER_INPUT),
    FieldInput("children_under_15", _label("children_under_15"), HOUSEHOLD, NUMBER_INPUT),
    FieldInput("elderly_over_60", _label("elderly_over_60"), HOUSEHOLD, NUMBER_INPUT),
    FieldInput("members_with_disability", _label("members_with_disability"), HOUSEHOLD, NUMBER_INPUT),
    FieldInput("head_sex", _label("head_sex"), HEAD, CHOICE, tuple(Person.Sex.choices)),
    FieldInput("head_age", _label("head_age"), HEAD, NUMBER_INPUT),
    FieldInput("head_schooling_years", _label("head_schooling_years"), HEAD, NUMBER_INPUT),
    FieldInput("head_employed", _label("head_employed"), HEAD, YES_NO),
    FieldInput("housing", _label("housing"), DWELLING, CHOICE, tuple(RegistryHousehold.Housing.choices)),
    FieldInput("occupancy", _label("occupancy"), DWELLING, CHOICE, tuple(RegistryHousehold.Occupancy.choices)),
    FieldInput("rooms", _label("rooms"), DWELLING, NUMBER_INPUT),
    FieldInput("electricity", _label("electricity"), DWELLING, YES_NO),
    FieldInput("area", _label("area"), PLACE, CHOICE, tuple(RegistryHousehold.Area.choices)),
    FieldInput("region_code", _("region"), PLACE, REGION),
    FieldInput("province_code", _("province or prefecture"), PLACE, PROVINCE),
    FieldInput("commune_id", _("commune"), PLACE, COMMUNE),
    FieldInput(PROGRAM_FIELD, _("enrolment in another program"), OTHER_PROGRAMS, PROGRAM),
)
BY_NAME = {field.name: field for field in FIELD_INPUTS}
GROUPS = tuple(dict.fromkeys(field.group for field in FIELD_INPUTS))

# The operators in words; "=" and "!=" read differently on a number and on a word.
OPERATOR_LABELS: dict[tuple[str | None, str], str | Promise] = {
    (NUMBER, "<"): _("is less than"),
    (NUMBER, "<="): _("is at most"),
    (NUMBER, "="): _("is equal to"),
    (NUMBER, ">="): _("is at least"),
    (NUMBER, ">"): _("is more than"),
    (NUMBER, "!="): _("is different from"),
    (TEXT, "="): pgettext_lazy("rule operator", "is"),
    (TEXT, "!="): pgettext_lazy("rule operator", "is not"),
    (TEXT, "in"): _("is one of"),
    (TEXT, "not_in"): _("is none of"),
    (BOOLEAN, "="): pgettext_lazy("rule operator", "is"),
    (None, "in_program"): _("is enrolled in"),
    (None, "not_in_program"): _("is not enrolled in"),
}
YES_NO_CHOICES: tuple[tuple[str, str | Promise], ...] = (("true", _("yes")), ("false", _("no")))


def takes_a_list(op: str) -> bool:
    """Whether the operator's value is a list (several value inputs) rather than one value."""
    return op in LIST_OPERATORS
