"""The rule editor of a program page: what `programs/_rule_builder.html` and its parts draw from the
form of `rule_builder.py` (options, value inputs, problems in place), the advanced view's JSON, and
what the page's buttons did. See `rule_builder` for the form's fields and actions.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jisr.programs.rule_builder import (
    FROM_JSON,
    REFRESH,
    ROOT,
    SAVE,
    Group,
    Leaf,
    Node,
    NotRepresentable,
    Path,
    Problem,
    apply,
    first_control,
    key_of,
    node_at,
    node_label,
    outline_number,
    problems_from_error,
    tree_from_data,
    tree_from_rule,
    tree_rule,
    validate,
    walk,
)
from jisr.programs.rule_fields import (
    BY_NAME,
    CHOICE,
    COMMUNE,
    FIELD_INPUTS,
    GROUPS,
    NUMBER_INPUT,
    OPERATOR_LABELS,
    PROGRAM,
    PROVINCE,
    REGION,
    YES_NO,
    YES_NO_CHOICES,
    FieldInput,
    takes_a_list,
)
from jisr.programs.rules import FIELDS, MAX_DEPTH, compile_rule, parse_rule, problems_of


class RuleChoices(Protocol):
    """The lists the value inputs offer, read when the form is drawn (selectors.RuleChoices)."""

    @property
    def programs(self) -> list[tuple[str, str]]: ...
    @property
    def regions(self) -> list[tuple[str, str]]: ...
    @property
    def provinces(self) -> list[tuple[str, list[tuple[str, str]]]]: ...
    @property
    def communes(self) -> list[tuple[str, str]]: ...


@dataclass
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass
class OptionGroup:
    label: str
    options: list[Option]


@dataclass
class ValueInput:
    id: str
    name: str
    value: str
    index: int
    groups: list[OptionGroup] = dataclasses.field(default_factory=list)  # a select's options ("" = not in a group)
    invalid: bool = False


@dataclass
class NodeView:
    """One part of the rule, ready for programs/_rule_node.html."""

    key: str
    path: Path
    label: str
    is_group: bool
    problems: list[Problem]
    match: str = ""
    children: list[NodeView] = dataclasses.field(default_factory=list)
    can_add_group: bool = False
    can_remove: bool = False
    field: str = ""
    op: str = ""
    field_groups: list[OptionGroup] = dataclasses.field(default_factory=list)
    operators: list[Option] = dataclasses.field(default_factory=list)
    widget: str = ""  # number, select, commune, text; "" before a field is chosen
    is_list: bool = False
    inputs: list[ValueInput] = dataclasses.field(default_factory=list)

    @property
    def number(self) -> str:
        return outline_number(self.path)

    @property
    def is_root(self) -> bool:
        return not self.path

    @property
    def invalid(self) -> set[str]:
        """The inputs to mark as invalid: `field`, `op`, `match`, `value-<index>`."""
        return {f"value-{p.index}" if p.part == "value" else p.part for p in self.problems}

    @property
    def connective(self) -> str:
        return pgettext("rule connective", "AND") if self.match == "all" else pgettext("rule connective", "OR")


def _unknown(value: str, known: list[str]) -> list[Option]:
    """The current value as an option of its own when it is not one of the list's (a rule is never changed
    by being shown: the value stays selected, and compile_rule says what is wrong with it)."""
    if value and value not in known:
        return [Option(value, _("“%(value)s” (not in the list)") % {"value": value}, True)]
    return []


def _choice_groups(spec: FieldInput, value: str, choices: RuleChoices) -> list[OptionGroup]:
    first = [Option("", _("Choose…"), not value)]
    if spec.input == PROVINCE:
        grouped = [OptionGroup(region, [Option(code, f"{name} ({code})", code == value) for code, name in provinces])
                   for region, provinces in choices.provinces]  # fmt: skip
        known = [option.value for group in grouped for option in group.options]
        return [OptionGroup("", first + _unknown(value, known)), *grouped]
    if spec.input == REGION:
        pairs = [(code, f"{name} ({code})") for code, name in choices.regions]
    elif spec.input == PROGRAM:
        pairs = [(code, f"{name} ({code})") for code, name in choices.programs]
    elif spec.input == YES_NO:
        pairs = [(code, str(label)) for code, label in YES_NO_CHOICES]
    else:
        pairs = [(code, str(label)) for code, label in spec.choices]
    options = [Option(code, label, code == value) for code, label in pairs]
    return [OptionGroup("", first + _unknown(value, [code for code, _label in pairs]) + options)]


def _widget(spec: FieldInput) -> str:
    if spec.input == NUMBER_INPUT:
        return "number"
    if spec.input in (CHOICE, REGION, PROVINCE, PROGRAM, YES_NO):
        return "select"
    return "commune" if spec.input == COMMUNE else "text"


def node_view(node: Node, path: Path, problems: list[Problem], choices: RuleChoices, *, siblings: int = 1) -> NodeView:
    key = key_of(path)
    mine = [problem for problem in problems if problem.path == path]
    view = NodeView(key=key, path=path, label=node_label(node, path), is_group=isinstance(node, Group),
                    problems=mine, can_remove=bool(path) and siblings > 1)  # fmt: skip
    if isinstance(node, Group):
        view.match = node.match
        view.can_add_group = len(path) + 1 <= MAX_DEPTH - 1
        view.children = [node_view(child, (*path, index), problems, choices, siblings=len(node.children))
                         for index, child in enumerate(node.children)]  # fmt: skip
        return view
    view.field, view.op = node.field, node.op
    fields = [Option(spec.name, str(spec.label), spec.name == node.field) for spec in FIELD_INPUTS]
    first = [Option("", _("Choose a field…"), not node.field)]
    view.field_groups = [OptionGroup("", first + _unknown(node.field, list(BY_NAME)))]
    view.field_groups += [OptionGroup(str(group), [option for option, spec in zip(fields, FIELD_INPUTS, strict=True)
                                                   if spec.group == group]) for group in GROUPS]  # fmt: skip
    spec = BY_NAME.get(node.field)
    if not node.field:
        return view
    kind = FIELDS.get(node.field)
    operators = spec.operators if spec is not None else ()
    view.operators = _unknown(node.op, list(operators)) + [
        Option(op, str(OPERATOR_LABELS[(kind, op)]), op == node.op) for op in operators]  # fmt: skip
    view.is_list = takes_a_list(node.op)
    values = node.values if view.is_list else node.values[:1]
    view.widget = _widget(spec) if spec is not None else "text"
    view.inputs = [
        ValueInput(id=f"id_{key}-value-{index}", name=f"{key}-value", value=value, index=index,
                   groups=_choice_groups(spec, value, choices) if spec is not None and view.widget == "select" else [])
        for index, value in enumerate(values or [""])
    ]  # fmt: skip
    for value_input in view.inputs:
        value_input.invalid = f"value-{value_input.index}" in view.invalid
    return view


def uses_communes(tree: Node | None) -> bool:
    return tree is not None and any(isinstance(node, Leaf) and node.field == "commune_id" for _p, node in walk(tree))


@dataclass
class SummaryEntry:
    """One line of the error summary, shaped as the shared includes/error_summary.html reads a field."""

    label: str
    auto_id: str
    errors: list[str]
    is_hidden: bool = False
    widget_type: str = "select"


class ErrorSummary:
    """The builder's problems for includes/error_summary.html, which iterates a form's fields."""

    prefix = "rule"

    def __init__(self, entries: list[SummaryEntry]) -> None:
        self.entries = entries
        self.errors = bool(entries)

    def non_field_errors(self) -> list[str]:
        return []

    def __iter__(self) -> Iterator[SummaryEntry]:
        return iter(self.entries)


def anchor_of(problem: Problem, tree: Node) -> str:
    key = key_of(problem.path)
    if problem.part == "value":
        return f"id_{key}-value-{problem.index}"
    if problem.part in ("field", "op", "match"):
        return f"id_{key}-{problem.part}"
    node = node_at(tree, problem.path)
    return f"{key}-add-condition" if isinstance(node, Group) else first_control(node or tree, problem.path)


def dumps(rule: Any) -> str:
    return json.dumps(rule, ensure_ascii=False, indent=2)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class Line:
    """A problem in words, with the id of the input it is about (for a link)."""

    text: str
    anchor: str = ""


class RuleEditor:
    """The rule editor of a program page: the builder, or the JSON alone when the form cannot show the
    rule; the advanced view's JSON; what a button did; the problems, for the preview and on saving."""

    def __init__(self, *, tree: Node | None, json_text: str, json_shown: str, choices: RuleChoices) -> None:
        self.tree, self.json_text, self.json_shown, self.choices = tree, json_text, json_shown, choices
        self.action = ""
        self.focus: str | None = None
        self.status: str | None = None
        self.json_problems: list[str] = []
        self.extra: list[Problem] = []
        self.show_problems = False
        self._result: tuple[Any, list[Problem] | list[str]] | None = None

    @classmethod
    def saved(cls, rule: Any, choices: RuleChoices) -> RuleEditor:
        """The editor of a stored rule."""
        try:
            tree: Node | None = tree_from_rule(rule)
        except NotRepresentable:
            tree = None
        text = dumps(rule)
        return cls(tree=tree, json_text=text, json_shown=text, choices=choices)

    @classmethod
    def posted(cls, data: QueryDict, choices: RuleChoices, *, action: str | None = None,
               trigger: str | None = None) -> RuleEditor:  # fmt: skip
        """The editor as the page posted it, after the button that was pressed (`action`, posted by the
        button unless given; `trigger`: the id of the input whose change asked for the form again)."""
        tree = tree_from_data(data) if data.get("builder") else None
        editor = cls(tree=tree, json_text=data.get("rule", ""), json_shown=data.get("rule_shown", ""),
                     choices=choices)  # fmt: skip
        editor.action = action or data.get("action", SAVE)
        if editor.action == FROM_JSON:
            editor._from_json()
        elif tree is not None:
            unadapted = any(isinstance(node, Leaf) and node.field and node.shown not in (None, node.field)
                            for _path, node in walk(tree))  # fmt: skip
            if editor.action == SAVE and unadapted:
                # A field changed without its form being updated (no JavaScript): show its operators and
                # values before saving anything.
                editor.action = REFRESH
                editor.status = _("The conditions whose field you changed now offer its operators and values: "
                                  "check them, then save.")  # fmt: skip
            if editor.action != SAVE:
                editor.tree, editor.focus, status = apply(tree, editor.action)
                editor.status = status or editor.status
            if trigger and editor.action == REFRESH:
                editor.focus = trigger  # a select changed by the arrow keys keeps the focus
        if editor.tree is not None and not editor.diverged:
            rule, problems = tree_rule(editor.tree)
            if not problems:
                editor.json_text = editor.json_shown = dumps(rule)
        return editor

    def _from_json(self) -> None:
        try:
            rule = parse_rule(self.json_text)
        except ValidationError as error:
            self.json_problems = problems_of(error)
            return
        try:
            self.tree = tree_from_rule(rule)
        except NotRepresentable:
            self.tree = None
        self.json_text = self.json_shown = dumps(rule)
        if self.tree is not None:
            self.status = _("The form now shows the rule written in JSON.")

    @property
    def diverged(self) -> bool:
        """The JSON was changed in the advanced view and not shown in the form: saving the form would lose it."""
        return self.tree is not None and _lines(self.json_text) != _lines(self.json_shown)

    def result(self) -> tuple[Any, list[Problem] | list[str]]:
        """(the rule, None when it cannot be evaluated; its problems: Problems of the form, or sentences
        about the JSON when the form cannot show the rule)."""
        if self._result is None:
            if self.tree is not None:
                self._result = validate(self.tree)
            else:
                try:
                    rule = parse_rule(self.json_text)
                    compile_rule(rule)
                except ValidationError as error:
                    self._result = (None, problems_of(error))
                else:
                    self._result = (rule, [])
        return self._result

    @property
    def rule(self) -> Any:
        return self.result()[0]

    def rule_to_save(self) -> Any:
        """The rule to save, or None when it has problems (then shown on the form)."""
        self.show_problems = True
        if self.diverged:
            return None
        return self.rule

    def service_refused(self, error: ValidationError) -> None:
        """What the service refused on saving, shown where it is."""
        self.show_problems = True
        if self.tree is not None:
            self.extra += problems_from_error(self.tree, error)
        else:
            self.json_problems += problems_of(error)

    def problems(self) -> list[Problem]:
        found = self.result()[1]
        return [*(p for p in found if isinstance(p, Problem)), *self.extra] if self.tree is not None else []

    def _divergence(self) -> str:
        return _("The JSON was changed in the advanced view but not shown in the form: press “Show this JSON in "
                 "the form” to use it, or undo the change.")  # fmt: skip

    def lines(self) -> list[Line]:
        """Every problem in words, each with the input it is about."""
        if self.tree is None:
            texts = [str(text) for text in self.result()[1]] + self.json_problems
            return [Line(text, "id_rule") for text in dict.fromkeys(texts)]
        return [Line(_("%(where)s: %(problem)s") % {"where": node_label(node_at(self.tree, p.path) or self.tree,
                                                                       p.path), "problem": p.message},
                     anchor_of(p, self.tree)) for p in self.problems()]  # fmt: skip

    def summary(self) -> ErrorSummary | None:
        """The error summary at the top of the form, after a save that was refused."""
        if not self.show_problems:
            return None
        if self.tree is None:
            texts = [line.text for line in self.lines()]
            return ErrorSummary([SummaryEntry(_("The rule in JSON"), "id_rule", texts)] if texts else [])
        entries = []
        for problem in self.problems():
            node = node_at(self.tree, problem.path) or self.tree
            entries.append(SummaryEntry(node_label(node, problem.path), anchor_of(problem, self.tree),
                                        [problem.message]))  # fmt: skip
        if self.diverged:
            entries.append(SummaryEntry(_("The rule in JSON"), "id_rule", [self._divergence()]))
        return ErrorSummary(entries)

    def root(self) -> NodeView | None:
        if self.tree is None:
            return None
        return node_view(self.tree, ROOT, self.problems() if self.show_problems else [], self.choices)

    def communes(self) -> list[tuple[str, str]]:
        return self.choices.communes if uses_communes(self.tree) else []

    @property
    def json_open(self) -> bool:
        """The advanced view opens by itself when it is where the user has to look."""
        return self.tree is None or bool(self.json_problems) or (self.show_problems and self.diverged)

    @property
    def json_lines(self) -> list[str]:
        """The problems shown in the advanced view: its own (not JSON, refused on saving), or all of the
        rule's when the form cannot show it."""
        if self.tree is None:
            return [line.text for line in self.lines()]
        return self.json_problems
