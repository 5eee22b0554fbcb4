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
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from jisr.programs.rule_fields import (
    BY_NAME,
    PROGRAM_FIELD,
    YES_NO,
    takes_a_list,
)
from jisr.programs.rules import (
    FIELDS,
    MAX_DEPTH,
    NUMBER,
    OPERATORS,
    PROGRAM_TESTS,
    compile_rule,
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
