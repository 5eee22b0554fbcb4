"""Benchmark the registry and targeting at national scale: generate, import, score, five programs, coverage.

    .venv/bin/python -m bench.registry --households 1000000                          # SQLite
    tools/with_postgres.sh .venv/bin/python -m bench.registry --households 1000000   # PostgreSQL 15

Each step prints its wall time and the process's peak resident memory so far:
1. generate the synthetic file (reused from --cache-dir when it exists);
2. import it (validation, error report, upserts);
3. score every household with the illustrative PMT model;
4. evaluate the eligibility of five programs (a preview: households and persons by region);
5. enrol the eligible of the five programs;
6. compute the coverage of the five programs at every level (nation, regions, provinces, communes).
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1] / "docs" / "examples"
PROGRAMS = {
    "amo-tadamon": ("AMO Tadamon", {"all": [{"field": "pmt_index", "op": "<=", "value": 9.3264284}]}),
    "direct-aid": ("Aide sociale directe", {"all": [{"field": "pmt_index", "op": "<=", "value": 9.743001}]}),
    "disability": ("Handicap", {"all": [{"field": "pmt_index", "op": "<=", "value": 9.743001},
                                        {"field": "members_with_disability", "op": ">=", "value": 1}]}),
    "rural-women": ("Femmes rurales", {"all": [{"field": "area", "op": "=", "value": "rural"},
                                               {"field": "head_sex", "op": "=", "value": "F"},
                                               {"field": "pmt_index", "op": "<=", "value": 9.9}]}),
    "elderly-not-amo": ("Personnes âgées", {"all": [{"field": "elderly_over_60", "op": ">=", "value": 1},
                                                    {"not_in_program": "amo-tadamon"}]}),
}  # fmt: skip


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(label: str, action: Callable[[], Any], results: list[tuple[str, float, float, str]]) -> Any:
    started = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - started
    results.append((label, seconds, _peak_mb(), ""))
    shown = "" if value is None else f"{len(value):,} communes" if isinstance(value, dict) else f"{value:,}"
    print(f"  {label:<44} {seconds:8.1f} s   peak {_peak_mb():7.0f} MB   {shown}", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "jisr-registry-bench")
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-registry-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jisr.programs import services
    from jisr.programs.coverage import LEVELS, coverage
    from jisr.programs.models import Program
    from jisr.programs.rules import eligible
    from jisr.registry.importing.households import import_households
    from jisr.registry.pmt import model_import, score_all, tidy_after_rescoring

    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    path = args.cache_dir / f"registry-{args.households}.csv"
    results: list[tuple[str, float, float, str]] = []
    print(f"\nJisr registry — {connection.vendor}, {args.households:,} households")
    if not path.exists():  # in a child process, so that its memory does not count in the import's peak
        import subprocess

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jisr", "registry", "generate", "--households", str(args.households),  # noqa: S603
                        "--seed", "2026", "--out", str(path)], check=True)  # fmt: skip
        print(f"  generated {path} in {time.perf_counter() - started:.0f} s (child process)")
    outcome: list[Any] = []
    _step("import (validate, report, upsert)",
          lambda: outcome.append(import_households(path, update=False)[0]), results)  # fmt: skip
    imported = outcome[0]
    rate = imported.rows / results[-1][1]
    print(f"  → {imported.rows:,} rows, {imported.created:,} created, {imported.invalid:,} invalid: {rate:,.0f} rows/s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_registryhousehold")
    model = model_import(acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text("utf-8")))
    timed: list[float] = []
    _step(
        "score (PMT)" + (", then VACUUM ANALYZE" if connection.vendor == "postgresql" else ""),
        lambda: (score_all(model), tidy_after_rescoring())[0],
        results,
    )
    timed.append(results[-1][1])
    programs = [Program.objects.update_or_create(code=code, defaults={"name_ar": name, "name_fr": name, "name_en": name,
                                                                      "rule": rule})[0]
                for code, (name, rule) in PROGRAMS.items()]  # fmt: skip

    def preview(program: Any) -> Callable[[], Any]:
        from django.db.models import Count, Sum

        return lambda: sum(row["h"] for row in eligible(program.rule).values("region_code")
                           .annotate(h=Count("household_id"), p=Sum("size")))  # fmt: skip

    for program in programs:
        _step(f"eligibility preview: {program.code}", preview(program), results)
        timed.append(results[-1][1])
    from jisr.accounts.models import User

    officer = User.objects.filter(username="bench-officer").first() or User.objects.create_superuser(
        "bench-officer", "bench-officer@example.invalid", None
    )  # enrolling needs the permission (404 otherwise): the bench acts as a superuser
    for program in programs:
        _step(f"enrol the eligible: {program.code}",
              lambda p=program: services.enroll_eligible(acting_user=officer, program=p), results)  # fmt: skip
    from jisr.programs.coverage import _by_commune, aggregates
    from jisr.registry.models import RegistryHousehold

    registered = _step("registered households by commune (shared)",
                       lambda: _by_commune(RegistryHousehold.objects.all()), results)  # fmt: skip
    timed.append(results[-1][1])
    for program in programs:

        def all_levels(p: Any = program) -> int:
            computed = aggregates(p, registered)
            return sum(len(coverage(p, level, computed=computed)) for level in LEVELS)

        _step(f"coverage {program.code}, every level", all_levels, results)
        timed.append(results[-1][1])
    print(f"\n  scoring + eligibility of 5 programs + coverage at all levels: {sum(timed):.1f} s "
          f"(target at 5,000,000 households: < 60 s); peak memory {_peak_mb():.0f} MB (target < 4,096 MB)")  # fmt: skip
    command = " ".join(["python -m bench.registry", *sys.argv[1:]])
    print(f"reproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
