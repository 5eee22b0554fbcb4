"""A realistic synthetic registry file, for demos, tests and benchmarks (`jisr registry generate`).

Households are spread over the communes in proportion to their 2024 census households; their
characteristics follow a hidden level of living (so that the proxy-means test has something to
find): poorer households are larger, rural more often, less schooled, less equipped. A few percent
of rows repeat a household id and about one percent carry an error of the kinds met in real files
(an unknown commune, an impossible date, a letter in a number, a missing id). Some numbers are
written in Arabic-Indic digits and some dates as `dd/mm/yyyy`, as in files from the field.

The members file of the same households (`generate_members`) is consistent with them: size, head's
sex and age, children under 15, members over 60 and with a disability; see docs/registry-import.md.

Vectorized with NumPy and written with Polars: about a million households in a few seconds.
"""

from __future__ import annotations

import datetime
from contextlib import ExitStack
from pathlib import Path
from string import ascii_uppercase
from typing import Any, BinaryIO

import numpy as np
import polars as pl

from jisr.registry.importing.format import MEMBER_COLUMNS

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
OLD = 60  # "members over 60": older than 60 years


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
    clean, rng = clean_households(households=households, seed=seed, first_id=first_id)
    return _as_in_the_field(clean.with_columns(pl.all().cast(pl.String)), rng, duplicates, errors)


def clean_households(*, households: int, seed: int, first_id: int) -> tuple[pl.DataFrame, np.random.Generator]:
    """The households before the field's digits, date formats, repeats and errors (typed columns)."""
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
    # the head counts among the members over 60 when over 60 (and is never one of the children)
    elderly = np.minimum(np.maximum(rng.binomial(2, 0.18, n), head_age > OLD), size - children - (head_age <= OLD))
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
    })  # fmt: skip
    return frame, rng


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


