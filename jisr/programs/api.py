"""`/api/v1/programs` and `/api/v1/coverage`: programs, a live preview of a rule, coverage and gap."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from jisr.core.api_schemas import Input, Invalid, Message
from jisr.core.scope import require_permission_or_404, user_scope
from jisr.programs.coverage import LEVELS, coverage
from jisr.programs.models import Program
from jisr.programs.rules import eligible

router = Router(tags=["programs"])
coverage_router = Router(tags=["programs"])


class ProgramOut(Schema):
    code: str
    name: str
    rule: Any
    is_active: bool


class PreviewIn(Input):
    rule: Any
    level: str = "region"


class PreviewRow(Schema):
    code: str | None
    households: int
    persons: int


class PreviewOut(Schema):
    households: int
    persons: int
    by_territory: list[PreviewRow]


class CoverageQuery(Schema):
    program: str
    level: str = "region"
    parent: str | None = None


class CoverageOut(Schema):
    code: str
    name: str
    figures: dict[str, int | None]
    coverage_rate: float | None
    gap: int | None
    registration_rate: float | None


def preview(rule: Any, level: str) -> dict[str, Any]:
    """Households and persons the rule selects, by territory — computed, never saved."""
    key = LEVELS.get(level) or "region_code"
    rows = list(eligible(rule).values(key).annotate(h=Count("household_id"), p=Sum("size")).order_by(key))
    by_territory = [{"code": row[key], "households": row["h"], "persons": row["p"] or 0} for row in rows]
    households, persons = sum(r["households"] for r in by_territory), sum(r["persons"] for r in by_territory)
    return {"households": households, "persons": persons, "by_territory": by_territory}


@router.get("", response=list[ProgramOut])
def program_list(request: HttpRequest) -> Any:
    require_permission_or_404(request.user, "programs.view_program")
    return list(Program.objects.all())


@router.post("/preview", response={200: PreviewOut, 404: Message, 422: Invalid})
def program_preview(request: HttpRequest, payload: PreviewIn) -> Any:
    """How many households and persons a rule selects, by territory, before it is saved (422: where it is wrong)."""
    require_permission_or_404(request.user, "programs.view_program")
    return preview(payload.rule, payload.level)


@coverage_router.get("", response={200: list[CoverageOut], 404: Message, 422: Invalid})
def coverage_list(request: HttpRequest, query: Query[CoverageQuery]) -> Any:
    """Coverage and gap of a program per territory; counts under 5 hidden for roles without personal data."""
    from django.core.exceptions import ValidationError

    scope = user_scope(request.user)
    require_permission_or_404(request.user, "programs.view_coverage")
    program = Program.objects.filter(code=query.program).first()
    if program is None:
        raise Http404
    if query.level not in LEVELS:
        raise ValidationError({"level": [", ".join(LEVELS)]})
    rows = coverage(program, query.level, query.parent, suppress_small=not scope.sees_personal_data)
    return [{"code": r.code, "name": r.name, "figures": r.figures, "coverage_rate": r.coverage_rate, "gap": r.gap,
             "registration_rate": r.registration_rate} for r in rows]  # fmt: skip
