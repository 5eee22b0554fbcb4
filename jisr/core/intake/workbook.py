"""Guarding an XLSX workbook (a ZIP of XML parts) before any spreadsheet library opens it.

1. From the central directory: the members' total expanded size and each member's compression ratio.
2. While decompressing every member (the central directory can lie): the same limits on the bytes
   actually produced, and XML parsed by expat with no DTD allowed (no external or nested entities).
3. While streaming the first sheet: its rows, its columns and the length of every cell (a shared
   string's length comes from the shared strings part, read first).

Memory stays bounded by one decompression buffer and the list of shared string lengths.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext as _

from jisr.core.intake.errors import IntakeError
from jisr.core.intake.limits import IntakeLimits

READ = 256 * 1024
ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?(?:worksheet|sst)\b")  # its prefix is the parts' prefix
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
CELL_LETTERS = re.compile(rb' r="([A-Z]{1,3})\d')  # a cell's reference (a row's has no letters)
CELL_REFERENCE_BEFORE = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
SHARED_CELL = re.compile(TAG + rb'c\b[^>]*\bt="s"[^>]*>\s*' + TAG + rb"v>(\d+)<")  # rare path only
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


class _Scan:
    """Scans an XML part's bytes as they are decompressed, with regular expressions (C speed): a
    per-element Python callback would cost seconds per million cells. A chunk is scanned up to its
    last "<", the rest carried to the next one, so no tag is ever cut; text longer than any cell may
    be can only pile up in the carry, which is therefore bounded."""

    def __init__(self, limits: IntakeLimits) -> None:
        self.limits = limits
        self.carry = b""
        self.bound = limits.cell_chars * 4 + 4096  # UTF-8 takes at most 4 bytes a character
        # Any text between two tags longer than a cell may be (tags are counted with bytes.count, C speed).
        self.long_text = re.compile(rb">([^<]{%d,})" % (limits.cell_chars + 1))
        self.prefix: bytes | None = None

    def tag(self, name: bytes) -> bytes:
        return b"<" + (self.prefix or b"") + name

    def count(self, part: bytes, name: bytes, start: int = 0, end: int | None = None) -> int:
        """How many `<name ` or `<name>` tags (not `<nameOther`) are in part[start:end]."""
        tag = self.tag(name)
        return part.count(tag + b" ", start, end) + part.count(tag + b">", start, end)

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        if self.prefix is None:  # still in the prolog, where a DTD would be declared
            root = ROOT.search(data)
            prolog = data if root is None else data[: root.start()]
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                _refuse_dtd()
            if root is not None:
                self.prefix = root.group(1) or b""
        cut = data.rfind(b"<")
        part, self.carry = (data[:cut], data[cut:]) if cut >= 0 else (b"", data)
        self.scan(part)
        if len(self.carry) > self.bound:
            self.carried_too_long()

    def close(self) -> None:
        if self.prefix is None:  # no worksheet or shared-strings root: not a part this scan can read
            raise _not_a_workbook()
        self.scan(self.carry)
        self.carry = b""

    def long_runs(self, part: bytes) -> list[re.Match[bytes]]:
        """The text runs of `part` longer than a cell may be (bytes first, then characters, entities decoded)."""
        return [match for match in self.long_text.finditer(part)
                if len(html.unescape(match.group(1).decode("utf-8", "replace"))) > self.limits.cell_chars]  # fmt: skip

    def scan(self, part: bytes) -> None:
        raise NotImplementedError

    def carried_too_long(self) -> None:
        raise NotImplementedError


class _SharedScan(_Scan):
    """Counts the shared strings and remembers which ones are longer than a cell may be."""

    def __init__(self, limits: IntakeLimits) -> None:
        super().__init__(limits)
        self.items = 0
        self.too_long: set[int] = set()

    def scan(self, part: bytes) -> None:
        for match in self.long_runs(part):
            self.too_long.add(self.items + self.count(part, b"si", 0, match.start()) - 1)
        self.items += self.count(part, b"si")

    def carried_too_long(self) -> None:
        self.too_long.add(self.items - 1)
        self.carry = self.carry[:1]  # keep "<": the rest of this string is text


class _SheetScan(_Scan):
    """Counts a worksheet's rows and columns and finds any cell longer than allowed, naming it."""

    def __init__(self, limits: IntakeLimits, too_long_shared: set[int]) -> None:
        super().__init__(limits)
        self.too_long_shared = too_long_shared
        self.rows = 0
        self.columns = 0
        self.row_number = 0
        self.column = ""

    def scan(self, part: bytes) -> None:
        rows = self.count(part, b"row")
        if rows:
            self.rows += rows
            last = part.rfind(self.tag(b"row"))
            number = ROW_NUMBER.search(part, last, part.find(b">", last))
            self.row_number = int(number.group(1)) if number else self.row_number + rows
            if self.rows > self.limits.rows + 1:  # the header is a row too
                raise IntakeError(_("The file has more than %(max)s rows: split it.")
                                  % {"max": f"{self.limits.rows:,}"})  # fmt: skip
        letters = CELL_LETTERS.findall(part)
        if letters:
            self.column = letters[-1].decode()
            widest = max(set(letters), key=lambda name: (len(name), name))
            self.columns = max(self.columns, _column_index(widest.decode()))
            if self.columns > self.limits.columns:
                raise IntakeError(_("Line %(line)d has more than %(max)d columns.")
                                  % {"line": self._row_of(part, part.find(b'r="' + widest)),
                                     "max": self.limits.columns})  # fmt: skip
        for match in self.long_runs(part):
            self._refuse_cell(part, match.start())
        if self.too_long_shared:
            for match in SHARED_CELL.finditer(part):
                if int(match.group(1)) in self.too_long_shared:
                    self._refuse_cell(part, match.start())

    def carried_too_long(self) -> None:
        self._refuse_cell(b"", 0)

    def _row_of(self, part: bytes, position: int) -> int:
        """The row number of the cell at `position` (its reference, else the last row tag before it)."""
        reference = CELL_REFERENCE_BEFORE.search(part, max(0, position - 200), position + 20)
        if reference:
            return int(reference.group(2))
        return self.row_number

    def _refuse_cell(self, part: bytes, position: int) -> None:
        reference = None
        if part:
            start = part.rfind(b"<c", 0, position + 1)
            reference = CELL_REFERENCE_BEFORE.search(part, max(start, 0), position + 1)
        line, column = (int(reference.group(2)), reference.group(1).decode()) if reference else (
            self.row_number, self.column)  # fmt: skip
        raise IntakeError(_("Line %(line)d, column %(column)s: a cell longer than %(max)s characters.")
                          % {"line": line, "column": column or "?", "max": f"{self.limits.cell_chars:,}"})  # fmt: skip


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _refuse_dtd(*_args: object) -> None:
    raise IntakeError(_("The workbook declares a DTD or entities, which no spreadsheet needs: it is refused."))


