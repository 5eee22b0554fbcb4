"""Benchmark the strategy: the recomputation of every computed indicator, and its pages and API read from
stored figures.

    .venv/bin/python -m bench.strategy --persons 50000                          # SQLite, a few minutes
    JISR_VAR_DIR=/tmp/jisr-bench-… .venv/bin/python -m bench.strategy --reuse --no-refresh   # time again
    tools/with_postgres.sh .venv/bin/python -m bench.strategy --persons 1000000 # PostgreSQL, the issue's size

Prepares a database as `bench.people` does (migrations, territories, the demo, synthetic persons up to
--persons with a case for one in five; the registry's demo households), adds the census indicators, the
framework and its illustrative figures, then figures for every **province** as well (targets 2022–2026 and
entered actuals 2022–2025 of the entered indicators, a baseline each, one revision in ten): about 1,000
figures per indicator, what a ministry that fills every level would store. Then it times:

- one recomputation of every computed indicator for every year, every region and province (`refresh_run`,
  wall time and peak memory);
- through Django's whole request stack (`django.test.Client`), --requests times each: the strategy page
  (national officer, the nation; a regional coordinator, their region), the comparison of the regions on one
  indicator, the API's `values` (one indicator, territory and year; one indicator everywhere), and the
  regional report (PDF, fewer times: it is a download).

Prints the wall time's p50 and p95 per scenario, the p95 of the process's CPU time (what a shared, loaded
machine cannot inflate) and the number of SQL queries of one request. Results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered))) - 1))]


def _province_figures(seed: int = 2026) -> int:
    """Targets, entered actuals and a baseline for every province of the entered indicators (illustrative)."""
    from django.utils import timezone

    from jisr.strategy.framework import INDICATORS
    from jisr.strategy.models import YEARS, Figure, FigureRevision, Indicator
    from jisr.territories.models import Province

    rng = random.Random(seed)  # noqa: S311 — bench data, not security
    now = timezone.now()
    provinces = list(Province.objects.order_by("code").values_list("code", flat=True))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    rows: list[Figure] = []
    for spec in INDICATORS:
        indicator = indicators[spec.code]
        low, high = spec.demo_range
        for code in provinces:
            base = rng.uniform(low, high)
            common = {"indicator": indicator, "level": "province", "code": code, "origin": "entered",
                      "source": "bench", "recorded_at": now, "illustrative": True}  # fmt: skip
            if spec.baseline_from is None:  # the census gives the others' baselines
                rows.append(Figure(kind="baseline", year=2021, value=round(base, 1), **common))
            for year in YEARS:
                rows.append(Figure(kind="target", year=year, value=round(base * (1 + 0.03 * (year - 2021)), 1),
                                   **common))  # fmt: skip
                if not spec.computed and year < YEARS[-1]:
                    rows.append(Figure(kind="actual", year=year, value=round(base * rng.uniform(0.9, 1.1), 1),
                                       **common))  # fmt: skip
    Figure.objects.filter(level="province", source="bench").delete()
    Figure.objects.bulk_create(rows, batch_size=5000)
    stored = list(Figure.objects.filter(level="province", source="bench", kind="actual"))
    FigureRevision.objects.bulk_create(
        [
            FigureRevision(figure=figure, value=figure.value * 0.95, recorded_at=now, replaced_at=now, source="bench")
            for figure in stored[::10]
        ]  # fmt: skip
    )
    return len(rows)


def _prepare(persons: int) -> None:
    from django.core.management import call_command

    from bench.people import _prepare as prepare_people
    from jisr.socialmap.models import IndicatorValue

    prepare_people(persons)
    started = time.perf_counter()
    if not IndicatorValue.objects.filter(indicator_id="population").exists():
        call_command("load_indicators", verbosity=0)
    call_command("load_strategy", "--demo", verbosity=0)
    added = _province_figures()
    print(f"strategy figures: census, framework, demo and {added:,} province figures "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip


def _refresh() -> None:
    from jisr.strategy.models import Figure, Refresh
    from jisr.strategy.services import refresh_run

    started = time.perf_counter()
    refresh = refresh_run(Refresh.objects.create().pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    computed = Figure.objects.filter(origin="computed").count()
    elapsed = time.perf_counter() - started
    print(f"recomputation of {refresh.steps_total} computed indicators, every year and territory: {elapsed:.1f} s, "
          f"{computed:,} computed figures stored, peak RSS {peak:,.0f} MB")  # fmt: skip


def _scenarios(count: int) -> list[tuple[str, float, float, float, int]]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from jisr.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    region = User.objects.filter(username="region-rsk").first()
    national = User.objects.get(username="national")
    scenarios: list[tuple[str, User, str, int]] = [
        ("strategy page, national, nation", national, "/strategy/?year=2025", count),
        ("strategy page, national, a region", national, "/strategy/?place=region:09&year=2025", count),
        ("comparison of the regions", national, "/strategy/indicators/women_activity_rate/?year=2025", count),
        ("comparison of a region's provinces", national,
         "/strategy/indicators/women_activity_rate/?place=region:09&year=2025", count),
        ("API values, one indicator/territory/year", national,
         "/api/v1/strategy/values?indicator=women_activity_rate&territory=09&year=2025", count),
        ("API values, one indicator everywhere", national, "/api/v1/strategy/values?indicator=women_activity_rate",
         count),
        ("regional report PDF", national, "/strategy/report.pdf?place=region:09&year=2025", max(5, count // 10)),
    ]  # fmt: skip
    if region is not None:
        scenarios.insert(2, ("strategy page, regional coordinator", region, "/strategy/?year=2025", count))
    results = []
    for label, user, url, times in scenarios:
        client = Client()
        client.force_login(user)
        client.cookies["jisr_language"] = "ar"
        assert client.get(url).status_code == 200, url  # warm: the first request loads translations and fonts
        queries = [0]

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):  # (the test client's request_started empties connection.queries)
            client.get(url)
        samples, cpu = [], []
        for _ in range(times):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results.append((label, _percentile(samples, 0.5), _percentile(samples, 0.95), _percentile(cpu, 0.95),
                        queries[0]))  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=50_000, help="size of the index (default 50,000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--no-refresh", action="store_true", help="skip the timed recomputation")
    parser.add_argument("--reuse", action="store_true",
                        help="time the database of JISR_VAR_DIR as it is (prepared by an earlier run)")  # fmt: skip
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from jisr.cases.models import Case
    from jisr.people.models import Person
    from jisr.strategy.models import Figure

    if not args.reuse:
        _prepare(args.persons)
    if not args.no_refresh:
        _refresh()
    print(f"\nJisr strategy — {connection.vendor}, {Person.objects.count():,} persons, {Case.objects.count():,} "
          f"cases, {Figure.objects.count():,} figures")  # fmt: skip
    print(f"{'scenario':<44} {'p50 ms':>8} {'p95 ms':>8} {'CPU p95':>8} {'queries':>8}")
    timed: Callable[[int], list[tuple[str, float, float, float, int]]] = _scenarios
    for label, p50, p95, cpu, queries in timed(args.requests):
        print(f"{label:<44} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {queries:>8}")
    command = " ".join(["python -m bench.strategy", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
