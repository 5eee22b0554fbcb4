"""Request types as data: the shape of their steps and documents, checked here, and the answers of a step
cleaned against it (docs/khadamati.md, "Request types").

A type's own steps sit between two steps every request has: `person` (whom it is for, their identity and
province) and `documents` (the files the type asks for), followed by `review` (what was entered, the consent
and the declaration, then "submit"). A field is one of FIELD_TYPES; its label, help and choices carry their
text in Arabic, French and English (`{"ar": …, "fr": …, "en": …}`), so a new type needs no translation file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jisr.core.digits import to_ascii_digits

PERSON_STEP = "person"
DOCUMENTS_STEP = "documents"
REVIEW_STEP = "review"
BUILT_IN_STEPS = (PERSON_STEP, DOCUMENTS_STEP, REVIEW_STEP)
FIELD_TYPES = frozenset({"text", "textarea", "choice", "date", "integer", "yes_no"})
LANGUAGES = ("ar", "fr", "en")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX = 200
TEXTAREA_MAX = 2000
INTEGER_MAX = 1_000_000


def text_in_language(texts: Any) -> str:
    """The text of a `{"ar", "fr", "en"}` mapping in the page's language (Arabic when it lacks one)."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = (get_language() or "ar")[:2]
    return str(texts.get(language) or texts.get("ar") or "")


def _check_texts(where: str, texts: Any, problems: list[str]) -> None:
    if not isinstance(texts, dict) or any(not str(texts.get(language) or "").strip() for language in LANGUAGES):
        problems.append(f"{where}: needs its text in ar, fr and en")


def _check_field(where: str, spec: Any, problems: list[str]) -> None:
    if not isinstance(spec, dict):
        problems.append(f"{where}: a field is an object")
        return
    if not CODE.fullmatch(str(spec.get("name", ""))):
        problems.append(f"{where}: name must be lower-case letters, digits and _")
    if spec.get("type") not in FIELD_TYPES:
        problems.append(f"{where}: type must be one of {sorted(FIELD_TYPES)}")
    _check_texts(f"{where}.label", spec.get("label"), problems)
    if "help" in spec:
        _check_texts(f"{where}.help", spec["help"], problems)
    if spec.get("type") == "choice":
        choices = spec.get("choices")
        if not isinstance(choices, list) or not choices:
            problems.append(f"{where}: a choice field needs choices")
            return
        values = [choice.get("value") if isinstance(choice, dict) else None for choice in choices]
        if any(not CODE.fullmatch(str(value or "")) for value in values) or len(set(values)) != len(values):
            problems.append(f"{where}: each choice needs a distinct value")
        for index, choice in enumerate(choices):
            if isinstance(choice, dict):
                _check_texts(f"{where}.choices[{index}].label", choice.get("label"), problems)


def check_definition(steps: Any, documents: Any) -> None:
    """ValidationError listing every problem of a type's `steps` and `documents` (none: it is usable)."""
    problems: list[str] = []
    if not isinstance(steps, list):
        problems.append("steps: a list")
        steps = []
    step_codes: list[str] = []
    for index, step in enumerate(steps):
        where = f"steps[{index}]"
        if not isinstance(step, dict):
            problems.append(f"{where}: a step is an object")
            continue
        code = str(step.get("code", ""))
        if not CODE.fullmatch(code) or code in BUILT_IN_STEPS:
            problems.append(f"{where}: code must be lower-case letters, digits and _, and not {BUILT_IN_STEPS}")
        step_codes.append(code)
        _check_texts(f"{where}.title", step.get("title"), problems)
        fields = step.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(f"{where}: a step needs fields")
            continue
        for field_index, spec in enumerate(fields):
            _check_field(f"{where}.fields[{field_index}]", spec, problems)
        names = [spec.get("name") for spec in fields if isinstance(spec, dict)]
        if len(set(names)) != len(names):
            problems.append(f"{where}: two fields have the same name")
    if len(set(step_codes)) != len(step_codes):
        problems.append("steps: two steps have the same code")
    if not isinstance(documents, list):
        problems.append("documents: a list")
        documents = []
    document_codes = []
    for index, document in enumerate(documents):
        where = f"documents[{index}]"
        if not isinstance(document, dict) or not CODE.fullmatch(str(document.get("code", ""))):
            problems.append(f"{where}: needs a code of lower-case letters, digits and _")
            continue
        document_codes.append(document["code"])
        _check_texts(f"{where}.label", document.get("label"), problems)
        if not isinstance(document.get("required", False), bool):
            problems.append(f"{where}: required is true or false")
    if len(set(document_codes)) != len(document_codes):
        problems.append("documents: two documents have the same code")
    if problems:
        raise ValidationError(problems)


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    fields: list[dict[str, Any]]


def step_codes(steps: list[dict[str, Any]]) -> list[str]:
    """Every step of a type's form, in order: the person, the type's own steps, the documents, the review."""
    return [PERSON_STEP, *[str(step["code"]) for step in steps], DOCUMENTS_STEP, REVIEW_STEP]


def own_step(steps: list[dict[str, Any]], code: str) -> Step | None:
    for step in steps:
        if step.get("code") == code:
            return Step(code=code, title=text_in_language(step.get("title")), fields=list(step.get("fields", [])))
    return None


def _clean_value(spec: dict[str, Any], raw: Any) -> tuple[Any, str | None]:
    """One answer cleaned to its stored form, or the message saying what is wrong."""
    kind = spec["type"]
    text = " ".join(str(raw if raw is not None else "").split()) if kind != "textarea" else str(raw or "").strip()
    if text == "":
        return "", (_("Answer this question.") if spec.get("required") else None)
    if kind == "text":
        limit = int(spec.get("max_length") or TEXT_MAX)
        return text, (_("Write at most %(count)s characters.") % {"count": limit} if len(text) > limit else None)
    if kind == "textarea":
        limit = int(spec.get("max_length") or TEXTAREA_MAX)
        return text, (_("Write at most %(count)s characters.") % {"count": limit} if len(text) > limit else None)
    if kind == "choice":
        values = [choice["value"] for choice in spec["choices"]]
        return text, (None if text in values else _("Choose one of the answers."))
    if kind == "yes_no":
        return text, (None if text in ("yes", "no") else _("Answer yes or no."))
    if kind == "integer":
        digits = to_ascii_digits(text)
        if not digits.isdigit() or int(digits) > INTEGER_MAX:
            return text, _("Enter a whole number, such as 3.")
        return int(digits), None
    try:
        day = datetime.date.fromisoformat(to_ascii_digits(text))
    except ValueError:
        return text, _("Enter a date as day, month and year.")
    return day.isoformat(), None


def clean_answers(fields: list[dict[str, Any]], values: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """The answers of one step, cleaned; a ValidationError keyed by field with every problem at once.

    With `complete=False` (a draft being saved) a missing answer is not a problem, a wrong one is."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for spec in fields:
        name = spec["name"]
        value, problem = _clean_value(spec, values.get(name))
        if problem and (complete or value != ""):
            errors[name] = [problem]
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned
