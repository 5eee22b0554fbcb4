"""The money's figures: committed, disbursed, spent, execution rates and what remains, per convention,
project, party, territory, pillar and year — set-based sums in the database, exact in centimes.

Only validated entries count (an entry awaiting its second validation is shown apart). A reversal is an
entry of the opposite sign, so that sums are always the net amounts. A territory's figures split each
entry by the declared shares: an entry of a project that declares its own territories by the project's
shares, any other by its convention's. The sums are grouped by share in SQL and multiplied in Python with
Decimal, so that no product of amount and share can overflow a 64-bit sum and nothing is rounded twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum

from jisr.partnerships.models import CENTS, FULL_SHARE, Coverage, Earmark, Total, Transaction

COMMITMENT, DISBURSEMENT, EXPENDITURE = (Transaction.Kind.COMMITMENT, Transaction.Kind.DISBURSEMENT,
                                         Transaction.Kind.EXPENDITURE)  # fmt: skip
MONEY_KINDS = (COMMITMENT, DISBURSEMENT, EXPENDITURE)
CENT = Decimal("0.01")
DIMENSIONS = ("convention", "project", "party", "region", "province", "pillar", "year")


@dataclass
class Money:
    """Committed, disbursed and spent (MAD), with the rates and what remains."""

    key: Any = None
    label: str = ""
    committed: Decimal = Decimal("0.00")
    disbursed: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")

    def add(self, kind: int, amount: Decimal) -> None:
        if kind == COMMITMENT:
            self.committed += amount
        elif kind == DISBURSEMENT:
            self.disbursed += amount
        elif kind == EXPENDITURE:
            self.spent += amount

    @property
    def disbursement_rate(self) -> Decimal | None:
        return _rate(self.disbursed, self.committed)

    @property
    def execution_rate(self) -> Decimal | None:
        """Spent over committed, in % (None when nothing is committed)."""
        return _rate(self.spent, self.committed)

    @property
    def remaining(self) -> Decimal:
        """Committed and not yet spent."""
        return self.committed - self.spent

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "committed": self.committed, "disbursed": self.disbursed,
                "spent": self.spent, "disbursement_rate": self.disbursement_rate,
                "execution_rate": self.execution_rate, "remaining": self.remaining}  # fmt: skip


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cents_to_mad(cents: int | Decimal) -> Decimal:
    return (Decimal(cents) / CENTS).quantize(CENT, rounding=ROUND_HALF_UP)


def counted(queryset: QuerySet[Transaction] | None = None) -> QuerySet[Transaction]:
    """The entries that count in the figures: validated commitments, disbursements and expenditures."""
    base = queryset if queryset is not None else Transaction.objects.all()
    return base.filter(status=Transaction.Status.VALIDATED, kind__in=MONEY_KINDS)


def _restrict(queryset: QuerySet[Any], convention_ids: Any, year: int | None) -> QuerySet[Any]:
    if convention_ids is not None:
        queryset = queryset.filter(convention_id__in=convention_ids)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset


# The dimensions read from the roll-up (`Total`); "party" is read from the ledger itself.
_PLAIN = {
    "convention": "convention_id",
    "project": "project_id",
    "pillar": "convention__pillars",
    "year": "year",
}


def by(dimension: str, *, convention_ids: Any = None, year: int | None = None, region: str | None = None,
       only: Iterable[Any] | None = None) -> dict[Any, Money]:  # fmt: skip
    """The figures per `dimension` (one of DIMENSIONS) over the given conventions (None: all) and year.

    `region` limits any breakdown to that region's part of the money, through the shares.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    result: dict[Any, Money] = defaultdict(Money)
    if dimension == "party" and region is None:
        queryset = _restrict(counted(), convention_ids, year)
        if only is not None:
            queryset = queryset.filter(party__organization_id__in=list(only))
        rows = queryset.values("party__organization_id", "kind").annotate(total=Sum("amount_cents")).order_by()
        for row in rows:
            result[row["party__organization_id"]].add(row["kind"], cents_to_mad(row["total"]))
    elif dimension in _PLAIN and region is None:
        field = _PLAIN[dimension]
        totals_rows = _restrict(Total.objects.all(), convention_ids, year)
        if only is not None:
            totals_rows = totals_rows.filter(**{f"{field}__in": list(only)})
        for row in totals_rows.values(field, "kind").annotate(total=Sum("amount_cents")).order_by():
            if row[field] is not None:
                result[row[field]].add(row["kind"], cents_to_mad(row["total"]))
    else:
        for key, kind, share, cents in split_by_territory(dimension, convention_ids=convention_ids, year=year,
                                                          region=region, only=only):  # fmt: skip
            result[key].add(kind, cents_to_mad(Decimal(cents) * share / FULL_SHARE))
    for key, money in result.items():
        money.key = key
    return dict(result)


