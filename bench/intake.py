"""Time the guarded reader (jisr/core/intake) on registry files, against the parsers it stands before.

    .venv/bin/python -m bench.intake --rows 1000000            # CSV: guard, then Polars' full read
    .venv/bin/python -m bench.intake --rows 100000 --xlsx      # XLSX too: guard, then calamine's load

The file repeats the documented example's households with new ids (no database needed). Results are
recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "registry-households.csv"


def _timed(label: str, work: object) -> None:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    print(f"{label:<34} {time.perf_counter() - started:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX of the same rows")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("JISR_TESTING", "1")
    import django

    django.setup()
    import fastexcel
    import polars as pl

    from jisr.core.intake import guarded_file
    from jisr.registry.importing.reading import registry_limits
    from jisr.registry.synthetic import write

    example = pl.read_csv(EXAMPLE, infer_schema=False)
    frame = pl.concat([example] * (arguments.rows // example.height + 1)).head(arguments.rows)
    frame = frame.with_columns(pl.format("BENCH{}", pl.int_range(pl.len())).alias("household_id"))
    with guarded_file(EXAMPLE, file_name=EXAMPLE.name, limits=registry_limits()):
        pass  # warm: Polars' thread pool starts on its first scan
    with tempfile.TemporaryDirectory(prefix="jisr-bench-intake-") as folder:
        paths = [Path(folder) / "registry.csv"] + ([Path(folder) / "registry.xlsx"] if arguments.xlsx else [])
        for path in paths:
            write(frame, path)
            print(f"{path.name}: {arguments.rows:,} rows, {path.stat().st_size / 1e6:,.1f} MB")

            def guard(path: Path = path) -> None:
                with guarded_file(path, file_name=path.name, limits=registry_limits()):
                    pass

            _timed("  guarded reader", guard)
            if path.suffix == ".csv":
                _timed("  Polars reads it whole", lambda path=path: pl.scan_csv(path, infer_schema=False).collect())
            else:
                _timed(
                    "  calamine loads it", lambda path=path: fastexcel.read_excel(path).load_sheet(0, dtypes="string")
                )


if __name__ == "__main__":
    main()
