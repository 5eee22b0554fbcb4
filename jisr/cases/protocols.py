"""Assessment protocols as data: their shape, their validation, and how an assessment is scored.

A definition is JSON:

    {"domains": [{"code": "income", "title": {"ar": …, "fr": …, "en": …},
                  "thresholds": {"medium": 2, "high": 4},
                  "recommendations": ["professional_project", "social_incubation"],
                  "questions": [{"code": "income_source", "text": {"ar": …, "fr": …, "en": …},
                                 "choices": [{"code": "stable", "label": {…}, "score": 0}, …]}]}],
     "priority": {"high_domains": 1, "medium_domains": 2},
     "stages": {…}}

"stages" holds the protocol's stage rules (what each stage of a case needs recorded first): see
`jisr/cases/stage_rules.py`.

Scoring: a domain's score is the sum of the chosen answers' scores; its need level is "high" from
its high threshold, "medium" from its medium threshold, else "low". The priority is high when at
least `high_domains` domains are high, medium when at least `medium_domains` are medium or high.
The recommended pathways are those of every domain at medium or high, in the protocol's order.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

PATHWAY_LABELS: dict[str, Any] = {
    "certified_training": gettext_lazy("certified training"),
    "professional_project": gettext_lazy("professional-project workshops"),
    "social_incubation": gettext_lazy("social incubation"),
    "health_mediation": gettext_lazy("health and social mediation"),
    "psychological_support": gettext_lazy("psychological support"),
    "legal_aid": gettext_lazy("legal aid"),
    "documents_support": gettext_lazy("help with legal documents"),
    "housing_support": gettext_lazy("housing support"),
    "protection": gettext_lazy("protection"),
    "referral": gettext_lazy("referral to a partner"),
}
LANGUAGES = ("ar", "fr", "en")
LEVELS = ("low", "medium", "high")


def text_in_language(texts: dict[str, str]) -> str:
    language = (get_language() or "ar")[:2]
    return texts.get(language) or texts.get("fr") or texts.get("ar") or ""


def check_texts(value: Any, where: str, errors: list[str]) -> None:
    if not isinstance(value, dict) or any(not str(value.get(lang, "")).strip() for lang in LANGUAGES):
        errors.append(_("%(where)s: give the text in Arabic, French and English (ar, fr, en).") % {"where": where})


def validate_definition(definition: Any) -> None:
    """Raise a ValidationError listing every problem, each with where it is."""
    errors: list[str] = []
    domains = definition.get("domains") if isinstance(definition, dict) else None
    if not isinstance(domains, list) or not domains:
        raise ValidationError(_("The protocol needs a list of domains."))
    seen_domains: set[str] = set()
    seen_questions: set[str] = set()
    for index, domain in enumerate(domains, start=1):
        where = _("domain %(index)d") % {"index": index}
        if not isinstance(domain, dict):
            errors.append(_("%(where)s is not an object.") % {"where": where})
            continue
        code = str(domain.get("code", ""))
        if not code or code in seen_domains:
            errors.append(_("%(where)s: a unique code is required.") % {"where": where})
        seen_domains.add(code)
        where = _("domain “%(code)s”") % {"code": code or index}
        check_texts(domain.get("title"), where, errors)
        thresholds = domain.get("thresholds", {})
        medium, high = thresholds.get("medium"), thresholds.get("high") if isinstance(thresholds, dict) else None
        if not isinstance(medium, int) or not isinstance(high, int) or not 0 < medium <= high:
            errors.append(_("%(where)s: thresholds need whole numbers with 0 < medium ≤ high.") % {"where": where})
        unknown = set(domain.get("recommendations", [])) - set(PATHWAY_LABELS)
        if unknown:
            errors.append(
                _("%(where)s: unknown pathways %(codes)s.") % {"where": where, "codes": ", ".join(sorted(unknown))}
            )
        questions = domain.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(_("%(where)s: at least one question is required.") % {"where": where})
            continue
        for question in questions:
            question_code = str(question.get("code", "")) if isinstance(question, dict) else ""
            q_where = _("question “%(code)s”") % {"code": question_code or "?"}
            if not question_code or question_code in seen_questions:
                errors.append(_("%(where)s: a unique code is required.") % {"where": q_where})
                continue
            seen_questions.add(question_code)
            check_texts(question.get("text"), q_where, errors)
            choices = question.get("choices")
            if not isinstance(choices, list) or len(choices) < 2:
                errors.append(_("%(where)s: at least two answers are required.") % {"where": q_where})
                continue
            codes = [str(choice.get("code", "")) for choice in choices if isinstance(choice, dict)]
            if len(set(codes)) != len(choices) or "" in codes:
                errors.append(_("%(where)s: every answer needs a unique code.") % {"where": q_where})
            for choice in choices:
                if not isinstance(choice, dict):
                    continue
                c_where = f"{q_where} / {choice.get('code', '?')}"
                check_texts(choice.get("label"), c_where, errors)
                if not isinstance(choice.get("score"), int) or choice["score"] < 0:
                    errors.append(_("%(where)s: the score is a whole number ≥ 0.") % {"where": c_where})
    priority = definition.get("priority", {})
    if not isinstance(priority, dict) or not all(isinstance(priority.get(k), int) and priority[k] > 0
                                                 for k in ("high_domains", "medium_domains")):  # fmt: skip
        errors.append(_("The priority rule needs whole numbers high_domains and medium_domains > 0."))
    if "stages" in definition:
        from jisr.cases.services import CLOSURE_REASONS
        from jisr.cases.stage_rules import validate_stage_rules

        errors += validate_stage_rules(definition["stages"], list(CLOSURE_REASONS))
    if errors:
        raise ValidationError(errors)


def score(definition: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """The domain scores, the needs profile, the priority and the recommended pathways of `answers`.

    Every question must be answered with one of its choices (an incomplete assessment is an error,
    never a low score)."""
    errors: list[str] = []
    scores: dict[str, int] = {}
    profile: dict[str, str] = {}
    recommendations: list[str] = []
    for domain in definition["domains"]:
        total = 0
        for question in domain["questions"]:
            chosen = answers.get(question["code"])
            by_code = {choice["code"]: choice for choice in question["choices"]}
            if chosen not in by_code:
                errors.append(
                    _("Answer the question “%(question)s”.") % {"question": text_in_language(question["text"])}
                )
                continue
            total += by_code[chosen]["score"]
        thresholds = domain["thresholds"]
        level = "high" if total >= thresholds["high"] else "medium" if total >= thresholds["medium"] else "low"
        scores[domain["code"]] = total
        profile[domain["code"]] = level
        if level != "low":
            recommendations += [code for code in domain.get("recommendations", []) if code not in recommendations]
    if errors:
        raise ValidationError({"answers": errors})
    rule = definition["priority"]
    highs = sum(1 for level in profile.values() if level == "high")
    mediums = sum(1 for level in profile.values() if level != "low")
    priority = "high" if highs >= rule["high_domains"] else "medium" if mediums >= rule["medium_domains"] else "low"
    return {"domain_scores": scores, "needs_profile": profile, "priority": priority, "recommendations": recommendations}
