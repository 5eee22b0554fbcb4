"""Complementary suppression (`jisr.core.disclosure`): cells hidden and time, on random two-way tables
with row, column and grand totals, and on a hierarchy the size of Morocco's (no database needed).

    .venv/bin/python -m bench.suppression
"""

from __future__ import annotations

import random
import time
from collections.abc import Hashable

from jisr.core.disclosure import SMALL_COUNT, Sum, suppress, two_way_sums

TOTAL = "total"


def two_way(table: list[list[int]]) -> tuple[dict[Hashable, int], list[Sum[tuple[Hashable, Hashable]]]]:
    rows, columns = range(len(table)), range(len(table[0]))
    values: dict[Hashable, int] = {(r, c): table[r][c] for r in rows for c in columns}
    values.update({(r, TOTAL): sum(table[r]) for r in rows})
    values.update({(TOTAL, c): sum(table[r][c] for r in rows) for c in columns})
    values[(TOTAL, TOTAL)] = sum(map(sum, table))
    return values, two_way_sums(list(rows), list(columns), row_total=TOTAL, column_total=TOTAL)


def random_tables(count: int = 2000, seed: int = 11) -> None:
    generator = random.Random(seed)
    primary = hidden = lost = 0
    elapsed = 0.0
    for _index in range(count):
        width, height = generator.randint(2, 7), generator.randint(2, 8)
        table = [[generator.choice([generator.randint(0, 6), generator.randint(0, 60)]) for _c in range(width)]
                 for _r in range(height)]  # fmt: skip
        values, sums = two_way(table)
        started = time.perf_counter()
        cells = suppress(values, sums)  # type: ignore[arg-type]
        elapsed += time.perf_counter() - started
        small = {cell for cell, value in values.items() if 0 < value < SMALL_COUNT}
        primary, hidden, lost = primary + len(small), hidden + len(cells), lost + sum(values[c] for c in cells - small)
    print(f"{count} two-way tables: {primary / count:.1f} small cells, {hidden / count:.1f} hidden in all, "
          f"complements worth {lost / count:.0f} counts, {elapsed / count * 1000:.2f} ms a table")  # fmt: skip


def hierarchy(seed: int = 3) -> None:
    generator = random.Random(seed)
    values: dict[Hashable, int] = {}
    sums: list[Sum[Hashable]] = []
    regions = []
    for region in range(12):
        provinces = []
        for province in range(6):
            communes = [("commune", region, province, commune) for commune in range(21)]
            values.update({code: generator.choice([0, 0, 1, 2, 3, 4, 7, 12, 30, 100]) for code in communes})
            values[("province", region, province)] = sum(values[code] for code in communes)
            sums.append(Sum(("province", region, province), tuple(communes)))
            provinces.append(("province", region, province))
        values[("region", region)] = sum(values[code] for code in provinces)
        sums.append(Sum(("region", region), tuple(provinces)))
        regions.append(("region", region))
    values["MA"] = sum(values[code] for code in regions)
    sums.append(Sum("MA", tuple(regions)))
    started = time.perf_counter()
    cells = suppress(values, sums)
    elapsed = time.perf_counter() - started
    print(f"hierarchy of {len(values)} territories: {len(cells)} hidden, {elapsed * 1000:.1f} ms")


if __name__ == "__main__":
    random_tables()
    hierarchy()
