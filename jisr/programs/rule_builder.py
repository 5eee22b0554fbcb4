"""The rule builder: an eligibility rule as a form of conditions and AND/OR groups, and back to JSON.

The rule language is `rules.py`'s; the form is only another way to write its JSON, and what it
produces is checked by `compile_rule` like a rule typed by hand. Nothing here decides what a rule
means.

**The form's fields.** Each part of the rule is a node named by its place in the JSON: the whole rule
is `c`, the second part of a group is `c-1`, the first part of that part `c-1-0`. A group posts
`<node>-match` (`all` or `any`) and its parts follow; a condition posts `<node>-field`, `<node>-op`
and one `<node>-value` per value (several for `in` and `not_in`, in their order). The membership of
another program is the condition whose field is `@program`, its operator `in_program` or
`not_in_program` and its value the program's code. A value is posted as typed: numbers as JSON writes
them (`60`, `9.3264284`, `1e+20`: an integer stays an integer), yes/no as `true`/`false`.

**Exactness.** A rule is shown in the form only if the form gives it back exactly (the same JSON, the
same number types, the lists in their order); `tree_from_rule` checks this for each condition. A
valid rule always can be; a stored rule that cannot (a number where a text is expected…) is edited
in the advanced view only, which says why.

**Actions.** The buttons of the form post `action` (`add-condition:<node>`, `add-group:<node>`,
`remove:<node>`, `add-value:<node>`, `remove-value:<node>:<index>`, `refresh`, `from-json`, `save`):
without JavaScript the page is drawn again with the change; with htmx only the builder is.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jisr.programs.rule_fields import (
    BY_NAME,
    CHOICE,
    COMMUNE,
    FIELD_INPUTS,
    GROUPS,
    NUMBER_INPUT,
    OPERATOR_LABELS,
    PROGRAM,
    PROGRAM_FIELD,
    PROVINCE,
    REGION,
    YES_NO,
    YES_NO_CHOICES,
    FieldInput,
    takes_a_list,
)
from jisr.programs.rules import (
    FIELDS,
    MAX_DEPTH,
    NUMBER,
    OPERATORS,
    PROGRAM_TESTS,
    compile_rule,
    parse_rule,
    problems_of,
)

Path = tuple[int, ...]
ROOT: Path = ()
MATCHES = ("all", "any")
INTEGER = re.compile(r"[-+]?\d+")
NODE_NAME = re.compile(rf"c((?:-\d{{1,4}}){{0,{MAX_DEPTH + 1}}})-(match|field)")
SAVE, REFRESH, FROM_JSON = "save", "refresh", "from-json"


@dataclass
class Leaf:
    """A condition as the form holds it: every value as the text of its input."""

    field: str = ""
    op: str = ""
    values: list[str] = dataclasses.field(default_factory=lambda: [""])
    shown: str | None = None  # the field the page showed: a changed field gets its operators and values


@dataclass
class Group:
    match: str = "all"
    children: list[Leaf | Group] = dataclasses.field(default_factory=list)


Node = Leaf | Group


@dataclass(frozen=True)
class Problem:
    """What is wrong with one part of the rule, and which input of it to go to."""

    path: Path
    message: str
    part: str = ""  # field, op, value, match; "" for the part as a whole
    index: int = 0  # which value


class NotRepresentable(Exception):
    """The JSON is not a rule the form can show exactly."""


def key_of(path: Path) -> str:
    return "c" + "".join(f"-{index}" for index in path)


def outline_number(path: Path) -> str:
    """The part's number as the form shows it: 2.1 is the first part of the second part."""
    return ".".join(str(index + 1) for index in path) or "1"


def node_label(node: Node, path: Path) -> str:
    if isinstance(node, Group):
        return _("Group %(number)s") % {"number": outline_number(path)} if path else _("The rule as a whole")
    return _("Condition %(number)s") % {"number": outline_number(path)}


def first_control(node: Node, path: Path) -> str:
    return f"id_{key_of(path)}-{'match' if isinstance(node, Group) else 'field'}"


def node_at(tree: Node, path: Path) -> Node | None:
    node: Node = tree
    for index in path:
        if not isinstance(node, Group) or index >= len(node.children):
            return None
        node = node.children[index]
    return node


def walk(node: Node, path: Path = ROOT) -> Iterator[tuple[Path, Node]]:
    yield path, node
    if isinstance(node, Group):
        for index, child in enumerate(node.children):
            yield from walk(child, (*path, index))


# ——— JSON → form ———


