"""Reads of the programs: the list, one program, and what a rule would select (computed, never saved).

Programs are national: their permissions are held "somewhere" (`scope.require` without a record), and
an unknown program answers 404 like a forbidden one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Count, QuerySet, Sum

from jisr.accounts.models import User
from jisr.core import scope
from jisr.programs.coverage import LEVELS
from jisr.programs.models import Program
from jisr.programs.rules import eligible
from jisr.territories import selectors as territories


def program_list(user: User, permission: str = "programs.view_program") -> QuerySet[Program]:
    """Every program, for a user holding `permission` (Http404 otherwise)."""
    scope.require(user, permission)
    return Program.objects.all()


def program_get(user: User, code: str, permission: str = "programs.view_program") -> Program:
    """The program with this code, for a user holding `permission`; Http404 when missing or forbidden."""
    scope.require(user, permission)
    return scope.one_or_404(Program, code=code)


def rule_preview(rule: Any, level: str) -> dict[str, Any]:
    """Households and persons the rule selects, by territory — computed, never saved.

    An invalid rule raises the ValidationError of `compile_rule`, naming where it is wrong.
    """
    key = LEVELS.get(level) or "region_code"
    rows = list(eligible(rule).values(key).annotate(h=Count("household_id"), p=Sum("size")).order_by(key))
    names = _territory_names(level, [row[key] for row in rows])
    by_territory = [
        {"code": row[key], "name": names.get(row[key], ""), "households": row["h"], "persons": row["p"] or 0}
        for row in rows
    ]
    households, persons = sum(r["households"] for r in by_territory), sum(r["persons"] for r in by_territory)
    return {"households": households, "persons": persons, "by_territory": by_territory}


def _territory_names(level: str, codes: list[str]) -> dict[str, str]:
    """The names, in the current language, of the territories a preview is broken down by."""
    if level == "province":
        return {province.code: province.name for province in territories.provinces_by_code().filter(code__in=codes)}
    if level == "commune":
        return {code: commune.name for code, commune in territories.communes_by_codes(codes).items()}
    return {region.code: region.name for region in territories.regions_by_code().filter(code__in=codes)}


class RuleChoices:
    """The lists the rule builder's value inputs offer, each read once per page and only when a condition
    needs it, with names in the active language (rule_editor.RuleChoices)."""

    @cached_property
    def programs(self) -> list[tuple[str, str]]:
        return [(program.code, program.name) for program in Program.objects.order_by("code")]

    @cached_property
    def regions(self) -> list[tuple[str, str]]:
        return [(region.code, region.name) for region in territories.regions_by_code()]

    @cached_property
    def provinces(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The provinces and prefectures under their region's name."""
        names = dict(self.regions)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for province in territories.provinces_by_code():
            grouped.setdefault(province.region_id, []).append((province.code, province.name))
        return [(f"{names.get(code, code)} ({code})", provinces) for code, provinces in grouped.items()]

    @cached_property
    def communes(self) -> list[tuple[str, str]]:
        return [(commune.code, commune.name) for commune in territories.commune_list()]
