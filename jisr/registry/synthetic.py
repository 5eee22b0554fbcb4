"""A realistic synthetic registry file, for demos, tests and benchmarks (`jisr registry generate`).

Households are spread over the communes in proportion to their 2024 census households; their
characteristics follow a hidden level of living (so that the proxy-means test has something to
find): poorer households are larger, rural more often, less schooled, less equipped. A few percent
of rows repeat a household id and about one percent carry an error of the kinds met in real files
(an unknown commune, an impossible date, a letter in a number, a missing id). Some numbers are
written in Arabic-Indic digits and some dates as `dd/mm/yyyy`, as in files from the field.

Vectorized with NumPy and written with Polars: about a million households in a few seconds.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

COLUMNS = [
    "household_id", "commune_code", "area", "size", "head_sex", "head_age", "head_schooling_years", "head_employed",
    "children_under_15", "elderly_over_60", "members_with_disability", "housing", "rooms", "occupancy", "water",
    "electricity", "sanitation", "has_fridge", "has_tv", "has_car", "has_computer", "water_spending",
    "electricity_spending", "phone_spending", "declared_on", "verified_on", "source",
]  # fmt: skip
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _communes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from jisr.territories.models import Commune

    rows = list(Commune.objects.order_by("code").values_list("code", "kind", "households_2024"))
    if not rows:
        raise ValueError("Load the territories first (jisr load_territories).")
    codes = np.array([r[0] for r in rows])
    rural = np.array([r[1] == "rural" for r in rows])
    weights = np.array([max(r[2], 1) for r in rows], dtype=float)
    return codes, rural, weights / weights.sum()


def generate(
    *, households: int, seed: int, duplicates: float = 0.02, errors: float = 0.01, first_id: int = 0
) -> pl.DataFrame:
    """The synthetic households, as strings exactly as they would be written to the file."""
    rng = np.random.default_rng(seed)
    codes, rural_communes, weights = _communes()
    n = households
    commune_index = rng.choice(len(codes), size=n, p=weights)
    rural = rural_communes[commune_index]
    wealth = rng.normal(0.0, 1.0, n) + np.where(rural, -0.6, 0.3)  # the hidden level of living
    size = np.clip(np.round(rng.normal(4.6 - 0.5 * wealth, 1.6)), 1, 15).astype(int)
    head_age = np.clip(np.round(rng.normal(48, 13, n)), 18, 95).astype(int)
    schooling = np.clip(np.round(rng.normal(5 + 3 * wealth, 3)), 0, 20).astype(int)
    children = np.minimum(np.clip(np.round(rng.normal(1.6 - 0.4 * wealth, 1.1)), 0, 10).astype(int), size - 1)
    elderly = np.minimum(rng.binomial(2, 0.18, n), size - children)
    disability = np.minimum(rng.binomial(1, 0.07, n) + rng.binomial(1, 0.02, n), size)
    housing_options = np.array(["villa", "apartment", "modern_house", "traditional_house", "rural_house", "shanty"])
    urban_housing = np.clip(np.round(2.6 - wealth * 1.1 + rng.normal(0, 0.8, n)), 0, 5).astype(int)
    housing = np.where(rural, np.where(wealth > 0.8, "modern_house", "rural_house"), housing_options[urban_housing])
    rooms = np.clip(np.round(rng.normal(2.8 + 0.8 * wealth, 1.0)), 1, 12).astype(int)
    occupancy = rng.choice(np.array(["owner", "tenant", "free", "other"]), n, p=[0.62, 0.26, 0.1, 0.02])
    water = np.where(rural & (wealth < 0.3), rng.choice(np.array(["public_tap", "well"]), n), "piped")
    electricity = (rng.random(n) < np.where(rural, 0.9, 0.995)).astype(int)
    sanitation = np.where(rural, np.where(wealth > 0.5, "septic", "none"), "sewer")
    shifts = {"has_fridge": 1.5, "has_tv": 2.2, "has_car": -1.6, "has_computer": -0.8}
    equipment = {name: (rng.random(n) < 1 / (1 + np.exp(-(wealth * 1.6 + shift)))).astype(int)
                 for name, shift in shifts.items()}  # fmt: skip
    spend = np.exp(rng.normal(0.25 * wealth, 0.35, (3, n)))
    water_spend, electricity_spend, phone_spend = (np.round(base * spend[i], 2) for i, base in enumerate((60, 120, 90)))
    start = datetime.date(2023, 1, 1).toordinal()
    declared = rng.integers(start, start + 900, n)
    verified = np.where(rng.random(n) < 0.4, declared + rng.integers(10, 200, n), 0)
    frame = pl.DataFrame({
        "household_id": [f"RSU{i:011d}" for i in range(first_id, first_id + n)],
        "commune_code": codes[commune_index], "area": np.where(rural, "rural", "urban"), "size": size,
        "head_sex": rng.choice(np.array(["M", "F"]), n, p=[0.83, 0.17]), "head_age": head_age,
        "head_schooling_years": schooling, "head_employed": (rng.random(n) < 0.45 + 0.15 * np.tanh(wealth)).astype(int),
        "children_under_15": children, "elderly_over_60": elderly, "members_with_disability": disability,
        "housing": housing, "rooms": rooms, "occupancy": occupancy, "water": water, "electricity": electricity,
        "sanitation": sanitation, **equipment, "water_spending": water_spend,
        "electricity_spending": electricity_spend, "phone_spending": phone_spend,
        "declared_on": [datetime.date.fromordinal(int(d)).isoformat() for d in declared],
        "verified_on": [datetime.date.fromordinal(int(d)).isoformat() if d else "" for d in verified],
        "source": rng.choice(np.array(["RSU", "field survey", "center"]), n, p=[0.8, 0.15, 0.05]),
    }).with_columns(pl.all().cast(pl.String))  # fmt: skip
    return _as_in_the_field(frame, rng, duplicates, errors)


def _as_in_the_field(frame: pl.DataFrame, rng: np.random.Generator, duplicates: float, errors: float) -> pl.DataFrame:
    """Arabic-Indic digits, French-style dates, repeated ids and a few errors, as real files have."""
    n = frame.height
    columns: dict[str, Any] = {name: frame[name].to_list() for name in frame.columns}
    for index in np.flatnonzero(rng.random(n) < 0.03):
        columns["size"][index] = columns["size"][index].translate(ARABIC_DIGITS)
        columns["rooms"][index] = columns["rooms"][index].translate(ARABIC_DIGITS)
    for index in np.flatnonzero(rng.random(n) < 0.3):
        year, month, day = columns["declared_on"][index].split("-")
        columns["declared_on"][index] = f"{day}/{month}/{year}"
    broken = np.flatnonzero(rng.random(n) < errors)
    kinds = rng.integers(0, 5, len(broken))
    for index, kind in zip(broken, kinds, strict=True):
        if kind == 0:
            columns["commune_code"][index] = "99.999.99.99"
        elif kind == 1:
            columns["declared_on"][index] = "31/02/2024"
        elif kind == 2:
            columns["rooms"][index] = "trois"
        elif kind == 3:
            columns["household_id"][index] = ""
        else:
            columns["head_sex"][index] = "X"
    result = pl.DataFrame(columns)
    repeated: Any = rng.choice(n, size=int(n * duplicates), replace=False) if n and duplicates else []
    if len(repeated):
        result = pl.concat([result, result[sorted(int(i) for i in repeated)]])
    return result


def write(frame: pl.DataFrame, path: Path) -> None:
    """CSV (UTF-8) or XLSX by the file's extension."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("households")
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        book.save(path)
    else:
        frame.write_csv(path)


CHUNK = 250_000


def write_file(path: Path, *, households: int, seed: int, duplicates: float = 0.02, errors: float = 0.01) -> int:
    """Generate and write in chunks (memory stays bounded at millions of households); the rows written."""
    if path.suffix.lower() == ".xlsx":
        frame = generate(households=households, seed=seed, duplicates=duplicates, errors=errors)
        write(frame, path)
        return frame.height
    written = 0
    with path.open("wb") as handle:
        for index, start in enumerate(range(0, households, CHUNK)):
            frame = generate(households=min(CHUNK, households - start), seed=seed * 1000 + index,
                             duplicates=duplicates, errors=errors, first_id=start)  # fmt: skip
            frame.write_csv(handle, include_header=index == 0)
            written += frame.height
    return written
