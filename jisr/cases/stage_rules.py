"""Stage rules: what must be recorded before a case enters a stage — data of the protocol, one engine.

A protocol's definition carries its rules under "stages":

    {"requires": {"listening": ["listening_record"], "diagnosis": ["listening_record", "assessment"],
                  "orientation": ["assessment"], "pathway": ["approved_plan"], "follow_up": ["followups"],
                  "closed": ["outcome"]},
     "closure_exempt_stages": ["reception", "listening", "diagnosis", "orientation"],
     "closure_exempt_reasons": ["moved", "unreachable", "refused", "transferred", "deceased"]}

A requirement is one of REQUIREMENTS (an unknown one is refused when the protocol is saved, never
ignored). Closure needs its requirements unless the case is closed from an exempt stage (nothing of
the pathway has started, so no outcome can be expected) or for an exempt reason (the person left).

The case follows the rules of the protocol of its latest diagnosis, or, before any diagnosis, of the
published protocol; DEFAULT_STAGE_RULES only when no protocol says anything (a database without one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from jisr.cases.models import Case

STAGES = ("listening", "diagnosis", "orientation", "pathway", "follow_up", "closed")
OPEN_STAGES = ("reception", "listening", "diagnosis", "orientation", "pathway", "follow_up")


@dataclass(frozen=True)
class Requirement:
    """A record the case must hold: how to check it, and how to name it when it is missing."""

    label: Promise
    holds: Callable[[Case], bool]


def _approved_plan(case: Case) -> bool:
    from jisr.cases.models import OrientationPlan

    return OrientationPlan.objects.filter(case=case, status=OrientationPlan.Status.APPROVED).exists()


def _plan(case: Case) -> bool:
    from jisr.cases.models import OrientationPlan

    return OrientationPlan.objects.filter(case=case).exists()


REQUIREMENTS: dict[str, Requirement] = {
    "listening_record": Requirement(
        gettext_lazy("the listening interview"), lambda case: case.listening_records.exists()
    ),
    "assessment": Requirement(gettext_lazy("the diagnosis with the protocol"), lambda case: case.assessments.exists()),
    "plan": Requirement(gettext_lazy("the orientation plan"), _plan),
    "approved_plan": Requirement(gettext_lazy("the approved orientation plan"), _approved_plan),
    "followups": Requirement(gettext_lazy("the scheduled follow-ups"), lambda case: case.followups.exists()),
    "outcome": Requirement(gettext_lazy("an outcome of the pathway"), lambda case: case.outcomes.exists()),
}

DEFAULT_STAGE_RULES: dict[str, Any] = {
    "requires": {
        "listening": ["listening_record"],
        "diagnosis": ["listening_record", "assessment"],
        "orientation": ["assessment"],
        "pathway": ["approved_plan"],
        "follow_up": ["followups"],
        "closed": ["outcome"],
    },
    "closure_exempt_stages": ["reception", "listening", "diagnosis", "orientation"],
    "closure_exempt_reasons": ["moved", "unreachable", "refused", "transferred", "deceased"],
}


def validate_stage_rules(rules: Any, closure_reasons: list[str]) -> list[str]:
    """The problems of a "stages" section, each saying where it is (empty when it is valid)."""
    if not isinstance(rules, dict) or not isinstance(rules.get("requires"), dict):
        return [_("stages: give “requires”, the records each stage needs.")]
    errors = []
    for stage, needs in rules["requires"].items():
        if stage not in STAGES:
            errors.append(_("stages: unknown stage “%(stage)s”.") % {"stage": stage})
        elif not isinstance(needs, list) or any(need not in REQUIREMENTS for need in needs):
            known = ", ".join(REQUIREMENTS)
            errors.append(_("stages: “%(stage)s” may require only %(known)s.") % {"stage": stage, "known": known})
    if any(stage not in OPEN_STAGES for stage in rules.get("closure_exempt_stages", [])):
        errors.append(_("stages: closure_exempt_stages lists open stages only."))
    if any(reason not in closure_reasons for reason in rules.get("closure_exempt_reasons", [])):
        errors.append(
            _("stages: closure_exempt_reasons lists closure reasons only (%(known)s).")
            % {"known": ", ".join(closure_reasons)}
        )
    return errors


def rules_of_case(case: Case) -> dict[str, Any]:
    """The stage rules the case follows: its latest diagnosis's protocol, else the published one."""
    from jisr.cases.models import Protocol

    assessment = case.assessments.select_related("protocol").order_by("-assessed_at").first()
    protocol = assessment.protocol if assessment else None
    if protocol is None:
        protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).order_by("code", "-version").first()
    rules = protocol.definition.get("stages") if protocol else None
    return rules if isinstance(rules, dict) else DEFAULT_STAGE_RULES


def closure_is_exempt(rules: dict[str, Any], from_stage: str, reason: str) -> bool:
    """Whether closing from `from_stage` for `reason` needs none of the closure's requirements."""
    return from_stage in rules.get("closure_exempt_stages", []) or reason in rules.get("closure_exempt_reasons", [])


def missing_for(case: Case, to: str, *, reason: str = "", rules: dict[str, Any] | None = None) -> list[str]:
    """The requirements of entering `to` that the case does not hold yet, in the protocol's order."""
    rules = rules or rules_of_case(case)
    if to == "closed" and closure_is_exempt(rules, case.status, reason):
        return []
    return [need for need in rules["requires"].get(to, []) if not REQUIREMENTS[need].holds(case)]


def refusal(to: str, to_label: Any, missing: list[str]) -> str:
    """The message of a refused move, naming what is missing, in the user's language."""
    names = _(", ").join(str(REQUIREMENTS[need].label) for need in missing)
    if to == "closed":
        return _(
            "Before closing the case, record %(missing)s — or close it for a reason that explains why there is none."
        ) % {"missing": names}
    return _("Before “%(stage)s”, record %(missing)s.") % {"stage": to_label, "missing": names}


def check(case: Case, to: str, to_label: Any, *, reason: str = "") -> None:
    """Raise a ValidationError naming what is missing when the case may not enter `to` now."""
    missing = missing_for(case, to, reason=reason)
    if missing:
        raise ValidationError(refusal(to, to_label, missing))


@dataclass
class MovesNow:
    """What the case page offers now: the next stage if its records exist, else what is missing, and
    the closure reasons the rules accept now."""

    next_stage: str | None
    next_allowed: bool
    next_missing: list[str]
    closure_reasons: list[str]

    @property
    def missing_text(self) -> str:
        return _(", ").join(str(REQUIREMENTS[need].label) for need in self.next_missing)


def moves_now(case: Case, pathway: list[str], closure_reasons: list[str]) -> MovesNow:
    """The moves the rules allow for the case now (read only: the service checks again when asked)."""
    if case.status not in pathway:
        return MovesNow(None, False, [], [])
    rules = rules_of_case(case)
    index = pathway.index(case.status)
    next_stage = pathway[index + 1] if index + 1 < len(pathway) else None
    missing = missing_for(case, next_stage, rules=rules) if next_stage else []
    closing_needs = missing_for(case, "closed", reason="", rules=rules)
    reasons = [
        reason for reason in closure_reasons if not closing_needs or closure_is_exempt(rules, case.status, reason)
    ]
    return MovesNow(next_stage, next_stage is not None and not missing, missing, reasons)
