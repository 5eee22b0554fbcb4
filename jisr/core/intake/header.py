"""Header names as every intake reads them, so that a column is found however a spreadsheet wrote it.

" Household_ID " is `household_id`, with or without a byte-order mark before it. A name given twice is
an error, never a guess; each intake words that error itself.
"""

from __future__ import annotations


def plain_name(name: str) -> str:
    """A header cell as the documentation writes the column's name: trimmed, in lower case, no BOM."""
    return name.strip().lstrip("\ufeff").strip().lower()


def repeated_names(names: list[str]) -> list[str]:
    """The names (already plain) that appear more than once, sorted; blank names are not counted."""
    return sorted({name for name in names if name and names.count(name) > 1})
