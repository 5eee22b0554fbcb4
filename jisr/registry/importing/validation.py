"""Validation of registry rows, vectorized with Polars: each cell that breaks a rule gives one error
(line, column, value, message in the user's language), and a row with an error is not written.

A cell is normalized before any rule sees it (trimmed, Arabic-Indic digits and the Arabic decimal
separator made Western, dates read as `yyyy-mm-dd` or `dd/mm/yyyy`); the members import
(`jisr/registry/members.py`) uses the same cells, dates, lengths and error rows.
"""

from __future__ import annotations

import datetime
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.intake import EXCERPT_CHARS, FORMULA_MESSAGE, FORMULA_PATTERN, char_lengths
from jisr.registry.importing.format import AMOUNTS, BOOLEANS, COLUMNS, FALSE, INTEGERS, OPTIONAL, TRUE
from jisr.registry.importing.reading import ImportFileError
from jisr.registry.models import RegistryHousehold

EASTERN_DIGITS = list("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫")
WESTERN_DIGITS = list("01234567890123456789.")
CHOICES = {
    "area": RegistryHousehold.Area.values, "head_sex": ["M", "F"], "housing": RegistryHousehold.Housing.values,
    "occupancy": RegistryHousehold.Occupancy.values, "water": RegistryHousehold.Water.values,
    "sanitation": RegistryHousehold.Sanitation.values,
}  # fmt: skip
Rule = tuple[str, pl.Expr, str]  # (column, condition that is true on an invalid cell, message)