def _parser(handler: _Handler | None) -> expat.XMLParserType:
    """An expat parser that refuses any DTD; without a handler, no Python runs per element (fast)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if handler is not None:
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

    def stream(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, feed: Callable[[bytes], object]) -> None:
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

        def stream(name: str, handler: _Handler | None, scan: _Scan | None = None) -> None:
            done.add(name)
            _stream_xml(archive, infos[name], expansion, handler, scan)

        if "xl/workbook.xml" not in infos:
            raise _not_a_workbook()
        first = _FirstSheetId()
        stream("xl/workbook.xml", first)
        target = _Target(first.found)
        if "xl/_rels/workbook.xml.rels" in infos:
            stream("xl/_rels/workbook.xml.rels", target)
        shared = _SharedScan(limits)
        if "xl/sharedStrings.xml" in infos:
            stream("xl/sharedStrings.xml", None, shared)
        sheet = _SheetScan(limits, shared.too_long)
        stream(_sheet_path(target.found, list(infos)), None, sheet)
        for name, info in infos.items():  # the other parts: their bytes count too, and no XML may hold a DTD
            if name in done:
                continue
            if name.endswith((".xml", ".rels")):
                stream(name, None)
            else:
                expansion.stream(archive, info, lambda _chunk: None)
        return max(sheet.rows - 1, 0), sheet.columns


def _stream_xml(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, expansion: _Expansion, handler: _Handler | None, scan: _Scan | None
) -> None:
    """Decompress one XML part under the expansion limits: measured by `scan` (the big parts: the sheet
    and its shared strings, whose prolog the scan checks for a DTD; the spreadsheet library checks
    the rest of their syntax), or else parsed by expat (well-formed, no DTD)."""
    if scan is not None:
        expansion.stream(archive, info, scan.feed)
        scan.close()
        return
    parser = _parser(handler)
    try:
        expansion.stream(archive, info, lambda chunk: parser.Parse(chunk, False))
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _not_a_workbook() from error
