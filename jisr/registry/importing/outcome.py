"""What an import reports: its counts, the first errors for the page, every error and the invalid rows
as read (written to the correction files by the job)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl


@dataclass
class Outcome:
    """The counts of one import (households or members), and whether it was cancelled."""

    encoding: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    invalid: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False


def invalid_rows(batch: pl.DataFrame, offset: int, bad_lines: pl.Series) -> pl.DataFrame:
    """The rows of a batch, as read, whose file lines (the header is line 1) had an error."""
    return batch.filter(pl.int_range(offset + 2, offset + 2 + batch.height).is_in(bad_lines.implode()))


def gathered(outcome: Outcome, errors_parts: list[pl.DataFrame],
             invalid_parts: list[pl.DataFrame]) -> tuple[Outcome, pl.DataFrame, pl.DataFrame]:  # fmt: skip
    """The outcome (with the first errors, for the page), all the errors, and all the invalid rows."""
    errors = pl.concat(errors_parts) if errors_parts else pl.DataFrame()
    outcome.errors = errors.head(200).to_dicts()
    invalid = pl.concat(invalid_parts) if invalid_parts else pl.DataFrame()
    return outcome, errors, invalid