def split_by_territory(dimension: str, *, convention_ids: Any = None, year: int | None = None,
                       region: str | None = None, only: Iterable[Any] | None = None,
                       ) -> list[tuple[Any, int, int, int]]:  # fmt: skip
    """(key, kind, share, cents) rows: the roll-up's sums per territory share, by convention or project coverage.

    The key is the region or province code for those dimensions, else the dimension's value (the money of
    `region` only, through the shares). Party figures within a region read the ledger itself."""
    territory_field = {"region": "region_code", "province": "province_code"}.get(dimension)
    source = "transactions" if dimension == "party" else "totals"
    field = "party__organization_id" if dimension == "party" else _PLAIN.get(dimension)
    rows: list[tuple[Any, int, int, int]] = []
    sides = (
        (f"convention__{source}", Q(project__isnull=True),
         Q(**{f"convention__{source}__project__isnull": True})
         | Q(**{f"convention__{source}__project__own_coverage": False})),
        (f"project__{source}", Q(project__isnull=False), Q()),
    )  # fmt: skip
    for path, coverage_filter, entry_filter in sides:
        coverage = Coverage.objects.filter(coverage_filter)
        if territory_field:
            coverage = coverage.filter(**{f"{territory_field}__isnull": False})
        if region is not None:
            coverage = coverage.filter(region_code=region)
        if convention_ids is not None:
            coverage = coverage.filter(convention_id__in=convention_ids)
        condition = entry_filter & Q(**{f"{path}__kind__in": MONEY_KINDS})
        if source == "transactions":
            condition &= Q(**{f"{path}__status": Transaction.Status.VALIDATED})
        if year is not None:
            condition &= Q(**{f"{path}__year": year})
        key_field = territory_field or f"{path}__{field}"
        if only is not None:
            condition &= Q(**{f"{key_field}__in": list(only)})
        queryset = coverage.filter(condition).values(key_field, "share", f"{path}__kind")
        for row in queryset.annotate(total=Sum(f"{path}__amount_cents")).order_by():
            if row[key_field] is not None and row["total"] is not None:
                rows.append((row[key_field], row[f"{path}__kind"], row["share"], row["total"]))
    return rows


def totals(*, convention_ids: Any = None, year: int | None = None) -> Money:
    """The figures over all the given conventions."""
    money = Money()
    queryset = _restrict(Total.objects.all(), convention_ids, year)
    for row in queryset.values("kind").annotate(total=Sum("amount_cents")).order_by():
        money.add(row["kind"], cents_to_mad(row["total"]))
    return money


def of_convention(convention_id: Any) -> Money:
    return totals(convention_ids=[convention_id])


def rebuild_totals(convention_ids: Any = None) -> int:
    """Recompute the roll-up from the ledger (after a bulk load: the demo, a benchmark); how many rows."""
    with transaction.atomic():
        stale = (
            Total.objects.all() if convention_ids is None else Total.objects.filter(convention_id__in=convention_ids)
        )
        stale.delete()
        entries = counted() if convention_ids is None else counted().filter(convention_id__in=convention_ids)
        rows = entries.values("convention_id", "project_id", "kind", "year").annotate(total=Sum("amount_cents"))
        built = [Total(convention_id=row["convention_id"], project_id=row["project_id"], kind=row["kind"],
                       year=row["year"], amount_cents=row["total"]) for row in rows.order_by()]  # fmt: skip
        created = Total.objects.bulk_create(built, batch_size=5000)
    return len(created)


