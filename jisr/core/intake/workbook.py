"""Guarding an XLSX workbook (a ZIP of XML parts) before any spreadsheet library opens it.

1. From the central directory: the members' total expanded size and each member's compression ratio.
2. While decompressing every member (the central directory can lie): the same limits on the bytes
   actually produced, and XML parsed by expat with no DTD allowed (no external or nested entities).
3. While streaming the first sheet: its rows, its columns and the length of every cell (a shared
   string's length comes from the shared strings part, read first).

Memory stays bounded by one decompression buffer and the list of shared string lengths.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext as _

from jisr.core.intake.errors import IntakeError
from jisr.core.intake.limits import IntakeLimits

READ = 256 * 1024
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CELL_REFERENCE = re.compile(r"([A-Z]+)(\d+)")


def _not_a_workbook() -> IntakeError:
    return IntakeError(_("The file is not a valid XLSX workbook."))


def _too_expanded(limits: IntakeLimits) -> IntakeError:
    return IntakeError(_("The workbook expands to more than %(max)s MB once decompressed (a \"zip bomb\" or a "
                         "sheet far larger than an import): split it or save it again.")
                       % {"max": f"{limits.expanded_bytes // (1024 * 1024):,}"})  # fmt: skip


def _check_directory(archive: zipfile.ZipFile, limits: IntakeLimits) -> None:
    """The sizes the central directory declares (cheap, before anything is decompressed)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > limits.expanded_bytes:
            raise _too_expanded(limits)
        if info.file_size > limits.ratio_grace_bytes and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise _too_expanded(limits)


class _Handler:
    """Expat callbacks that do nothing: a part is then only checked (size, well-formed, no DTD)."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Sheet(_Handler):
    """Counts rows, columns and cell lengths of a worksheet's XML as it streams (expat events)."""

    def __init__(self, limits: IntakeLimits, shared_lengths: Sequence[int]) -> None:
        self.limits = limits
        self.shared = shared_lengths
        self.rows = 0
        self.columns = 0
        self.row_number = 0
        self.column = 0
        self.cell_type = ""
        self.in_value = False
        self.length = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit("}", 1)[-1]
        if local == "row":
            self.rows += 1
            self.row_number = int(attributes.get("r") or self.row_number + 1)
            self.column = 0
            if self.rows > self.limits.rows + 1:  # the header is a row too
                raise IntakeError(_("The file has more than %(max)s rows: split it.")
                                  % {"max": f"{self.limits.rows:,}"})  # fmt: skip
        elif local == "c":
            match = CELL_REFERENCE.match(attributes.get("r", ""))
            self.column = _column_index(match.group(1)) if match else self.column + 1
            if self.column > self.limits.columns:
                raise IntakeError(_("Line %(line)d has more than %(max)d columns.")
                                  % {"line": self.row_number, "max": self.limits.columns})  # fmt: skip
            self.columns = max(self.columns, self.column)
            self.cell_type = attributes.get("t", "")
            self.length = 0
        elif local in ("v", "t"):
            self.in_value = True

    def end(self, name: str) -> None:
        local = name.rsplit("}", 1)[-1]
        if local in ("v", "t"):
            self.in_value = False
        elif local == "c":
            self._check_length(self.length)

    def text(self, data: str) -> None:
        if not self.in_value:
            return
        if self.cell_type == "s":
            try:
                self.length += self.shared[int(data)]
            except (ValueError, IndexError):
                raise _not_a_workbook() from None
        else:
            self.length += len(data)
            self._check_length(self.length)

    def _check_length(self, length: int) -> None:
        if length > self.limits.cell_chars:
            raise IntakeError(_("Line %(line)d, column %(column)s: a cell longer than %(max)s characters.")
                              % {"line": self.row_number, "column": _column_name(self.column),
                                 "max": f"{self.limits.cell_chars:,}"})  # fmt: skip


