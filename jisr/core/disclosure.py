"""Statistical disclosure control of published counts: primary and complementary (secondary) suppression.

A count under `SMALL_COUNT` (but not 0) may point at a person, so it is hidden from the roles that
see aggregates only (*primary* suppression). Hiding it is not enough when the table also publishes
totals: Agadir's 60 open cases minus its published stages (8 + 14 + 9 + 18 + 8) gives back the hidden
3. So other cells are hidden too (*complementary* suppression) until no hidden cell can be worked out
from the published numbers.

A table is described as `values` (cell key → count) and `sums` (`Sum(total, parts)`: the total cell
equals the sum of the part cells, one per row, column or level of a hierarchy). The rules, applied
until nothing changes:

1. every `sum` with hidden cells has at least two of them (one alone is its total minus the rest);
2. when its total is published, the hidden parts of a `sum` add up to at least `SMALL_COUNT` and to
   more than their number (their sum is published by subtraction: it must not be a small count,
   nor say "each of them is 1");
3. no hidden cell is fixed by a combination of sums (the audit below): two 2×2 blocks of hidden cells
   joined by one hidden cell in a shared row and column give that cell back by adding two rows and
   subtracting two columns, although every line has two hidden cells.

The complement chosen is the smallest non-zero published cell of the line (least information lost),
then the line's total, then a zero.

The audit is exact for the tables Jisr publishes — two-way tables with row and column totals, and
hierarchies (nation = regions, region = provinces, province = communes) — where each cell lies in at
most two sums: seen as a graph whose nodes are the sums (plus one "free" node for the cells of a
single sum) and whose edges are the hidden cells, a hidden cell can be worked out exactly when its
edge is a bridge (it lies on no cycle; a cycle is a way to add and subtract the same amount around
the hidden cells without changing any published total). A table with a cell in three sums is refused.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

SMALL_COUNT = 5

Key = TypeVar("Key", bound=Hashable)
FREE = -1  # the graph node of the cells that lie in a single sum (a grand total, a leaf of a hierarchy)


@dataclass(frozen=True)
class Sum(Generic[Key]):
    """A published equation: `total` = the sum of `parts` (cell keys of the same table)."""

    total: Key
    parts: tuple[Key, ...]

    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def suppress(
    values: Mapping[Key, int], sums: Sequence[Sum[Key]] = (), *, threshold: int = SMALL_COUNT
) -> frozenset[Key]:
    """The keys of the cells to hide: the small counts (0 < count < threshold) and their complements.

    Pure: it reads `values` and `sums` only. Raises ValueError when a sum names a cell missing from
    `values` or a cell lies in more than two sums (the audit would not be exact).
    """
    membership = _membership(values, sums)
    hidden: set[Key] = {key for key, count in values.items() if 0 < count < threshold}
    pending = deque(range(len(sums)))  # the lines to check; a line is checked again when one of its cells is hidden
    queued = set(pending)

    def hide(cell: Key) -> None:
        hidden.add(cell)
        for index in membership.get(cell, []):
            if index not in queued:
                pending.append(index)
                queued.add(index)

    while True:
        while pending:
            index = pending.popleft()
            queued.discard(index)
            if _line_gives_away(sums[index], values, hidden, threshold):
                complement = _complement([index], sums, values, hidden, membership)
                if complement is not None:  # None: every cell of the line is hidden already
                    hide(complement)
        exposed = _worked_out(hidden, membership)
        if not exposed:
            return frozenset(hidden)
        complement = _complement(membership[exposed[0]], sums, values, hidden, membership)
        if complement is None:
            complement = _complement(_component_lines(exposed[0], hidden, sums, membership), sums, values, hidden,
                                     membership)  # fmt: skip
        if complement is None:
            return frozenset(hidden)
        hide(complement)


def published(values: Mapping[Key, int], hidden: Iterable[Key]) -> dict[Key, int | None]:
    """The values with the hidden cells replaced by None (what a page, the API or an export may show)."""
    hidden = set(hidden)
    return {key: (None if key in hidden else count) for key, count in values.items()}


def two_way_sums(
    rows: Sequence[Hashable], columns: Sequence[Hashable], *, row_total: Hashable | None, column_total: Hashable | None
) -> list[Sum[tuple[Hashable, Hashable]]]:
    """The sums of a two-way table whose cells are keyed (row, column).

    `row_total` names the column that holds each row's total (None: rows have no published total);
    `column_total` names the row that holds each column's total (None: no totals row). Rows and
    columns listed are the parts; the total row/column must not be listed among them.
    """
    sums: list[Sum[tuple[Hashable, Hashable]]] = []
    if row_total is not None:
        for row in [*rows, *([column_total] if column_total is not None else [])]:
            sums.append(Sum((row, row_total), tuple((row, column) for column in columns)))
    if column_total is not None:
        for column in [*columns, *([row_total] if row_total is not None else [])]:
            sums.append(Sum((column_total, column), tuple((row, column) for row in rows)))
    return sums


def hierarchy_sums(parents: Mapping[str, tuple[str, str]], nation: str = "MA") -> list[Sum[tuple[str, str]]]:
    """The sums of Morocco's hierarchy — nation = regions, region = provinces, province = communes — over
    cells keyed (level, code), from each commune's (province, region)."""
    provinces_of: dict[str, set[str]] = defaultdict(set)
    communes_of: dict[str, set[str]] = defaultdict(set)
    for commune, (province, region) in parents.items():
        provinces_of[region].add(province)
        communes_of[province].add(commune)
    sums = [Sum(("nation", nation), tuple(("region", region) for region in sorted(provinces_of)))]
    for region, provinces in sorted(provinces_of.items()):
        sums.append(Sum(("region", region), tuple(("province", code) for code in sorted(provinces))))
    for province, communes in sorted(communes_of.items()):
        sums.append(Sum(("province", province), tuple(("commune", code) for code in sorted(communes))))
    return sums


