"""`/api/v1/programs` and `/api/v1/coverage`: programs, a live preview of a rule, coverage and gap."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.programs import selectors
from jisr.programs.coverage import LEVELS, CoverageRow, coverage
from jisr.programs.models import Program

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
    name: str = ""  # in the request's language
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


@router.get("", response=list[ProgramOut])
def program_list(request: AuthenticatedHttpRequest) -> list[Program]:
    """Every program with its rule."""
    return list(selectors.program_list(request.user))


@router.post("/preview", response={200: PreviewOut, 404: Message, 422: Invalid})
def program_preview(request: AuthenticatedHttpRequest, payload: PreviewIn) -> dict[str, Any]:
    """How many households and persons a rule selects, by territory, before it is saved (422: where it is wrong)."""
    scope.require(request.user, "programs.view_program")
    return selectors.rule_preview(payload.rule, payload.level)


@coverage_router.get("", response={200: list[CoverageOut], 404: Message, 422: Invalid})
def coverage_list(request: AuthenticatedHttpRequest, query: Query[CoverageQuery]) -> list[dict[str, Any]]:
    """Coverage and gap of a program per territory; counts under 5 hidden for roles without personal data."""
    program = selectors.program_get(request.user, query.program, permission="programs.view_coverage")
    if query.level not in LEVELS:
        raise ValidationError({"level": [", ".join(LEVELS)]})
    suppress_small = not scope.user_scope(request.user).sees_personal_data
    rows: list[CoverageRow] = coverage(program, query.level, query.parent, suppress_small=suppress_small)
    return [{"code": r.code, "name": r.name, "figures": r.figures, "coverage_rate": r.coverage_rate, "gap": r.gap,
             "registration_rate": r.registration_rate} for r in rows]  # fmt: skip