class _SharedStrings(_Handler):
    """The length of each shared string (`<si>`, the sum of its runs)."""

    def __init__(self) -> None:
        self.lengths = array("Q")  # compact: one number per string
        self.in_text = False

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit("}", 1)[-1]
        if local == "si":
            self.lengths.append(0)
        elif local == "t":
            self.in_text = True

    def end(self, name: str) -> None:
        if name.rsplit("}", 1)[-1] == "t":
            self.in_text = False

    def text(self, data: str) -> None:
        if self.in_text and self.lengths:
            self.lengths[-1] += len(data)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _column_name(index: int) -> str:
    name = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name or "?"


def _refuse_dtd(*_args: object) -> None:
    raise IntakeError(_("The workbook declares a DTD or entities, which no spreadsheet needs: it is refused."))


def _parser(handler: _Handler) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    return parser


class _Expansion:
    """Bytes decompressed so far, against the limits (the central directory's sizes are not trusted)."""

    def __init__(self, limits: IntakeLimits) -> None:
        self.limits = limits
        self.total = 0

    def stream(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, feed: Callable[[bytes], None]) -> None:
        produced = 0
        with archive.open(info) as member:
            while chunk := _read(member):
                produced += len(chunk)
                self.total += len(chunk)
                if self.total > self.limits.expanded_bytes or produced > info.file_size:
                    raise _too_expanded(self.limits)
                if produced > self.limits.ratio_grace_bytes and produced > self.limits.ratio * max(
                    info.compress_size, 1
                ):
                    raise _too_expanded(self.limits)
                feed(chunk)


def _read(member: IO[bytes]) -> bytes:
    try:
        return member.read(READ)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:  # truncated, bad CRC, bad data
        raise _not_a_workbook() from error


class _FirstSheetId(_Handler):
    """The relationship id of the workbook's first sheet (xl/workbook.xml)."""

    def __init__(self) -> None:
        self.found = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == f"{MAIN_NS}}}sheet" and not self.found:
            self.found = attributes.get(f"{REL_NS}}}id", "")


class _Target(_Handler):
    """The target of one relationship (xl/_rels/workbook.xml.rels)."""

    def __init__(self, wanted: str) -> None:
        self.wanted = wanted
        self.found = ""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name.rsplit("}", 1)[-1] == "Relationship" and attributes.get("Id") == self.wanted:
            self.found = attributes.get("Target", "")


def _sheet_path(target: str, names: list[str]) -> str:
    """The part a relationship target names (relative to xl/, or absolute), else the first worksheet."""
    path = target.removeprefix("/") if target.startswith("/") else f"xl/{target}"
    if path in names:
        return path
    sheets = sorted(name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    if not sheets:
        raise _not_a_workbook()
    return sheets[0]


def check_workbook(path: Path, limits: IntakeLimits) -> tuple[int, int]:
    """Refuse a workbook that breaks a limit; else (data rows, columns) of its first sheet."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_a_workbook() from error
    with archive:
        _check_directory(archive, limits)
        expansion = _Expansion(limits)
        infos = {info.filename: info for info in archive.infolist()}
        done: set[str] = set()

        def stream(name: str, handler: _Handler) -> None:
            done.add(name)
            _stream_xml(archive, infos[name], expansion, handler)

        if "xl/workbook.xml" not in infos:
            raise _not_a_workbook()
        first = _FirstSheetId()
        stream("xl/workbook.xml", first)
        target = _Target(first.found)
        if "xl/_rels/workbook.xml.rels" in infos:
            stream("xl/_rels/workbook.xml.rels", target)
        shared = _SharedStrings()
        if "xl/sharedStrings.xml" in infos:
            stream("xl/sharedStrings.xml", shared)
        sheet = _Sheet(limits, shared.lengths)
        stream(_sheet_path(target.found, list(infos)), sheet)
        for name, info in infos.items():  # the other parts: their bytes count too, and no XML may hold a DTD
            if name in done:
                continue
            if name.endswith((".xml", ".rels")):
                stream(name, _Handler())
            else:
                expansion.stream(archive, info, lambda _chunk: None)
        return max(sheet.rows - 1, 0), sheet.columns


def _stream_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expansion: _Expansion, handler: _Handler) -> None:
    parser = _parser(handler)

    def feed(chunk: bytes) -> None:
        parser.Parse(chunk, False)

    try:
        expansion.stream(archive, info, feed)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _not_a_workbook() from error