def check_columns(columns: list[str]) -> None:
    """Refuse a households file that lacks a required column (naming them all): nothing is imported."""
    missing = [name for name in COLUMNS if name not in columns and name not in OPTIONAL]
    if missing:
        raise ImportFileError(_("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)})


def cell(name: str) -> pl.Expr:
    """A cell as the rules see it: never null, trimmed, in Western digits."""
    return pl.col(name).fill_null("").str.strip_chars().str.replace_many(EASTERN_DIGITS, WESTERN_DIGITS)


def parsed_date(name: str) -> pl.Expr:
    """A date cell written `yyyy-mm-dd` or `dd/mm/yyyy`; null when it is neither."""
    return pl.coalesce(
        pl.col(name).str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        pl.col(name).str.strptime(pl.Date, "%d/%m/%Y", strict=False),
    )


def _normalized(frame: pl.DataFrame, first_line: int = 2) -> pl.DataFrame:
    check_columns(frame.columns)
    if "verified_on" not in frame.columns:
        frame = frame.with_columns(pl.lit("").alias("verified_on"))
    return frame.select(
        pl.int_range(first_line, first_line + frame.height).alias("_line"),  # the file's line (header: line 1)
        *[cell(name).alias(name) for name in COLUMNS],
    )  # fmt: skip


def _typed(frame: pl.DataFrame, communes: pl.DataFrame) -> pl.DataFrame:
    """The parsed value of every column beside its text (null where it cannot be parsed)."""
    return frame.with_columns(
        *[pl.col(name).cast(pl.Int64, strict=False).alias(f"{name}__v") for name in INTEGERS],
        *[pl.col(name).str.to_lowercase().is_in(TRUE).alias(f"{name}__true") for name in BOOLEANS],
        *[pl.col(name).str.to_lowercase().is_in(TRUE + FALSE).alias(f"{name}__ok") for name in BOOLEANS],
        *[pl.col(name).str.replace(",", ".").cast(pl.Float64, strict=False).alias(f"{name}__v") for name in AMOUNTS],
        parsed_date("declared_on").alias("declared_on__v"),
        parsed_date("verified_on").alias("verified_on__v"),
    ).join(communes, left_on="commune_code", right_on="commune_code_", how="left")


def _rules(today: datetime.date) -> list[Rule]:
    """(column, condition that is true on an invalid cell, message) — messages in the user's language."""
    rules: list[Rule] = [
        ("household_id", pl.col("household_id") == "", _("The household id is required.")),
        ("household_id", pl.col("household_id").str.contains(FORMULA_PATTERN), str(FORMULA_MESSAGE)),
        ("commune_code", pl.col("commune_code").str.contains(FORMULA_PATTERN), str(FORMULA_MESSAGE)),
        ("household_id", (pl.col("household_id") != "") & ~pl.col("household_id__first"),
         _("This household id is already on an earlier line of the file.")),
        ("commune_code", pl.col("province_code_").is_null(), _("Unknown commune code (HCP codes, as in the census).")),
        ("declared_on", pl.col("declared_on__v").is_null(), _("Write the date as dd/mm/yyyy or yyyy-mm-dd.")),
        ("declared_on", pl.col("declared_on__v") > today, _("The date cannot be in the future.")),
        ("verified_on", (pl.col("verified_on") != "") & pl.col("verified_on__v").is_null(),
         _("Write the date as dd/mm/yyyy or yyyy-mm-dd.")),
        ("source", pl.col("source") == "", _("Say where the data comes from.")),
    ]  # fmt: skip
    for name, (low, high) in INTEGERS.items():
        value = pl.col(f"{name}__v")
        rules.append((name, value.is_null() | (value < low) | (value > high),
                      _("A whole number between %(low)d and %(high)d.") % {"low": low, "high": high}))  # fmt: skip
    for name in BOOLEANS:
        rules.append((name, ~pl.col(f"{name}__ok"), _("Write 1 (yes) or 0 (no).")))
    for name in AMOUNTS:
        value = pl.col(f"{name}__v")
        rules.append((name, value.is_null() | (value < 0) | (value > 100_000), _("An amount in MAD, 0 or more.")))
    for name, allowed in CHOICES.items():
        rules.append((name, ~pl.col(name).is_in(allowed),
                      _("Not one of the allowed values: %(values)s.") % {"values": ", ".join(allowed)}))  # fmt: skip
    rules.append(("size", pl.col("children_under_15__v") + pl.col("elderly_over_60__v") > pl.col("size__v"),
                  _("More children and elderly members than members.")))  # fmt: skip
    return rules + length_rules(RegistryHousehold, [name for name in COLUMNS if name not in CHOICES])


def length_rules(model: type[Any], names: list[str]) -> list[Rule]:
    """A rule per text column: a value longer than its model field is refused, row by row."""
    return [(name, pl.col(name).str.len_chars() > length, _("At most %(count)d characters.") % {"count": length})
            for name, length in char_lengths(model, names).items()]  # fmt: skip


def commune_territories() -> pl.DataFrame:
    """Every commune with its province and region, to join on the file's commune codes."""
    from jisr.territories.models import Commune

    return pl.DataFrame(
        list(Commune.objects.values_list("code", "province_id", "region_id")),
        schema={"commune_code_": pl.String, "province_code_": pl.String, "region_code_": pl.String}, orient="row",
    )  # fmt: skip


def validate(
    frame: pl.DataFrame, today: datetime.date | None = None, *, first: pl.Series | None = None, first_line: int = 2,
    communes: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """(the valid rows, typed; the errors: line, column, value, message), from a frame of strings.

    `first` marks the rows whose household id appears for the first time in the whole file (a file is
    validated batch by batch, and a repeated id may be far from its first line)."""
    today = today or timezone.localdate()
    normalized = _normalized(frame, first_line)
    if first is None:
        first = normalized["household_id"].is_first_distinct()
    blank = pl.all_horizontal([pl.col(name) == "" for name in COLUMNS])  # a blank line is skipped, not an error
    typed = _typed(normalized.with_columns(first.alias("household_id__first")).filter(~blank),
                   communes if communes is not None else commune_territories())  # fmt: skip
    errors = errors_of(typed, _rules(today))
    valid = typed.filter(~pl.col("_line").is_in(errors["line"].unique().implode()))
    return valid, errors


def errors_of(frame: pl.DataFrame, rules: list[Rule]) -> pl.DataFrame:
    """One row (line, column, value, message) per cell that breaks a rule, in the file's order."""
    parts = [
        frame.filter(condition.fill_null(False)).select(
            pl.col("_line").alias("line"), pl.lit(column).alias("column"), _excerpt(pl.col(column)).alias("value"),
            pl.lit(message).alias("message"))
        for column, condition, message in rules
    ]  # fmt: skip
    return pl.concat(parts, how="vertical").sort(["line", "column"])


def _excerpt(value: pl.Expr) -> pl.Expr:
    """What an error echoes of a cell: its start, never a whole huge value (as jisr.core.intake.excerpt)."""
    text = value.cast(pl.String)
    cut = pl.concat_str(text.str.slice(0, EXCERPT_CHARS), pl.lit("…"))
    return pl.when(text.str.len_chars() > EXCERPT_CHARS).then(cut).otherwise(text)