def value_text(value: Any) -> str:
    """A JSON value as its input holds it; `parse_number` reads a number back with its type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same float, and a valid HTML number
    return str(value)


def _leaf_from_rule(node: dict[str, Any]) -> Leaf:
    if "field" not in node:
        ((test, code),) = node.items()
        return Leaf(field=PROGRAM_FIELD, op=test, values=[value_text(code)])
    value = node["value"]
    values = [value_text(item) for item in value] if isinstance(value, list) else [value_text(value)]
    return Leaf(field=str(node["field"]), op=str(node["op"]), values=values)


def _same_json(left: Any, right: Any) -> bool:
    """Equal as JSON, types included (1, 1.0 and true are three values)."""
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)


def tree_from_rule(rule: Any, depth: int = 0) -> Node:
    """The form of a rule, or NotRepresentable when the form would not give back exactly this JSON."""
    if depth > MAX_DEPTH or not isinstance(rule, dict):
        raise NotRepresentable
    if len(rule) == 1 and (key := next(iter(rule))) in MATCHES and isinstance(rule[key], list):
        return Group(match=key, children=[tree_from_rule(part, depth + 1) for part in rule[key]])
    is_condition = set(rule) == {"field", "op", "value"} and all(isinstance(rule[k], str) for k in ("field", "op"))
    is_test = len(rule) == 1 and next(iter(rule)) in PROGRAM_TESTS
    if not (is_condition or is_test):
        raise NotRepresentable
    leaf = _leaf_from_rule(rule)
    back, problem = leaf_rule(leaf)
    if problem is not None or not _same_json(back, rule):
        raise NotRepresentable
    leaf.shown = leaf.field
    return leaf


def tree_from_data(data: QueryDict) -> Node | None:
    """The form as posted (None when it holds no builder): nodes by their names, parts in their order."""
    kinds: dict[Path, str] = {}
    for name in data:
        if found := NODE_NAME.fullmatch(name):
            path = tuple(int(step) for step in found.group(1).split("-")[1:])
            if kinds.get(path) != "match":
                kinds[path] = found.group(2)

    def build(path: Path) -> Node:
        key = key_of(path)
        if kinds[path] == "match":
            parts = sorted(p for p in kinds if len(p) == len(path) + 1 and p[:-1] == path)
            return Group(match=data.get(f"{key}-match", ""), children=[build(part) for part in parts])
        return Leaf(field=data.get(f"{key}-field", ""), op=data.get(f"{key}-op", ""),
                    values=data.getlist(f"{key}-value"), shown=data.get(f"{key}-shown"))  # fmt: skip

    return build(ROOT) if ROOT in kinds else None


# ——— form → JSON ———


def parse_number(text: str) -> int | float | None:
    """A number typed in a number input: `60` is an integer, `60.0` and `6e1` are not; None if it is none."""
    text = text.strip()
    if INTEGER.fullmatch(text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def leaf_rule(leaf: Leaf) -> tuple[Any, tuple[str, str, int] | None]:
    """The JSON of a condition, or what keeps the form from writing it: (part, message, value index)."""
    spec = BY_NAME.get(leaf.field)
    if not leaf.field:
        return None, ("field", _("Choose a field."), 0)
    if not leaf.op:
        return None, ("op", _("Choose an operator."), 0)
    if takes_a_list(leaf.op):
        empty = next((index for index, value in enumerate(leaf.values) if not value.strip()), None)
        if empty is not None or not leaf.values:
            return None, ("value", _("Fill in each value, or remove the empty ones."), empty or 0)
        return {"field": leaf.field, "op": leaf.op, "value": list(leaf.values)}, None
    text = leaf.values[0] if leaf.values else ""
    if spec is not None and spec.input == YES_NO:
        if text not in ("true", "false"):
            return None, ("value", _("Choose yes or no."), 0)
        return {"field": leaf.field, "op": leaf.op, "value": text == "true"}, None
    if not text.strip():
        message = _("Choose a program.") if leaf.field == PROGRAM_FIELD else _("Give a value.")
        return None, ("value", message, 0)
    if leaf.field == PROGRAM_FIELD:
        return {leaf.op: text}, None
    if FIELDS.get(leaf.field) == NUMBER:
        number = parse_number(text)
        if number is None:
            return None, ("value", _("The value must be a number."), 0)
        return {"field": leaf.field, "op": leaf.op, "value": number}, None
    return {"field": leaf.field, "op": leaf.op, "value": text}, None


def tree_rule(node: Node, path: Path = ROOT) -> tuple[Any, list[Problem]]:
    """The JSON the form writes, or the problems that keep it from writing it (all of them)."""
    if isinstance(node, Leaf):
        rule, problem = leaf_rule(node)
        return rule, [] if problem is None else [Problem(path, problem[1], problem[0], problem[2])]
    problems = [] if node.match in MATCHES else [Problem(path, _("Choose how the conditions combine."), "match")]
    parts = []
    for index, child in enumerate(node.children):
        part, found = tree_rule(child, (*path, index))
        parts.append(part)
        problems += found
    return (None if problems else {node.match: parts}), problems


def path_of_where(where: str) -> Path:
    """`rule.all.1.any.0.not_in_program` → (1, 0): the numbers of compile_rule's place."""
    return tuple(int(step) for step in where.split(".")[1:] if step.isdigit())


