"""What the convention page and the figures page show, gathered from the selectors and the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jisr.partnerships import figures, selectors
from jisr.partnerships.models import Convention, Earmark, Party, Transaction
from jisr.territories.models import Province, Region

RECENT_ENTRIES = 100


@dataclass
class PartyRow:
    party: Party
    committed: Decimal
    disbursed: Decimal
    received: Decimal
    spent: Decimal


@dataclass
class EarmarkRow:
    earmark: Any
    spent: Decimal
    remaining: Decimal
    rate: Decimal | None


@dataclass
class Breakdown:
    dimension: str
    year: int | None
    rows: list[figures.Money] = field(default_factory=list)
    total: figures.Money = field(default_factory=figures.Money)


def territory_names() -> dict[str, str]:
    names = {region.code: region.name for region in Region.objects.all()}
    names.update({province.code: province.name for province in Province.objects.all()})
    return names


def convention_report(user: Any, convention: Convention) -> dict[str, Any]:
    """The convention page's context: parties and their money, territories, projects, earmarks, entries."""
    per_party = figures.per_party(convention.pk)
    zero = Decimal("0.00")
    parties = [PartyRow(party, **per_party.get(party.pk, {"committed": zero, "disbursed": zero, "received": zero,
                                                          "spent": zero}))
               for party in convention.parties.all()]  # fmt: skip
    earmarks = list(selectors.earmarks_of(convention))
    spent = figures.earmark_spent(earmark.pk for earmark in earmarks)
    earmark_rows = [
        EarmarkRow(
            earmark,
            spent.get(earmark.pk, zero),
            earmark.amount - spent.get(earmark.pk, zero),
            figures._rate(spent.get(earmark.pk, zero), earmark.amount),
        )
        for earmark in earmarks
    ]
    by_project = figures.by("project", convention_ids=[convention.pk])
    by_year = figures.by("year", convention_ids=[convention.pk])
    budgets = {budget.year: budget.amount for budget in convention.budgets.all()}
    years = sorted(set(by_year) | set(budgets))
    entries = list(selectors.transactions(user, convention_id=convention.pk)[:RECENT_ENTRIES])
    reversed_ids = {entry.reverses_id for entry in entries if entry.reverses_id}
    reversed_ids |= set(Transaction.objects.filter(reverses__in=entries).values_list("reverses_id", flat=True))
    names = territory_names()
    return {
        "convention": convention,
        "parties": parties,
        "coverages": [(coverage, names.get(coverage.code, coverage.code)) for coverage in convention.coverages.all()],
        "projects": [(project, by_project.get(project.pk, figures.Money())) for project in convention.projects.all()],
        "earmarks": earmark_rows,
        "money": figures.of_convention(convention.pk),
        "pending": figures.pending_total([convention.pk]),
        "years": [(year, budgets.get(year), by_year.get(year, figures.Money())) for year in years],
        "entries": entries,
        "reversed_ids": reversed_ids,
        "can_record": selectors.may(user, selectors.RECORD, convention),
        "can_change": selectors.may(user, selectors.CHANGE, convention),
        "can_validate": selectors.may(user, selectors.VALIDATE, convention),
        "four_eyes": settings.JISR_PARTNERSHIPS_FOUR_EYES_MAD,
    }


LABELS = {"region": Region, "province": Province}


def breakdown(user: Any, dimension: str, year: int | None, region: str | None = None) -> Breakdown:
    """Committed, disbursed, spent per `dimension` over the conventions the user may see."""
    selectors.require_view(user)
    if dimension not in figures.DIMENSIONS:
        dimension = "region"
    money = figures.by(dimension, convention_ids=selectors.convention_ids(user), year=year, region=region)
    labels = _labels(dimension, list(money))
    rows = sorted(money.values(), key=lambda row: (-row.committed, str(row.key)))
    total = figures.Money(label="total")
    for row in rows:
        row.label = labels.get(row.key, str(row.key))
        total.committed += row.committed
        total.disbursed += row.disbursed
        total.spent += row.spent
    return Breakdown(dimension=dimension, year=year, rows=rows, total=total)


