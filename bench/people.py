"""Benchmark the beneficiary index: person search and the duplicate check at national scale.

    .venv/bin/python -m bench.people --persons 1000000                          # SQLite
    tools/with_postgres.sh .venv/bin/python -m bench.people --persons 1000000   # PostgreSQL 15
    … --only "family name only"     # only the scenarios whose name contains the text

Prepares a database (migrations, territories, demo data, then synthetic persons in households up to
--persons, a fifth of them with a case at their registering center; ANALYZE), then times, through
the selectors that the pages and the API call:
- the ranked, paginated search (one page of 25 and the total, as the page and the API ask it) by
  full name in Arabic, by a Latin spelling variant, by family name only, by CIN, by phone, by a
  family name with a birth year and a commune, a later page — as a social worker (scoped to one
  center) and as a national officer;
- the duplicate check of an intake (a known person typed with another spelling, a new person).
Prints p50/p95/max per scenario. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any


def _prepare(persons: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from jisr.cases.models import Case
    from jisr.centers.models import Center
    from jisr.demo.people import generate_people
    from jisr.people.models import Person

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    call_command("demo", verbosity=0)
    missing = persons - Person.objects.count()
    if missing > 0:
        centers = list(Center.objects.filter(status=Center.Status.ACTIVE).order_by("code"))

        def progress(done: int) -> None:
            if done % 100_000 < 5000:
                print(f"  {done:,} / {missing:,} persons ({time.perf_counter() - started:.0f} s)", flush=True)

        generate_people(centers=centers, count=missing, seed=persons, progress=progress, cin_offset=1_000_000)
        _add_cases(Person, Case, timezone.now())
    with connection.cursor() as cursor:
        # As autovacuum leaves a table at rest: statistics, and a visibility map that lets counts read
        # the indexes alone (SQLite has no VACUUM ANALYZE; its ANALYZE fills the planner's statistics).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"prepared {Person.objects.count():,} persons, {Case.objects.count():,} cases "
          f"in {time.perf_counter() - started:.0f} s")  # fmt: skip


def _add_cases(person_model: Any, case_model: Any, now: Any) -> None:
    """A case for one person in five, at the center that registered them (`at_registering_center`, as
    `case_open` marks it)."""
    from jisr.accounts.models import User

    opener = User.objects.get(username="national")
    rows = (
        person_model.objects.filter(cases=None, registered_at__isnull=False)  # registry members have no center
        .values_list("pk", "registered_at_id", "registered_at__province_id", "registered_at__region_code")
        .order_by("pk")
    )
    batch: list[Any] = []
    serial = case_model.objects.count()
    for index, (person_id, center_id, province_id, region_code) in enumerate(rows.iterator(chunk_size=20_000)):
        if index % 5:
            continue
        serial += 1
        batch.append(
            case_model(
                reference=f"B-{serial:08d}",
                person_id=person_id,
                center_id=center_id,
                at_registering_center=True,
                province_id=province_id,
                region_code=region_code,
                reason="bench",
                channel="walk_in",
                opened_at=now,
                opened_by=opener,
            )
        )
        if len(batch) >= 10_000:
            case_model.objects.bulk_create(batch)
            batch.clear()
    case_model.objects.bulk_create(batch)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _timed(label: str, action: Callable[[int], object], count: int) -> tuple[str, float, float, float]:
    action(0)
    samples = []
    for index in range(count):
        started = time.perf_counter()
        action(index)
        samples.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(samples), _percentile(samples, 0.95), max(samples)


def _scenarios(count: int, only: str = "") -> list[tuple[str, float, float, float]]:
    from jisr.accounts.models import User
    from jisr.people.models import Person
    from jisr.people.selectors import Identity, SearchFilters, duplicate_candidates, person_search_page

    national = User.objects.get(username="national")
    worker = User.objects.get(username="worker-agadir")
    province = User.objects.get(username="province-agadir")
    region = User.objects.get(username="region-rsk")
    center_id = worker.memberships.get().center_id
    sample_ids = list(
        Person.objects.filter(registered_at_id=center_id).exclude(cin=None).values_list("pk", flat=True)[:200]
    )
    sample = list(Person.objects.filter(pk__in=sample_ids))
    everyone = list(Person.objects.exclude(cin=None).exclude(phone="").order_by("?")[:200])

    def pick(index: int, people: list[Any]) -> Any:
        return people[index % len(people)]

    def arabic_name(person: Any) -> str:
        return f"{person.first_name_ar} {person.last_name_ar}".strip() or person.first_name_latin

    def latin_variant(person: Any) -> str:
        # another spelling of the same name: Latin when Arabic was typed at intake, and the reverse
        return f"{person.first_name_latin} {person.last_name_latin}".strip() or arabic_name(person)

    def search(user: Any, text: str, page: int = 1, **context: Any) -> int:
        # the ranked search of the page and the API: one page of 25 and the total
        return person_search_page(user, SearchFilters(text, **context), page).count

    def duplicate_of(person: Any) -> Identity:
        return Identity(
            first_name_latin=person.first_name_latin or "Mohamed",
            last_name_latin=person.last_name_latin or "Alaoui",
            sex=person.sex,
            birth_date=person.birth_date,
            phone=person.phone,
        )

    new_person = Identity(first_name_ar="مسعودة", last_name_ar="أوبلا", first_name_latin="Messaouda", sex="F")

    def _time(label: str, action: Callable[[int], object], count: int) -> tuple[str, float, float, float] | None:
        return _timed(label, action, count) if only in label else None

    timed = [
        _time("worker: full name, Arabic", lambda i: search(worker, arabic_name(pick(i, sample))), count),
        _time("worker: full name, Latin variant", lambda i: search(worker, latin_variant(pick(i, sample))), count),
        _time(
            "worker: family name only",
            lambda i: search(worker, pick(i, sample).last_name_ar or pick(i, sample).last_name_latin),
            count,
        ),
        _time(
            "province: family name only",
            lambda i: search(province, pick(i, everyone).last_name_latin or pick(i, everyone).last_name_ar),
            count,
        ),
        _time(
            "region: family name only",
            lambda i: search(region, pick(i, everyone).last_name_ar or pick(i, everyone).last_name_latin),
            count,
        ),
        _time("worker: CIN", lambda i: search(worker, pick(i, sample).cin), count),
        _time("national: full name, Arabic", lambda i: search(national, arabic_name(pick(i, everyone))), count),
        _time("national: Latin variant", lambda i: search(national, latin_variant(pick(i, everyone))), count),
        _time("national: first name only 'محمد'", lambda i: search(national, "محمد"), count),
        _time("national: phone", lambda i: search(national, pick(i, everyone).phone[4:]), count),
        _time("worker: family name 'أوحمو'", lambda i: search(worker, "أوحمو"), count),
        _time("national: family name 'أوحمو'", lambda i: search(national, "أوحمو"), count),
        _time("national: 'Ouhamou', page 3", lambda i: search(national, "Ouhamou", 3), count),
        _time(
            "national: family name + birth year + commune",
            lambda i: search(national, pick(i, everyone).last_name_latin or "Alaoui",
                             birth_year=pick(i, everyone).birth_date.year, commune_code=pick(i, everyone).commune_id),
            count,
        ),
        _time("national: 'Mohamed', page 2", lambda i: search(national, "Mohamed", 2), count),
        _time(
            "duplicate check, known person",
            lambda i: duplicate_candidates(worker, duplicate_of(pick(i, everyone))),
            count,
        ),
        _time("duplicate check, new person", lambda i: duplicate_candidates(worker, new_person), count),
    ]  # fmt: skip
    return [row for row in timed if row is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000, help="size of the index (default 1,000,000)")
    parser.add_argument("--requests", type=int, default=100, help="timed calls per scenario")
    parser.add_argument("--only", default="", help="time only the scenarios whose name contains this text")
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    _prepare(args.persons)
    print(
        f"\nJisr beneficiary index — {connection.vendor}, {args.persons:,} persons, {args.requests} calls per scenario"
    )
    print(f"{'scenario':<42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, p50, p95, worst in _scenarios(args.requests, args.only):
        print(f"{label:<42} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    command = " ".join(["python -m bench.people", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
