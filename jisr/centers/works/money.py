"""What the rehabilitation programme's centers cost: read from the ledger that keeps the money, never kept here.

The works records hold each center's budget; what was committed, disbursed and spent is recorded once, in
the partnerships' conventions (commitments, disbursements, expenditures). The app that keeps that ledger
registers a source in its `AppConfig.ready()`::

    from jisr.centers.works.money import CenterMoney, register_money_source

    def rehabilitation_money(center_ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, CenterMoney]:
        ...  # one query over the ledger, grouped by center

    register_money_source("partnerships", rehabilitation_money)

The programme page sums what every registered source returns for the centers it shows; with no source it
shows the works records' budgets and says that no spending is recorded. A source's amounts are exact
`Decimal`s in MAD; a center it has nothing for is simply absent from its answer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CenterMoney:
    """A center's money as a ledger reports it, in MAD: planned budget, committed, disbursed (paid), spent."""

    budget: Decimal = ZERO
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO

    def __post_init__(self) -> None:
        for name in ("budget", "committed", "disbursed", "spent"):
            if not isinstance(getattr(self, name), Decimal):
                raise TypeError(f"CenterMoney.{name} must be a Decimal (money is never a float)")

    def __add__(self, other: CenterMoney) -> CenterMoney:
        return CenterMoney(
            budget=self.budget + other.budget,
            committed=self.committed + other.committed,
            disbursed=self.disbursed + other.disbursed,
            spent=self.spent + other.spent,
        )


MoneySource = Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, CenterMoney]]
_sources: dict[str, MoneySource] = {}


def register_money_source(name: str, source: MoneySource) -> None:
    """Register (or replace, under the same name) a source of the centers' money."""
    _sources[name] = source


def unregister_money_source(name: str) -> None:
    """Forget a source (tests)."""
    _sources.pop(name, None)


def has_money_source() -> bool:
    """Whether any ledger reports the programme's money."""
    return bool(_sources)


def money_by_center(center_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, CenterMoney]:
    """What every registered source reports for `center_ids`, summed per center (absent: nothing recorded)."""
    wanted = set(center_ids)
    totals: dict[uuid.UUID, CenterMoney] = {}
    for source in list(_sources.values()):
        for center_id, money in source(list(center_ids)).items():
            if center_id in wanted:
                totals[center_id] = totals.get(center_id, CenterMoney()) + money
    return totals


def money_total(center_ids: Sequence[uuid.UUID]) -> CenterMoney:
    """The sum over `center_ids` of what the sources report."""
    total = CenterMoney()
    for money in money_by_center(center_ids).values():
        total = total + money
    return total


# --- Links to the projects that carry a center's money ---------------------------------------------------------


@dataclass(frozen=True)
class LinkedProject:
    """A project of the ledger linked to a center, as its keeper names it and where it is shown."""

    label: str
    url: str


ProjectLinks = Callable[[Any, uuid.UUID], Sequence[LinkedProject]]
_project_links: dict[str, ProjectLinks] = {}


def register_project_links(name: str, source: ProjectLinks) -> None:
    """Register (or replace) a source of links to the projects of a center that a reader may open.

    `source(user, center_id)` answers only what `user` may see (their own scope rules): the works page shows
    these links as they come, and nothing when no source is registered.
    """
    _project_links[name] = source


def unregister_project_links(name: str) -> None:
    """Forget a source of links (tests)."""
    _project_links.pop(name, None)


def project_links(user: Any, center_id: uuid.UUID) -> list[LinkedProject]:
    """The links every registered source gives `user` for the center."""
    return [link for source in list(_project_links.values()) for link in source(user, center_id)]