def _part_of(node: Node | None) -> str:
    """Which input a problem found by compile_rule is about (it names the condition, not the input)."""
    if not isinstance(node, Leaf) or node.field == PROGRAM_FIELD:
        return "" if not isinstance(node, Leaf) else "value"
    if node.field not in FIELDS:
        return "field"
    return "op" if node.op not in OPERATORS[FIELDS[node.field]] else "value"


def problems_from_error(tree: Node, error: ValidationError) -> list[Problem]:
    problems = []
    for where, messages in error.message_dict.items():
        path = path_of_where(where)
        if node_at(tree, path) is None:
            path = ROOT
        problems += [Problem(path, str(message), _part_of(node_at(tree, path))) for message in messages]
    return problems


def validate(tree: Node) -> tuple[Any, list[Problem]]:
    """The rule of the form and every problem of it, all at once: each condition the form cannot write,
    each condition compile_rule refuses (compiled one by one at its depth), then, when the parts are
    right, what compile_rule says of the whole (an empty group)."""
    problems: list[Problem] = []
    for path, node in walk(tree):
        if isinstance(node, Group):
            if node.match not in MATCHES:
                problems.append(Problem(path, _("Choose how the conditions combine."), "match"))
            continue
        part, problem = leaf_rule(node)
        if problem is not None:
            problems.append(Problem(path, problem[1], problem[0], problem[2]))
            continue
        try:
            compile_rule(part, "rule" + "".join(f".part.{index}" for index in path), depth=len(path))
        except ValidationError as error:
            problems += problems_from_error(tree, error)
    if problems:
        return None, problems
    rule, _problems = tree_rule(tree)
    try:
        compile_rule(rule)
    except ValidationError as error:
        return None, problems_from_error(tree, error)
    return rule, []


# ——— actions ———


def _adapt(tree: Node) -> Path | None:
    """Give each condition whose field was changed the operators and value inputs of its new field;
    the first such condition's place."""
    changed = None
    for path, node in walk(tree):
        if not isinstance(node, Leaf) or node.shown is None or node.field == node.shown:
            continue
        new, old = BY_NAME.get(node.field), BY_NAME.get(node.shown)
        if new is None:
            node.op, node.values = "", [""]
        else:
            if node.op not in new.operators:
                node.op = new.operators[0]
            if old is None or (old.input, old.choices) != (new.input, new.choices):
                node.values = [""]
        node.shown = node.field
        changed = path if changed is None else changed
    return changed


def apply(tree: Node, action: str) -> tuple[Node, str | None, str | None]:
    """The form after a button: (tree, id of the input to focus, what happened in words)."""
    verb, _sep, rest = action.partition(":")
    key, _sep, index_text = rest.partition(":")
    if verb == REFRESH:
        changed = _adapt(tree)
        return tree, None if changed is None else f"id_{key_of(changed)}-op", None
    found = re.fullmatch(r"c((?:-\d{1,4})*)", key)
    path: Path = tuple(int(step) for step in found.group(1).split("-")[1:]) if found else ROOT
    node = node_at(tree, path) if found else None
    if node is None:
        return tree, None, None
    if verb in ("add-condition", "add-group"):
        new: Node = Leaf() if verb == "add-condition" else Group(children=[Leaf()])
        if isinstance(node, Leaf) and path == ROOT:  # one condition becomes the first of a group
            tree = node = Group(children=[node])
        if not isinstance(node, Group) or (isinstance(new, Group) and len(path) + 1 > MAX_DEPTH - 1):
            return tree, None, None
        node.children.append(new)
        new_path = (*path, len(node.children) - 1)
        if isinstance(new, Group):
            return tree, first_control(new.children[0], (*new_path, 0)), _("Group %(number)s added.") % {
                "number": outline_number(new_path)}  # fmt: skip
        return tree, first_control(new, new_path), _("Condition %(number)s added.") % {
            "number": outline_number(new_path)}  # fmt: skip
    if verb == "remove" and path:
        parent = node_at(tree, path[:-1])
        if isinstance(parent, Group) and len(parent.children) > 1:
            number = {"number": outline_number(path)}
            status = _("Group %(number)s removed.") if isinstance(node, Group) else _("Condition %(number)s removed.")
            parent.children.pop(path[-1])
            place = min(path[-1], len(parent.children) - 1)
            return tree, first_control(parent.children[place], (*path[:-1], place)), status % number
    if isinstance(node, Leaf) and verb == "add-value":
        node.values.append("")
        return tree, f"id_{key}-value-{len(node.values) - 1}", _("Value added.")
    if isinstance(node, Leaf) and verb == "remove-value" and index_text.isdigit() and len(node.values) > 1:
        index = int(index_text)
        if index < len(node.values):
            node.values.pop(index)
            return tree, f"id_{key}-value-{min(index, len(node.values) - 1)}", _("Value removed.")
    return tree, None, None


# ——— what the page shows ———


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
