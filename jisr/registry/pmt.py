"""The proxy-means test: a household's predicted log consumption per capita from its observable data.

A model version is data (JSON, see docs/pmt.md):

    {"title": "…", "illustrative": true,
     "intercept": {"urban": 9.7, "rural": 9.4},
     "region_adjustment": {"01": 0.03, …},                       # optional, HCP region codes
     "coefficients": {"log_size": {"urban": -0.34, "rural": -0.30}, …}}

The variables are a fixed catalogue (VARIABLES) computed from the registry columns; a model may use
any of them. Scoring is one set-based UPDATE in the database (no per-household loop): a CASE on the
zone around a weighted sum of SQL expressions, plus a CASE on the region.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Expression, F, FloatField, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core import maplayers
from jisr.registry.models import PmtModel, RegistryHousehold

if TYPE_CHECKING:
    from jisr.accounts.models import User

ZONES = ("urban", "rural")


def _flag(**condition: Any) -> Expression:
    return Case(When(then=Value(1.0), **condition), default=Value(0.0), output_field=FloatField())


def _per_person(expression: Any) -> Expression:
    return Cast(expression, FloatField()) / Cast(F("size"), FloatField())


def _log_size() -> Expression:
    # ln(size) as constants: the same on SQLite (no native LN) and PostgreSQL, and fast
    return Case(*[When(size=k, then=Value(math.log(k))) for k in range(1, 31)], default=Value(math.log(30)),
                output_field=FloatField())  # fmt: skip


VARIABLES: dict[str, tuple[Any, Callable[[], Expression]]] = {
    "log_size": (gettext_lazy("natural log of the number of members"), _log_size),
    "dependency_ratio": (gettext_lazy("children under 15 and members over 60, per member"),
                         lambda: _per_person(F("children_under_15") + F("elderly_over_60"))),
    "rooms_per_person": (gettext_lazy("rooms per member"), lambda: _per_person(F("rooms"))),
    "head_schooling_years": (gettext_lazy("years of schooling of the head"),
                             lambda: Cast(F("head_schooling_years"), FloatField())),
    "head_female": (gettext_lazy("the head is a woman"), lambda: _flag(head_sex="F")),
    "head_employed": (gettext_lazy("the head works"), lambda: _flag(head_employed=True)),
    "disability_share": (gettext_lazy("members with a disability, per member"),
                         lambda: _per_person(F("members_with_disability"))),
    "owner": (gettext_lazy("owns the dwelling"), lambda: _flag(occupancy="owner")),
    "housing_shanty": (gettext_lazy("lives in a shanty"), lambda: _flag(housing="shanty")),
    "housing_villa_apartment": (gettext_lazy("villa or apartment"), lambda: _flag(housing__in=["villa", "apartment"])),
    "water_piped": (gettext_lazy("piped water"), lambda: _flag(water="piped")),
    "electricity": (gettext_lazy("electricity"), lambda: _flag(electricity=True)),
    "sanitation_sewer": (gettext_lazy("public sewer"), lambda: _flag(sanitation="sewer")),
    "has_fridge": (gettext_lazy("refrigerator"), lambda: _flag(has_fridge=True)),
    "has_tv": (gettext_lazy("television"), lambda: _flag(has_tv=True)),
    "has_car": (gettext_lazy("car"), lambda: _flag(has_car=True)),
    "has_computer": (gettext_lazy("computer"), lambda: _flag(has_computer=True)),
    "utilities_per_person_100": (gettext_lazy("water, electricity and phone spending per member, in hundreds of MAD"),
                                 lambda: _per_person(F("water_spending") + F("electricity_spending")
                                                     + F("phone_spending")) / Value(100.0)),
}  # fmt: skip


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate_definition(definition: Any) -> None:
    """Raise a ValidationError listing every problem, each saying where it is."""
    from jisr.territories.models import Region

    if not isinstance(definition, dict):
        raise ValidationError(_("The model is a JSON object (see docs/pmt.md)."))
    errors: list[str] = []
    if not str(definition.get("title", "")).strip():
        errors.append(_("title: give the model a title."))
    intercept = definition.get("intercept")
    if not isinstance(intercept, dict) or any(not _number(intercept.get(zone)) for zone in ZONES):
        errors.append(_("intercept: give a number for urban and for rural."))
    coefficients = definition.get("coefficients")
    if not isinstance(coefficients, dict) or not coefficients:
        errors.append(_("coefficients: give at least one variable."))
        coefficients = {}
    for name, by_zone in coefficients.items():
        if name not in VARIABLES:
            errors.append(_("coefficients.%(name)s: unknown variable (see docs/pmt.md).") % {"name": name})
        elif not isinstance(by_zone, dict) or any(not _number(by_zone.get(zone)) for zone in ZONES):
            errors.append(_("coefficients.%(name)s: give a number for urban and for rural.") % {"name": name})
    adjustment = definition.get("region_adjustment", {})
    known = set(Region.objects.values_list("code", flat=True))
    if not isinstance(adjustment, dict):
        errors.append(_("region_adjustment: an object of region codes and numbers."))
    else:
        for code, value in adjustment.items():
            if code not in known or not _number(value):
                errors.append(_("region_adjustment.%(code)s: unknown region or not a number.") % {"code": code})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def model_import(*, acting_user: User | None, definition: Any) -> PmtModel:
    """Store a new version (the next number); versions already imported never change. `definition` is the
    parsed JSON file, checked by `validate_definition`; `acting_user` None: the command line."""
    from jisr.core import audit
    from jisr.core.models import AuditLog

    validate_definition(definition)
    last = PmtModel.objects.select_for_update().order_by("-version").values_list("version", flat=True).first()
    model = PmtModel.objects.create(version=(last or 0) + 1, title=str(definition["title"]).strip(),
                                    illustrative=bool(definition.get("illustrative", True)), definition=definition,
                                    imported_by=acting_user)  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.IMPORT, obj=model, changes={"version": model.version})
    return model


def index_expression(definition: dict[str, Any]) -> Expression:
    """The SQL expression of the predicted log consumption per capita."""

    def zone_sum(zone: str) -> Expression:
        total: Any = Value(float(definition["intercept"][zone]))
        for name, by_zone in definition["coefficients"].items():
            total = total + Value(float(by_zone[zone])) * VARIABLES[name][1]()
        return total

    by_zone = Case(When(area="urban", then=zone_sum("urban")), default=zone_sum("rural"), output_field=FloatField())
    adjustment = definition.get("region_adjustment") or {}
    if not adjustment:
        return by_zone
    by_region = Case(*[When(region_code=code, then=Value(float(v))) for code, v in adjustment.items()],
                     default=Value(0.0), output_field=FloatField())  # fmt: skip
    return by_zone + by_region


@transaction.atomic
def score_all(model: PmtModel, households: QuerySet[RegistryHousehold] | None = None) -> int:
    """Score every household (or the given queryset) with this model version, in one UPDATE."""
    queryset = households if households is not None else RegistryHousehold.objects.all()
    scored = queryset.update(pmt_index=index_expression(model.definition), pmt_version=model.version,
                             pmt_scored_at=timezone.now())  # fmt: skip
    maplayers.request_refresh("scoring")  # eligibility follows the scores: the map's figures change
    return scored


def tidy_after_rescoring() -> None:
    """PostgreSQL: VACUUM and ANALYZE the registry after every household was rewritten, so that the old
    row versions are reclaimed, the planner sees the new index distribution, and the pages' hint bits are
    set here rather than by the first preview (measured at 5 M households: with ANALYZE alone the first
    preview took 1.1 s, after VACUUM 0.6–0.7 s; the VACUUM costs about 4 s more than ANALYZE alone).

    VACUUM cannot run inside a transaction: within one (tests, an atomic block) only ANALYZE runs."""
    if connection.vendor != "postgresql":
        return
    table = RegistryHousehold._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {table}")


def index_of(definition: dict[str, Any], household: RegistryHousehold) -> float:
    """The same index computed in Python for one household (to check the SQL, and for a household's page)."""
    h = household
    size = float(h.size)
    values = {
        "log_size": math.log(min(h.size, 30)),
        "dependency_ratio": (h.children_under_15 + h.elderly_over_60) / size,
        "rooms_per_person": h.rooms / size,
        "head_schooling_years": float(h.head_schooling_years),
        "head_female": float(h.head_sex == "F"),
        "head_employed": float(h.head_employed),
        "disability_share": h.members_with_disability / size,
        "owner": float(h.occupancy == "owner"),
        "housing_shanty": float(h.housing == "shanty"),
        "housing_villa_apartment": float(h.housing in ("villa", "apartment")),
        "water_piped": float(h.water == "piped"),
        "electricity": float(h.electricity),
        "sanitation_sewer": float(h.sanitation == "sewer"),
        "has_fridge": float(h.has_fridge),
        "has_tv": float(h.has_tv),
        "has_car": float(h.has_car),
        "has_computer": float(h.has_computer),
        "utilities_per_person_100": float(h.water_spending + h.electricity_spending + h.phone_spending) / size / 100,
    }
    zone = "urban" if h.area == "urban" else "rural"
    total = float(definition["intercept"][zone])
    total += sum(float(c[zone]) * values[name] for name, c in definition["coefficients"].items())
    return total + float((definition.get("region_adjustment") or {}).get(h.region_code, 0.0))
