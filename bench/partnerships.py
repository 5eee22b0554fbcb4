"""Benchmark the partnerships' figures at scale: 10,000 conventions and 1,000,000 ledger entries.

    JISR_VAR_DIR=/tmp/bench-partnerships .venv/bin/python -m bench.partnerships            # SQLite, full size
    JISR_VAR_DIR=/tmp/bench-partnerships .venv/bin/python -m bench.partnerships --scale 0.1 # a tenth
    tools/with_postgres.sh .venv/bin/python -m bench.partnerships                          # PostgreSQL

Migrates the database named by the settings (keep it a throwaway one: JISR_VAR_DIR or DATABASE_URL), loads
the territories if missing, and writes (once; a second run reuses them) conventions covering one or two
regions or a province with shares, 2–4 parties each, and entries over 2022–2026: commitments, disbursements,
expenditures, a few reversals and entries awaiting validation. Then times `jisr.partnerships.figures` as the
pages and the API call it, 40 times each over the regions and years:

- the nation's figures by region for one year (the national officer's table);
- one region's figures by year (a regional coordinator: the conventions covering the region, by year);
- one region's figures for one year split by share (`by("region", region=…, year=…)`).

Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable

RUNS = 40
YEARS = (2022, 2023, 2024, 2025, 2026)


def _percentiles(actions: list[Callable[[], object]]) -> tuple[float, float, float]:
    """p50 and p95 of the wall time, and p95 of the process's CPU time (what a shared, loaded machine cannot
    inflate: SQLite runs in the process)."""
    timings, cpu = [], []
    for index in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        actions[index % len(actions)]()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    cpu.sort()
    return statistics.median(timings), timings[int(0.95 * len(timings)) - 1], cpu[int(0.95 * len(cpu)) - 1]


def _stored(value: object, vendor: str) -> object:
    """A UUID as the database keeps it (SQLite: 32 hex digits)."""
    return str(value).replace("-", "") if vendor == "sqlite" else value


def _generate(conventions: int, entries: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from jisr.accounts.models import User
    from jisr.centers.models import Organization
    from jisr.partnerships.models import Convention
    from jisr.territories.models import Province, Region

    rng = random.Random(20261203)  # noqa: S311 — benchmark data
    user, _created = User.objects.get_or_create(username="bench-partnerships")
    regions = list(Region.objects.values_list("code", flat=True))
    provinces = list(Province.objects.values_list("code", "region_id"))
    organizations = [Organization(name_ar=f"م {n}", name_fr=f"Org {n}", kind="association") for n in range(400)]
    Organization.objects.bulk_create(organizations)
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        rows, coverage, parties = [], [], []
        for number in range(conventions):
            pk = uuid.UUID(int=rng.getrandbits(128))
            rows.append(Convention(id=pk, number=f"B-{number:06d}", title_ar="اتفاقية", title_fr=f"Convention {number}",
                                   kind="specific", status="in_force", created_by=user))  # fmt: skip
            shape = rng.random()
            if shape < 0.6:
                coverage.append((pk, "region", rng.choice(regions), None, 10000))
            elif shape < 0.85:
                first, second = rng.sample(regions, 2)
                coverage += [(pk, "region", first, None, 6000), (pk, "region", second, None, 4000)]
            else:
                code, region = rng.choice(provinces)
                coverage.append((pk, "province", region, code, 10000))
            for organization in rng.sample(organizations, rng.randint(2, 4)):
                parties.append((pk, organization.pk))
        Convention.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor:
            coverage_rows = [(_stored(c[0], connection.vendor), *c[1:]) for c in coverage]
            cursor.executemany(
                "INSERT INTO partnerships_coverage (convention_id, level, region_code, province_code, share,"
                " project_id) VALUES (%s, %s, %s, %s, %s, NULL)",
                coverage_rows,
            )
            cursor.executemany(
                "INSERT INTO partnerships_party (convention_id, organization_id, funding, accountable, extending,"
                " implementing) VALUES (%s, %s, TRUE, FALSE, FALSE, TRUE)",
                [(str(c).replace("-", "") if connection.vendor == "sqlite" else c,
                  str(o).replace("-", "") if connection.vendor == "sqlite" else o) for c, o in parties])  # fmt: skip
            cursor.execute("SELECT id, convention_id FROM partnerships_party")
            by_convention: dict[object, list[int]] = {}
            for party_id, convention_id in cursor.fetchall():
                by_convention.setdefault(convention_id, []).append(party_id)
        print(f"  {conventions:,} conventions, {len(coverage):,} territories, {len(parties):,} parties "
              f"{time.perf_counter() - started:6.1f} s")  # fmt: skip
        keys = list(by_convention)
        sql = (
            "INSERT INTO partnerships_transaction (convention_id, project_id, kind, party_id, receiver_id,"
            " amount_cents, value_date, year, category, earmark_id, description, reference, external_ref, status,"
            " reverses_id, reason, recorded_by_id, recorded_at, validated_by_id, validated_at)"
            " VALUES (%s, NULL, %s, %s, %s, %s, %s, %s, %s, NULL, '', '', NULL, %s, NULL, '', %s, %s, NULL, NULL)"
        )
        batch = []
        for index in range(entries):
            convention = keys[index % len(keys)]
            members = by_convention[convention]
            kind = rng.choices((2, 3, 4), weights=(2, 3, 5))[0]
            year = rng.choice(YEARS)
            receiver = members[1] if kind == 3 else None
            status = "pending" if rng.random() < 0.01 else "validated"
            batch.append((convention, kind, members[0], receiver, rng.randint(100_00, 5_000_000_00),
                          f"{year}-{rng.randint(1, 12):02d}-15", year, "works" if kind == 4 else "", status,
                          user.pk, now))  # fmt: skip
            if len(batch) == 50_000:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            with connection.cursor() as cursor:
                cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  {entries:,} entries written                  {time.perf_counter() - started:6.1f} s")
    from jisr.partnerships.figures import rebuild_totals

    started = time.perf_counter()
    rows = rebuild_totals()
    print(f"  roll-up rebuilt ({rows:,} rows)              {time.perf_counter() - started:6.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="a fraction of 10,000 conventions and 1M entries")
    arguments = parser.parse_args()
    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jisr.partnerships import figures
    from jisr.partnerships.models import Convention, Coverage, Transaction
    from jisr.territories.models import Region

    if not Region.objects.exists():
        call_command("load_territories", verbosity=0)
    conventions, entries = int(10_000 * arguments.scale), int(1_000_000 * arguments.scale)
    print(f"database: {settings.DATABASES['default']['ENGINE']}")
    if not Convention.objects.filter(number__startswith="B-").exists():
        _generate(conventions, entries)
    print(f"  {Convention.objects.count():,} conventions, {Transaction.objects.count():,} entries")
    regions = list(Region.objects.values_list("code", flat=True))

    def national(year: int) -> Callable[[], object]:
        return lambda: figures.by("region", year=year)

    def regional(code: str) -> Callable[[], object]:
        ids = Coverage.objects.filter(region_code=code).values("convention_id")
        return lambda: figures.by("year", convention_ids=ids)

    def regional_year(code: str, year: int) -> Callable[[], object]:
        return lambda: figures.by("region", region=code, year=year)

    cases = [
        ("the nation by region, one year", [national(year) for year in YEARS]),
        ("one region's conventions by year", [regional(code) for code in regions]),
        ("one region, one year, split by share", [regional_year(code, YEARS[i % 5]) for i, code in enumerate(regions)]),
    ]  # fmt: skip
    for label, actions in cases:
        p50, p95, cpu = _percentiles(actions)
        print(f"  {label:<40} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   CPU p95 {cpu:7.1f} ms")


if __name__ == "__main__":
    main()
