"""The guarded reader every file intake goes through: limits, strict decoding, cell rules (docs/imports.md)."""

from jisr.core.intake.cells import FORMULA_MESSAGE, FORMULA_PATTERN, char_lengths, looks_like_formula
from jisr.core.intake.errors import EXCERPT_CHARS, IntakeError, excerpt
from jisr.core.intake.header import plain_name, repeated_names
from jisr.core.intake.limits import IntakeLimits, limits_for
from jisr.core.intake.reader import Intake, check_upload_size, guarded_file

__all__ = [
    "EXCERPT_CHARS",
    "FORMULA_MESSAGE",
    "FORMULA_PATTERN",
    "Intake",
    "IntakeError",
    "IntakeLimits",
    "char_lengths",
    "check_upload_size",
    "excerpt",
    "guarded_file",
    "limits_for",
    "looks_like_formula",
    "plain_name",
    "repeated_names",
]
