"""The one way in, enforced: views, API modules and forms parse input, call one service or selector,
and render. They never touch the ORM, open a transaction, or use a model for anything but its
choices, its type or a ModelForm's `Meta.model` (DESIGN.md convention 13, docs/architecture.md).

The rule is read from the source with `ast`, so it holds for every app, present and future. A line
that must break it goes in `ALLOWED` with the reason; the list is meant to stay empty.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THIN_MODULE_PREFIXES = ("views", "api", "forms")

# (path relative to the project, what) → why it must stay. Keep it empty.
ALLOWED: dict[tuple[str, str], str] = {}

# Manager and queryset entry points: reaching one from a thin module is ORM access.
ORM_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager", "select_for_update", "raw"})
# What a model's name may be used for in a thin module: its nested constants (`Case.Status`), but not
# the lookups that only exist to fetch rows.
ROW_FETCHING_ATTRIBUTES = frozenset({"objects", "DoesNotExist", "MultipleObjectsReturned", "_default_manager"})


@dataclass(frozen=True)
class Breach:
    path: str
    line: int
    what: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.path, self.what)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def thin_modules() -> Iterator[Path]:
    for path in sorted((ROOT / "jisr").rglob("*.py")):
        if "migrations" not in path.parts and path.name.startswith(THIN_MODULE_PREFIXES):
            yield path


def _model_names(tree: ast.Module) -> dict[str, int]:
    """Names imported from a `*.models` module of the project, with the line of the import."""
    names: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jisr.") and (
            node.module.endswith(".models")
        ):  # fmt: skip
            for alias in node.names:
                if alias.name[:1].isupper() and not alias.name.isupper():  # a class, not a CONSTANT
                    names[alias.asname or alias.name] = node.lineno
    return names


def _annotation_nodes(tree: ast.Module) -> set[int]:
    """ids of the nodes inside type annotations, where naming a model is only a type."""
    inside: set[int] = set()
    annotations: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) or isinstance(node, ast.arg) and node.annotation is not None:
            annotations.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            annotations.append(node.returns)
    for annotation in annotations:
        inside.update(id(child) for child in ast.walk(annotation))
    return inside


def _meta_model_values(tree: ast.Module) -> set[int]:
    """ids of the `model = X` values in a `class Meta` (a ModelForm names its model)."""
    values: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Meta":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "model" for target in statement.targets
                ):
                    values.add(id(statement.value))
    return values


def breaches(source: str, path: str) -> list[Breach]:
    """What a thin module does that only services and selectors may do."""
    tree = ast.parse(source)
    found: list[Breach] = []
    models = _model_names(tree)
    in_annotation = _annotation_nodes(tree)
    meta_models = _meta_model_values(tree)
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ORM_ATTRIBUTES:
            found.append(Breach(path, node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Attribute) and node.attr in {"atomic", "on_commit"}:
            found.append(Breach(path, node.lineno, f"transaction.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "django.db" and any(
            alias.name == "transaction" for alias in node.names
        ):  # fmt: skip
            found.append(Breach(path, node.lineno, "import transaction"))
        elif isinstance(node, ast.Name) and node.id in models and id(node) not in in_annotation:
            if id(node) in meta_models:
                continue
            parent = parents.get(id(node))
            names_a_constant = (
                isinstance(parent, ast.Attribute)
                and parent.value is node
                and parent.attr[:1].isupper()
                and parent.attr not in ROW_FETCHING_ATTRIBUTES
            )
            if names_a_constant:
                continue  # a nested constant: Case.Status.CLOSED, Person.Sex.choices
            found.append(Breach(path, node.lineno, f"model {node.id}"))
    return found


def all_breaches() -> list[Breach]:
    found: list[Breach] = []
    for path in thin_modules():
        found.extend(breaches(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))))
    return found


def test_views_api_and_forms_do_not_touch_the_orm() -> None:
    unexplained = [str(breach) for breach in all_breaches() if breach.key not in ALLOWED]
    assert not unexplained, "Thin modules call a selector or a service instead (docs/architecture.md):\n" + "\n".join(
        unexplained
    )


def test_every_allowed_breach_still_exists() -> None:
    """An entry of the allow-list that no longer matches anything is removed, so the list only shrinks."""
    present = {breach.key for breach in all_breaches()}
    assert not [key for key in ALLOWED if key not in present]


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ("from jisr.cases.models import Case\ndef v(r):\n    return Case.objects.all()", ".objects"),
        ("from django.db import transaction\n", "import transaction"),
        ("def v(r):\n    with transaction.atomic():\n        pass", "transaction.atomic"),
        ("from jisr.cases.models import Case\ndef v(r, pk):\n    return get_object(Case, pk)", "model Case"),
        ("from jisr.cases.models import Case\ntry:\n    x()\nexcept Case.DoesNotExist:\n    pass", "model Case"),
        ("def v(r, qs):\n    return qs.select_for_update()", ".select_for_update"),
    ],
)
def test_the_rule_catches_orm_access(snippet: str, what: str) -> None:
    assert what in [breach.what for breach in breaches(snippet, "jisr/x/views.py")]


@pytest.mark.parametrize(
    "snippet",
    [
        "from jisr.cases.models import Case\nCHOICES = Case.Status.choices",
        "from jisr.cases.models import Case\ndef v(r, case: Case) -> Case:\n    return case",
        "from jisr.centers.models import Center\nclass F:\n    class Meta:\n        model = Center",
        "from jisr.cases import selectors\ndef v(r):\n    return selectors.case_list(r.user)",
    ],
)
def test_the_rule_lets_a_thin_module_name_choices_types_and_a_form_model(snippet: str) -> None:
    assert breaches(snippet, "jisr/x/views.py") == []