CIN_PREFIXES = [first + second for first in ascii_uppercase for second in ascii_uppercase]
# Labels by code (columns are drawn as small integer codes, then labelled at once).
RELATIONS = ["head", "spouse", "child", "grandchild", "parent", "sibling", "other_relative", "not_related"]
SCHOOLING = ["none", "preschool", "primary", "lower_secondary", "upper_secondary", "higher"]
OCCUPATIONS = ["employed", "unemployed", "student", "homemaker", "retired", "unable_to_work", "child_other"]
DISABILITY_TYPES = ["", "motor", "visual", "hearing", "intellectual", "psychic", "multiple"]
IDENTITY = ["first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "sex", "birth_date"]


def _label(labels: list[str], codes: np.ndarray) -> pl.Series:
    return pl.Series(labels).gather(codes)


def _spelled(rng: np.random.Generator, entries: list[tuple[str, list[str]]], index: np.ndarray) -> list[pl.Series]:
    """The Arabic spelling of each `entries[index]` and one of its Latin spellings, drawn at random."""
    width = max(len(spellings) for _arabic, spellings in entries)
    padded = [spellings[i % len(spellings)] for _arabic, spellings in entries for i in range(width)]
    count = np.array([len(spellings) for _arabic, spellings in entries])[index]
    variant = (rng.random(len(index)) * count).astype(int)
    return [_label([arabic for arabic, _latin in entries], index), _label(padded, index * width + variant)]


def _level(years: np.ndarray) -> np.ndarray:
    """The schooling level (code) reached after so many years of schooling."""
    return np.select([years == 0, years <= 6, years <= 9, years <= 12], [0, 2, 3, 4], 5)


def generate_members(
    households: pl.DataFrame, *, seed: int, duplicates: float = 0.02, errors: float = 0.01, first_id: int = 0,
    repeated_persons: float = 0.003,
) -> pl.DataFrame:  # fmt: skip
    """The members of households made by `clean_households`, as strings exactly as written to the file.

    Per household: `size` members, the head first with the household's head_sex and head_age (at the
    declaration date), a spouse for most, exactly `children_under_15` children under 15 and
    `elderly_over_60` members over 60 (the head included), `members_with_disability` with a disability;
    Moroccan names in both scripts (children carry their father's family name), unique national register
    ids and CINs. Then, as in real files: Arabic-Indic digits, French dates, repeated rows, a share of
    errors, and a few persons declared in two households (without their ids: for record linkage to find)."""
    from jisr.demo.person_names import FAMILY_NAMES, FEMALE, MALE

    rng = np.random.default_rng([seed, 1])
    n = households.height
    names = ("size", "head_age", "children_under_15", "elderly_over_60", "members_with_disability",
             "head_schooling_years", "head_employed")  # fmt: skip
    size, head_age, children, elderly, disabled_count, head_years, head_works = (
        households[c].to_numpy() for c in names
    )
    head_female, head_old = households["head_sex"].to_numpy() == "F", head_age > OLD
    old_others = elderly - head_old
    has_spouse = (rng.random(n) < np.where(head_female, 0.2, 0.88)) & np.where(
        head_old, old_others > 0, size - 1 - children - old_others > 0)  # fmt: skip
    # each member's household; in it: the head, the spouse, children under 15, members over 60, other members
    hh = np.repeat(np.arange(n), size)
    m = len(hh)
    starts = np.cumsum(size) - size
    position = np.arange(m) - starts[hh]
    after_children = (1 + has_spouse + children)[hh]
    after_elderly = after_children + (old_others - (has_spouse & head_old))[hh]
    kind = np.select([position == 0, (position == 1) & has_spouse[hh], position < after_children,
                      position < after_elderly], [0, 1, 2, 3], 4)  # fmt: skip
    age_h, female_h, draw = head_age[hh], head_female[hh], rng.random((6, m))
    spouse_age = np.clip(np.round(age_h + np.where(female_h, 4, -4) + rng.normal(0, 4, m)),
                         np.where(head_old[hh], OLD + 1, 18), np.where(head_old[hh], 100, OLD))  # fmt: skip
    old_age = np.where(age_h <= 45, np.clip(np.round(age_h + 26 + rng.normal(0, 4, m)), OLD + 1, 100),
                       OLD + 1 + (draw[0] * 30).astype(int))  # fmt: skip
    adult_oldest = np.minimum(OLD - 1, np.where(age_h >= 36, age_h - 16, age_h + 15))
    age = np.select([kind == 0, kind == 1, kind == 2, kind == 3], [
        age_h, spouse_age, (draw[0] * (np.minimum(14, age_h - 16) + 1)).astype(int), old_age,
    ], 15 + (draw[0] * (adult_oldest - 14)).astype(int)).astype(int)  # fmt: skip
    relation = np.select([kind == 0, kind == 1, kind == 2, kind == 3, age_h >= 36], [
        0, 1, np.where(age_h - age > 50, 3, 2), np.where(age_h <= 45, 4, np.where(draw[1] < 0.5, 5, 6)),
        np.where(draw[1] < 0.9, 2, 6),
    ], np.where(draw[1] < 0.7, 5, np.where(draw[1] < 0.95, 6, 7)))  # fmt: skip
    female = np.select([kind == 0, kind == 1], [female_h, ~female_h], draw[2] < 0.5)
    family_of_head = rng.integers(0, len(FAMILY_NAMES), n)
    family_of_father = np.where(head_female, rng.integers(0, len(FAMILY_NAMES), n), family_of_head)
    family = np.select([kind == 0, (relation == 2) | (relation == 3), (relation == 5) | ((relation == 4) & ~female)],
                       [family_of_head[hh], family_of_father[hh], family_of_head[hh]],
                       rng.integers(0, len(FAMILY_NAMES), m))  # fmt: skip
    first = np.where(female, rng.integers(0, len(FEMALE), m), len(FEMALE) + rng.integers(0, len(MALE), m))
    order = np.lexsort((draw[3], hh))  # members with a disability: the first ones in a random order
    rank = np.empty(m, dtype=int)
    rank[order] = np.arange(m) - starts[hh[order]]
    disabled = rank < disabled_count[hh]
    years = np.where(kind == 0, head_years[hh], np.clip(np.round(rng.normal(
        head_years[hh] + np.where(age < 30, 3, 0) - np.where(age > OLD, 4, 0), 3)), 0, 20)).astype(int)  # fmt: skip
    schooling = np.select([age < 4, age < 6, age < 12, age < 15, age < 18], [
        0, 1, np.where(draw[4] < 0.95, 2, 0), np.where(draw[4] < 0.8, 3, 2), _level(np.minimum(years, 12)),
    ], _level(years))  # fmt: skip
    occupation = np.select([
        (kind == 0) & (head_works[hh] == 1), age < 6, age < 15, disabled & (draw[5] < 0.5), age > OLD, age < 25, female,
    ], [
        0, 6, np.where(draw[5] < 0.93, 2, 6), 5, np.where(female, 3, 4),
        np.where(draw[5] < 0.45, 2, np.where(draw[5] < 0.7, 0, 1)),
        np.where(draw[5] < 0.25, 0, np.where(draw[5] < 0.85, 3, 1)),
    ], np.where(draw[5] < 0.75, 0, 1))  # fmt: skip
    declared = households["declared_on"].to_numpy().astype("datetime64[D]")[hh]
    month = declared.astype("datetime64[M]")
    birthday = (
        (declared.astype("datetime64[Y]") - age.astype("timedelta64[Y]")).astype("datetime64[M]")
        + (month.astype(int) % 12)
    ).astype("datetime64[D]") + np.minimum((declared - month).astype(int), 27)
    birth = birthday - rng.integers(0, 365, m).astype("timedelta64[D]")  # so that the age at the declaration is `age`
    serial = (first_id + hh) * 32 + position  # unique over the whole file, chunk after chunk
    civil = (serial * 6_364_136_223 + 1_442_695_041) % 10**10  # bijective: odd, not a multiple of 5
    cin = (serial * 2_654_435_761 + 12_345) % (len(CIN_PREFIXES) * 10**6)  # bijective: a prime multiplier
    arabic_only = pl.Series(rng.random(m) < 0.05)
    first_ar, first_latin = _spelled(rng, FEMALE + MALE, first)
    last_ar, last_latin = _spelled(rng, FAMILY_NAMES, family)
    frame = pl.DataFrame([
        households["household_id"].gather(hh), pl.Series("member_no", position + 1), _label(RELATIONS, relation),
        first_ar, last_ar, pl.select(pl.when(arabic_only).then(pl.lit("")).otherwise(first_latin)).to_series(),
        pl.select(pl.when(arabic_only).then(pl.lit("")).otherwise(last_latin)).to_series(),
        _label(["M", "F"], female.astype(int)), pl.Series(birth).dt.to_string("%Y-%m-%d"),
        pl.select(pl.when(pl.Series(rng.random(m) < 0.92)).then(pl.Series(civil).cast(pl.String).str.zfill(10))
                  .otherwise(pl.lit(""))).to_series(),
        pl.select(pl.when(pl.Series((age >= 18) & (rng.random(m) < 0.8))).then(_label(CIN_PREFIXES, cin // 10**6)
                  + pl.Series(cin % 10**6).cast(pl.String)).otherwise(pl.lit(""))).to_series(),
        pl.repeat("", m, eager=True), _label(SCHOOLING, schooling), _label(OCCUPATIONS, occupation),
        pl.Series(disabled.astype(int)),
        _label(DISABILITY_TYPES, np.where(disabled & (rng.random(m) < 0.85), rng.integers(1, 7, m), 0)),
        *[households[name].gather(hh) for name in ("declared_on", "verified_on", "source")],
    ], schema=dict.fromkeys(MEMBER_COLUMNS, pl.String), strict=False)  # fmt: skip
    # a few persons declared again in another household, without their ids
    adults = np.flatnonzero(kind == 4)
    count = min(int(m * repeated_persons), len(adults) // 2)
    if count:
        chosen = rng.choice(adults, 2 * count, replace=False)
        source, target = chosen[:count], chosen[count:]
        frame = frame.with_columns(
            *[frame[name].scatter(target, frame[name].gather(source)) for name in IDENTITY],
            *[frame[name].scatter(target, "") for name in ("civil_register_id", "cin")],
        )
    return _members_in_the_field(frame, rng, duplicates, errors)


def _members_in_the_field(
    frame: pl.DataFrame, rng: np.random.Generator, duplicates: float, errors: float
) -> pl.DataFrame:
    """Arabic-Indic digits, French dates, repeated rows and a few errors of each kind, as real files have."""
    n = frame.height
    eastern, french = pl.Series(rng.random(n) < 0.03), pl.Series(rng.random(n) < 0.3)
    frame = frame.with_columns(
        *[pl.when(eastern).then(pl.col(name).str.replace_many(list("0123456789"), list("٠١٢٣٤٥٦٧٨٩")))
          .otherwise(pl.col(name)).alias(name) for name in ("member_no", "birth_date")],
    ).with_columns(
        pl.when(french & ~eastern).then(pl.col("birth_date").str.replace(r"^(\d{4})-(\d{2})-(\d{2})$", "$3/$2/$1"))
        .otherwise(pl.col("birth_date")).alias("birth_date"),
    )  # fmt: skip
    broken = np.flatnonzero(rng.random(n) < errors)
    kinds = rng.integers(0, 8, len(broken))
    breaks = [("household_id", "RSU99999999999"), ("birth_date", "31/02/1990"), ("sex", "X"), ("relation", "cousin"),
              ("cin", "12345"), ("member_no", "deux"), ("first_name_ar", ""), ("relation", "head")]  # fmt: skip
    for kind, (name, value) in enumerate(breaks):
        rows = broken[kinds == kind]
        if kind == 7:  # a second head: on a member who is not the head
            rows = rows[frame["relation"].to_numpy()[rows] != "head"]
        for column in (name, "first_name_latin") if kind == 6 else (name,):  # kind 6: no first name at all
            frame = frame.with_columns(frame[column].scatter(rows, value))
    repeated: Any = rng.choice(n, size=int(n * duplicates), replace=False) if n and duplicates else []
    if len(repeated):
        frame = pl.concat([frame, frame[sorted(int(i) for i in repeated)]])
    return frame


def write(frame: pl.DataFrame, path: Path) -> None:
    """CSV (UTF-8) or XLSX by the file's extension."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("registry")
        sheet.append(frame.columns)
        for row in frame.iter_rows():
            sheet.append(list(row))
        book.save(path)
    else:
        frame.write_csv(path)


CHUNK = 250_000


def write_file(
    path: Path, *, households: int, seed: int, duplicates: float = 0.02, errors: float = 0.01,
    members: Path | None = None,
) -> tuple[int, int]:  # fmt: skip
    """Generate and write in chunks (memory stays bounded at millions of households), with the members of
    the same households to `members` when given; the rows written to each file. XLSX is written whole."""
    xlsx = any(file is not None and file.suffix.lower() == ".xlsx" for file in (path, members))
    step = max(households, 1) if xlsx else CHUNK
    written = [0, 0]
    with ExitStack() as stack:
        handles: dict[Path, BinaryIO] = {file: stack.enter_context(file.open("wb")) for file in (path, members)
                                         if file is not None and file.suffix.lower() != ".xlsx"}  # fmt: skip
        for index, start in enumerate(range(0, households, step)):
            chunk_seed = seed * 1000 + index
            clean, rng = clean_households(households=min(step, households - start), seed=chunk_seed, first_id=start)
            frames = [(path, _as_in_the_field(clean.with_columns(pl.all().cast(pl.String)), rng, duplicates, errors))]
            if members is not None:
                frames.append((members, generate_members(clean, seed=chunk_seed, duplicates=duplicates, errors=errors,
                                                         first_id=start)))  # fmt: skip
            for slot, (file, frame) in enumerate(frames):
                if file.suffix.lower() == ".xlsx":
                    write(frame, file)
                else:
                    frame.write_csv(handles[file], include_header=index == 0)
                written[slot] += frame.height
    return written[0], written[1]