def _membership(values: Mapping[Key, int], sums: Sequence[Sum[Key]]) -> dict[Key, list[int]]:
    membership: dict[Key, list[int]] = defaultdict(list)
    for index, line in enumerate(sums):
        for cell in line.cells():
            if cell not in values:
                raise ValueError(f"sum {index} names {cell!r}, which has no value")
            membership[cell].append(index)
            if len(membership[cell]) > 2:
                raise ValueError(f"{cell!r} lies in more than two sums")
    return membership


def _line_gives_away(line: Sum[Key], values: Mapping[Key, int], hidden: set[Key], threshold: int) -> bool:
    """Whether the published cells of this one line give a hidden cell, or a small hidden sum, away."""
    hidden_cells = [cell for cell in line.cells() if cell in hidden]
    if not hidden_cells:
        return False
    if len(hidden_cells) == 1:
        return True
    if line.total in hidden:
        return False  # total and parts both unknown: only their difference is published
    hidden_sum = sum(values[cell] for cell in hidden_cells)
    return hidden_sum < threshold or hidden_sum == len(hidden_cells)


def _complement(
    lines: Iterable[int],
    sums: Sequence[Sum[Key]],
    values: Mapping[Key, int],
    hidden: set[Key],
    membership: Mapping[Key, list[int]],
) -> Key | None:
    """The published cell of `lines` cheapest to hide; None when every cell of them is hidden already.

    Cheapest: a non-zero count before a zero (a hidden zero protects nothing by itself); then a cell
    whose other line already hides something (else that line would have one hidden cell alone, and
    the cascade goes on); then the smallest count (the least information lost)."""
    lines = set(lines)
    candidates = [cell for index in sorted(lines) for cell in sums[index].cells() if cell not in hidden]
    if not candidates:
        return None

    def starts_a_cascade(cell: Key) -> bool:
        others = [index for index in membership.get(cell, []) if index not in lines]
        return not all(any(other in hidden for other in sums[index].cells()) for index in others)

    def cost(cell: Key) -> tuple[bool, bool, int]:
        count = values[cell]
        return (count == 0, starts_a_cascade(cell), count)

    return min(dict.fromkeys(candidates), key=cost)


def _edges(hidden: set[Key], membership: Mapping[Key, list[int]]) -> list[tuple[Key, int, int]]:
    edges = []
    for cell in hidden:
        lines = membership.get(cell, [])
        if lines:
            edges.append((cell, lines[0], lines[1] if len(lines) == 2 else FREE))
    return edges


def _worked_out(hidden: set[Key], membership: Mapping[Key, list[int]]) -> list[Key]:
    """The hidden cells fixed by the published sums: the bridges of the graph (sums, hidden cells)."""
    edges = _edges(hidden, membership)
    adjacency: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for number, (_cell, first, second) in enumerate(edges):
        adjacency[first].append((second, number))
        adjacency[second].append((first, number))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: list[int] = []
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:  # iterative depth-first search (Tarjan's bridges; parallel edges allowed)
            node, via, neighbours = stack[-1]
            advanced = False
            for neighbour, number in neighbours:
                if number == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, number, iter(adjacency[neighbour])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.append(via)
    return sorted((edges[number][0] for number in bridges), key=repr)


def _component_lines(
    cell: Key, hidden: set[Key], sums: Sequence[Sum[Key]], membership: Mapping[Key, list[int]]
) -> set[int]:
    """The sums reachable from `cell` through hidden cells (the last place to look for a complement)."""
    seen: set[int] = set()
    frontier = list(membership.get(cell, []))
    while frontier:
        index = frontier.pop()
        if index not in seen:
            seen.add(index)
            frontier.extend(line for other in sums[index].cells() if other in hidden for line in membership[other])
    return seen
