"""The error a refused file raises, and how a value is echoed back without repeating a huge cell."""

from __future__ import annotations

from django.core.exceptions import ValidationError

EXCERPT_CHARS = 60  # what an error message or report shows of a cell
LINES_NAMED = 5  # how many line numbers a message names before "…"


class IntakeError(ValidationError):
    """The file as a whole is refused before anything is written; the message says why, and where."""

    @property
    def message_text(self) -> str:
        return " ".join(str(message) for message in self.messages)


def excerpt(value: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of `value`, cut with "…": what a message or a report may echo of a cell."""
    return value if len(value) <= limit else f"{value[:limit]}…"


def line_list(lines: list[int]) -> str:
    """'3, 4, 9' or '3, 4, 9, 12, 15, …' (the first lines only)."""
    named = ", ".join(str(line) for line in lines[:LINES_NAMED])
    return named + (", …" if len(lines) > LINES_NAMED else "")