def _labels(dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension in ("region", "province"):
        return territory_names()
    if dimension == "party":
        return {organization.pk: organization.name for organization in selectors.organizations().filter(pk__in=keys)}
    if dimension == "pillar":
        return {pillar.pk: pillar.name for pillar in selectors.pillars().filter(pk__in=keys)}
    if dimension == "convention":
        return {convention.pk: f"{convention.number} — {convention.title}"
                for convention in Convention.objects.filter(pk__in=keys)}  # fmt: skip
    if dimension == "project":
        return {project.pk: f"{project.code} — {project.title}"
                for project in selectors.Project.objects.filter(pk__in=keys)}  # fmt: skip
    return {key: str(key) for key in keys}


def figures_report(user: Any, dimension: str, year_text: str) -> dict[str, Any]:
    try:
        year: int | None = int(year_text)
    except ValueError:
        year = None
    result = breakdown(user, dimension, year)
    dimensions = [("region", _("region")), ("province", _("province or prefecture")), ("party", _("party")),
                  ("pillar", _("strategy pillar")), ("year", _("year")), ("convention", _("convention")),
                  ("project", _("project"))]  # fmt: skip
    return {"breakdown": result, "dimensions": dimensions, "year": year, "years": list(range(2020, 2031)),
            "earmarks": earmark_figures(user)}  # fmt: skip


def earmark_figures(user: Any) -> list[figures.EarmarkFigure]:
    """The earmarks of the conventions the user may see, per target group or use, labelled."""
    selectors.require_view(user)
    rows = figures.earmarks_by_target(selectors.convention_ids(user))
    for row in rows:
        row.label = str(Earmark.Target(row.key).label) if row.key in Earmark.Target.values else str(row.key)
    return rows


def earmark_list(user: Any, convention_id: Any = None) -> list[tuple[Earmark, figures.EarmarkFigure]]:
    """Each earmark the user may see with what was spent against it and what remains."""
    selectors.require_view(user)
    found = (
        figures.live_earmarks(selectors.convention_ids(user))
        .select_related(
            "commitment__convention",
            "commitment__party__organization",
        )
        .order_by("commitment__convention__number", "pk")
    )
    if convention_id is not None:
        found = found.filter(commitment__convention_id=convention_id)
    earmarks = list(found[:1000])
    spent = figures.earmark_spent(earmark.pk for earmark in earmarks)
    return [(earmark, figures.EarmarkFigure(key=earmark.pk, earmarked=earmark.amount,
                                            spent=spent.get(earmark.pk, Decimal("0.00"))))
            for earmark in earmarks]  # fmt: skip


def list_money(user: Any, convention_keys: list[Any]) -> dict[str, Any]:
    """The money of the conventions list: for a regional reader, the part of each convention (and of the total)
    that falls in their region(s) by the declared shares; for anyone else, whole conventions."""
    regions = selectors.regions_of_view(user)
    visible = selectors.convention_ids(user)
    if regions is None:
        return {"money": figures.by("convention", only=convention_keys),
                "totals": figures.totals(convention_ids=visible), "regions": [], "region_names": []}  # fmt: skip
    money: dict[Any, figures.Money] = {}
    total = figures.Money()
    for region in regions:
        for key, part in figures.by("convention", only=convention_keys, convention_ids=visible, region=region).items():
            into = money.setdefault(key, figures.Money(key=key))
            into.committed += part.committed
            into.disbursed += part.disbursed
            into.spent += part.spent
        for part in figures.by("region", convention_ids=visible, region=region).values():
            total.committed += part.committed
            total.disbursed += part.disbursed
            total.spent += part.spent
    names = territory_names()
    return {"money": money, "totals": total, "regions": regions,
            "region_names": [names.get(region, region) for region in regions]}  # fmt: skip
