"""The social assessment instrument as data: its shape, its validation, and how an assessment is scored.

The social assistant rates the person's participation over the six domains of WHODAS 2.0 (cognition,
mobility, self-care, getting along, life activities, participation), each item from "none" to "extreme",
and says which factors of the environment help or hinder. A version of the instrument is a row of
`AssessmentInstrument` whose `definition` is JSON (the texts are Jisr's own, in Arabic, French and
English):

    {"scale": [{"code": "none", "score": 0, "label": {"ar": …, "fr": …, "en": …}}, … "extreme" 4],
     "domains": [{"code": "cognition", "title": {…},
                  "items": [{"code": "cognition_focus", "text": {…}}, …]}, …],
     "environment": {"choices": [{"code": "barrier", "label": {…}}, …],
                     "factors": [{"code": "products", "title": {…}}, …]}}

Scoring (`score`): a domain's raw score is the sum of its items' ratings; its minimum and maximum are the
number of items times the lowest and highest score of the scale; its scaled score is
(raw − minimum) / (maximum − minimum) × 100, rounded to one decimal. The total is the same over every
item. Every item must be rated: an incomplete assessment is an error, never a low score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.cases.protocols import check_texts

# An environment factor's error is keyed by this prefix and its code (an item's by its code alone): factors and
# items are told apart on the form that shows the errors next to them.
ENVIRONMENT_PREFIX = "env_"
DOMAINS = ("cognition", "mobility", "self_care", "getting_along", "life_activities", "participation")


def _check_scale(scale: Any, errors: list[str]) -> None:
    if not isinstance(scale, list) or len(scale) < 2:
        errors.append(_("The rating scale needs at least two levels."))
        return
    codes = [str(level.get("code", "")) if isinstance(level, dict) else "" for level in scale]
    if "" in codes or len(set(codes)) != len(codes):
        errors.append(_("Every level of the rating scale needs a unique code."))
    scores = [level.get("score") if isinstance(level, dict) else None for level in scale]
    if not all(isinstance(value, int) and value >= 0 for value in scores) or len(set(scores)) != len(scores):
        errors.append(_("The levels of the rating scale need distinct whole scores ≥ 0."))
    for level in scale:
        if isinstance(level, dict):
            check_texts(level.get("label"), str(level.get("code", "?")), errors)


def _check_domains(domains: Any, errors: list[str]) -> None:
    if not isinstance(domains, list):
        errors.append(_("The instrument needs its list of domains."))
        return
    codes = [str(domain.get("code", "")) if isinstance(domain, dict) else "" for domain in domains]
    if sorted(codes) != sorted(DOMAINS):
        errors.append(_("The instrument needs the six domains, once each: %(codes)s.") % {"codes": ", ".join(DOMAINS)})
    seen: set[str] = set()
    for domain in domains:
        if not isinstance(domain, dict):
            continue
        where = _("domain “%(code)s”") % {"code": domain.get("code", "?")}
        check_texts(domain.get("title"), where, errors)
        items = domain.get("items")
        if not isinstance(items, list) or not items:
            errors.append(_("%(where)s: at least one item is required.") % {"where": where})
            continue
        for item in items:
            code = str(item.get("code", "")) if isinstance(item, dict) else ""
            item_where = _("item “%(code)s”") % {"code": code or "?"}
            if not code or code in seen or code.startswith(ENVIRONMENT_PREFIX) or code == "notes":
                errors.append(_("%(where)s: a unique code is required.") % {"where": item_where})
                continue
            seen.add(code)
            check_texts(item.get("text"), item_where, errors)


def _check_environment(environment: Any, errors: list[str]) -> None:
    if not isinstance(environment, dict):
        errors.append(_("The instrument needs its environment factors and their choices."))
        return
    for key, label_key in (("choices", "label"), ("factors", "title")):
        entries = environment.get(key)
        if not isinstance(entries, list) or not entries:
            errors.append(_("The environment needs at least one entry in “%(key)s”.") % {"key": key})
            continue
        codes = [str(entry.get("code", "")) if isinstance(entry, dict) else "" for entry in entries]
        if "" in codes or len(set(codes)) != len(codes):
            errors.append(_("Every entry of “%(key)s” needs a unique code.") % {"key": key})
        for entry in entries:
            if isinstance(entry, dict):
                check_texts(entry.get(label_key), str(entry.get("code", "?")), errors)


def validate_definition(definition: Any) -> None:
    """Raise a ValidationError listing every problem of a definition, each with where it is."""
    if not isinstance(definition, dict):
        raise ValidationError(_("The instrument's definition must be an object."))
    errors: list[str] = []
    _check_scale(definition.get("scale"), errors)
    _check_domains(definition.get("domains"), errors)
    _check_environment(definition.get("environment"), errors)
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class DomainScore:
    """One domain's (or the total's) raw sum, its bounds, and its 0–100 scaled score."""

    code: str
    raw: int
    minimum: int
    maximum: int
    scaled: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"raw": self.raw, "min": self.minimum, "max": self.maximum, "scaled": str(self.scaled)}


@dataclass(frozen=True)
class Scores:
    domains: dict[str, DomainScore]
    total: DomainScore

    def as_json(self) -> dict[str, Any]:
        return {"domains": {code: score.as_json() for code, score in self.domains.items()},
                "total": self.total.as_json()}  # fmt: skip


def _scaled(code: str, raw: int, minimum: int, maximum: int) -> DomainScore:
    fraction = Decimal(raw - minimum) / Decimal(maximum - minimum) * 100
    return DomainScore(code, raw, minimum, maximum, fraction.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def score(definition: dict[str, Any], ratings: dict[str, str]) -> Scores:
    """The scores of `ratings` (item code → level code); a ValidationError naming every item not rated (keyed by
    the item's code)."""
    level_scores = {level["code"]: level["score"] for level in definition["scale"]}
    lowest, highest = min(level_scores.values()), max(level_scores.values())
    errors: dict[str, list[str]] = {}
    domains: dict[str, DomainScore] = {}
    total_raw = total_items = 0
    for domain in definition["domains"]:
        raw = 0
        for item in domain["items"]:
            level = ratings.get(item["code"])
            if level not in level_scores:
                errors[item["code"]] = [_("Choose how much difficulty the person has.")]
                continue
            raw += level_scores[level]
        count = len(domain["items"])
        domains[domain["code"]] = _scaled(domain["code"], raw, lowest * count, highest * count)
        total_raw += raw
        total_items += count
    if errors:
        raise ValidationError(errors)
    return Scores(domains, _scaled("total", total_raw, lowest * total_items, highest * total_items))


def clean_environment(definition: dict[str, Any], environment: dict[str, str]) -> dict[str, str]:
    """The environment answers (factor code → choice code), every factor answered with a known choice."""
    choices = {choice["code"] for choice in definition["environment"]["choices"]}
    errors = {
        ENVIRONMENT_PREFIX + factor["code"]: [_("Choose whether it hinders or helps the person.")]
        for factor in definition["environment"]["factors"]
        if environment.get(factor["code"]) not in choices
    }
    if errors:
        raise ValidationError(errors)
    return {factor["code"]: environment[factor["code"]] for factor in definition["environment"]["factors"]}
