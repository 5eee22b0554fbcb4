"""Strict decoding of a text file, block by block: one encoding for the whole file, or a refusal.

Accepted: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), or, when the file
is not UTF-8 at all, Windows-1256 (Arabic Windows; its French accented letters sit where Latin-1 puts
them). A file whose lines are in different encodings — some valid UTF-8 with Arabic, others not — is
refused, naming its first lines of each kind: guessing would store mojibake. NUL bytes mean a binary
file, or UTF-16 without its byte-order mark: refused too.

UTF-8 files (the usual case, and the big ones) are checked at C speed, block by block; only a file
that is not UTF-8 is looked at line by line.
"""

from __future__ import annotations

import codecs
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from jisr.core.intake.errors import IntakeError, line_list
from jisr.core.intake.limits import IntakeLimits

BLOCK = 16 * 1024 * 1024
# Temporary files of the reader (UTF-8 copies, uploads): the upload purge removes those a killed import left.
TEMPORARY_PREFIX = "jisr-intake-"
LEGACY = "cp1256"


@dataclass
class TextFacts:
    """What one pass over the bytes found: the encoding and the file's shape in physical lines."""

    encoding: str
    lines: int  # physical lines, the header included
    longest_line: int  # in characters, an upper bound of the longest cell


def _bom(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _refuse_rows(lines: int, limits: IntakeLimits) -> None:
    if lines - 1 > limits.rows:
        raise IntakeError(_("The file has more than %(max)s rows: split it.") % {"max": f"{limits.rows:,}"})


def _refuse_long_line(line: int, length: int, limits: IntakeLimits) -> None:
    # A line longer than every cell it may hold together is refused before anything splits it.
    if length > limits.cell_chars * limits.columns:
        raise IntakeError(_("Line %(line)d is %(length)s characters long: a cell of this file is longer than "
                            "%(max)s characters.") % {"line": line, "length": f"{length:,}",
                                                      "max": f"{limits.cell_chars:,}"})  # fmt: skip


def scan_text(handle: BinaryIO, limits: IntakeLimits) -> TextFacts:
    """Decode the whole file strictly (never keeping more than a block), counting its lines."""
    head = handle.read(4)
    handle.seek(0)
    encoding = _bom(head) or "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines, longest, current, checks_nul = 1, 0, 0, encoding != "utf-16"
    while block := handle.read(BLOCK):
        if checks_nul and b"\0" in block:
            handle.seek(0)
            raise IntakeError(_("Line %(line)d holds NUL bytes: this is a binary file, or UTF-16 text without its "
                                "byte-order mark. Save it as \"CSV UTF-8\" and import it again.")
                              % {"line": _first_line_with(handle, b"\0")})  # fmt: skip
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError:
            if encoding != "utf-8":
                handle.seek(0)
                raise IntakeError(_("The file starts with a %(encoding)s byte-order mark but line %(line)d is not "
                                    "%(encoding)s. Save it again as \"CSV UTF-8\" and import it again.")
                                  % {"encoding": encoding.upper().removesuffix("-SIG"),
                                     "line": _first_undecodable_line(handle, encoding)}) from None  # fmt: skip
            handle.seek(0)
            return _legacy(handle, limits)
        pieces = text.split("\n")
        if len(pieces) == 1:
            current += len(text)
        else:
            longest = max(longest, current + len(pieces[0]), max(map(len, pieces[1:-1]), default=0))
            current = len(pieces[-1])
            lines += len(pieces) - 1
        _refuse_rows(lines, limits)
        _refuse_long_line(lines, max(longest, current), limits)
    decoder.decode(b"", final=True)
    return TextFacts(encoding=encoding, lines=lines, longest_line=max(longest, current))


def _first_line_with(handle: BinaryIO, needle: bytes) -> int:
    for number, line in enumerate(handle, start=1):
        if needle in line:
            return number
    return 1


def _first_undecodable_line(handle: BinaryIO, encoding: str) -> int:
    """The line of the first bytes that are not `encoding` (read again, on this error path only)."""
    if encoding == "utf-8-sig":
        handle.read(len(codecs.BOM_UTF8))
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    number = 1
    while block := handle.read(BLOCK):
        try:
            number += decoder.decode(block).count("\n")
        except UnicodeDecodeError as error:
            return number + block[: error.start].decode(encoding, "replace").count("\n")
    return number


def _legacy(handle: BinaryIO, limits: IntakeLimits) -> TextFacts:
    """A file that is not UTF-8: Windows-1256, unless some of its lines are UTF-8 (a mixed file)."""
    utf8_lines: list[int] = []
    other_lines: list[int] = []
    number, longest = 0, 0
    for number, line in enumerate(handle, start=1):  # noqa: B007 — the count is used after the loop
        longest = max(longest, len(line))
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
        else:
            utf8_lines.append(number)
        if number % 100_000 == 0:
            _refuse_rows(number, limits)
    _refuse_rows(number, limits)
    _refuse_long_line(number, longest, limits)
    if utf8_lines:
        raise IntakeError(_("The file mixes text encodings, so its letters cannot all be read: UTF-8 on line(s) "
                            "%(utf8)s, another encoding on line(s) %(other)s. Nothing was imported. Save the whole "
                            "file again as \"CSV UTF-8\" and import it again.")
                          % {"utf8": line_list(utf8_lines), "other": line_list(other_lines)})  # fmt: skip
    return TextFacts(encoding=LEGACY, lines=number, longest_line=longest)


def detect_encoding(data: bytes) -> str:
    """The encoding of `data` as the reader decides it (raises IntakeError for a file it refuses)."""
    return scan_text(io.BytesIO(data), IntakeLimits()).encoding


def utf8_copy(path: Path, encoding: str) -> Path | None:
    """A UTF-8 copy of a file in another encoding (written block by block), or None when it is UTF-8."""
    if encoding == "utf-8":
        return None
    handle, name = tempfile.mkstemp(suffix=".csv", prefix=TEMPORARY_PREFIX)
    os.close(handle)
    copy = Path(name)
    try:
        with (
            path.open("r", encoding=encoding, newline="") as source,
            copy.open("w", encoding="utf-8", newline="") as target,
        ):
            while block := source.read(BLOCK):
                target.write(block)
    except BaseException:  # a file that cannot be decoded, a full disk: no copy stays behind
        copy.unlink(missing_ok=True)
        raise
    return copy