def pending_total(convention_ids: Any = None) -> Decimal:
    queryset = Transaction.objects.filter(status=Transaction.Status.PENDING)
    if convention_ids is not None:
        queryset = queryset.filter(convention_id__in=convention_ids)
    return cents_to_mad(queryset.aggregate(total=Sum("amount_cents"))["total"] or 0)


def per_party(convention_id: Any) -> dict[int, dict[str, Decimal]]:
    """Per party of a convention: committed, disbursed (paid out), received, spent."""
    out: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"committed": Decimal("0.00"), "disbursed": Decimal(
        "0.00"), "received": Decimal("0.00"), "spent": Decimal("0.00")})  # fmt: skip
    entries = counted().filter(convention_id=convention_id)
    names = {COMMITMENT: "committed", DISBURSEMENT: "disbursed", EXPENDITURE: "spent"}
    for row in entries.values("party_id", "kind").annotate(total=Sum("amount_cents")).order_by():
        out[row["party_id"]][names[row["kind"]]] += cents_to_mad(row["total"])
    received = entries.filter(kind=DISBURSEMENT, receiver__isnull=False)
    for row in received.values("receiver_id").annotate(total=Sum("amount_cents")).order_by():
        out[row["receiver_id"]]["received"] += cents_to_mad(row["total"])
    return dict(out)


def earmark_spent(earmark_ids: Iterable[int]) -> dict[int, Decimal]:
    """What was spent (validated and awaiting validation) against each earmark."""
    rows = (Transaction.objects.filter(earmark_id__in=list(earmark_ids), kind=EXPENDITURE)
            .exclude(status=Transaction.Status.REJECTED)
            .values("earmark_id").annotate(total=Sum("amount_cents")).order_by())  # fmt: skip
    return {row["earmark_id"]: cents_to_mad(row["total"]) for row in rows}


@dataclass
class EarmarkFigure:
    """What is earmarked for a target group or use, what was spent against it, and what remains."""

    key: Any  # the target, or the earmark's id
    earmarked: Decimal
    spent: Decimal
    label: str = ""

    @property
    def remaining(self) -> Decimal:
        return self.earmarked - self.spent

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.spent, self.earmarked)

    def as_dict(self) -> dict[str, Any]:
        return {"earmarked": self.earmarked, "spent": self.spent, "remaining": self.remaining, "rate": self.rate}


def live_earmarks(convention_ids: Any = None) -> QuerySet[Earmark]:
    """The earmarks of the given conventions (None: all) whose commitment was not reversed."""
    found = Earmark.objects.filter(commitment__reversed_by__isnull=True)
    if convention_ids is not None:
        found = found.filter(commitment__convention_id__in=convention_ids)
    return found


def earmarks_by_target(convention_ids: Any = None) -> list[EarmarkFigure]:
    """Per target group or use: earmarked, spent against the earmarks (validated or awaiting validation, net of
    reversals), remaining; all years (an earmark has no year)."""
    earmarks = live_earmarks(convention_ids)
    amounts = {row["target"]: cents_to_mad(row["total"])
               for row in earmarks.values("target").annotate(total=Sum("amount_cents")).order_by()}  # fmt: skip
    spent = {row["earmark__target"]: cents_to_mad(row["total"]) for row in (
        Transaction.objects.filter(earmark__in=earmarks, kind=EXPENDITURE).exclude(status=Transaction.Status.REJECTED)
        .values("earmark__target").annotate(total=Sum("amount_cents")).order_by())}  # fmt: skip
    return [EarmarkFigure(key=target, earmarked=amount, spent=spent.get(target, CENT * 0))
            for target, amount in sorted(amounts.items(), key=lambda item: -item[1])]  # fmt: skip
