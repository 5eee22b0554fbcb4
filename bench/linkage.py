"""Benchmark record linkage (Splink, DuckDB) over the beneficiary index: time, memory, recall, precision.

    .venv/bin/python -m bench.linkage --persons 1000000                          # SQLite
    tools/with_postgres.sh .venv/bin/python -m bench.linkage --persons 1000000   # PostgreSQL 15

Prepares the index like bench/people.py (demo data, then synthetic persons up to --persons), then
registers --duplicates persons a second time as intake would miss them: the same names, sex, date of
birth and commune, no CIN, another phone; a tenth of them with the date of birth off by one day, a
tenth with one letter of the family name changed. Runs `jisr link_persons` once and prints its wall
time, its peak memory, and how many of the known duplicates it found (recall) and how many of the
pairs it proposed are known duplicates (precision; the others are coincidences of name and date of
birth in one commune that a reviewer would also want to see). Results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import tempfile
import time
import uuid


def _register_again(count: int, seed: int) -> set[frozenset[str]]:
    """Copies of `count` random persons as a careless second intake; returns the known pairs."""
    from jisr.people.models import Person
    from jisr.people.names import person_keys

    rng = random.Random(seed)
    ids = list(Person.objects.filter(merged_into=None).values_list("pk", flat=True))
    originals = Person.objects.filter(pk__in=rng.sample(ids, count))
    copies, known = [], set()
    for number, original in enumerate(originals.iterator()):
        copy = Person(
            id=uuid.uuid4(), first_name_ar=original.first_name_ar, last_name_ar=original.last_name_ar,
            first_name_latin=original.first_name_latin, last_name_latin=original.last_name_latin,
            sex=original.sex, birth_date=original.birth_date, commune_id=original.commune_id,
            province_id=original.province_id, region_code=original.region_code, phone=f"+21270{number:07d}",
        )  # fmt: skip
        if number % 10 == 1 and copy.birth_date:
            copy.birth_date += datetime.timedelta(days=1)
        elif number % 10 == 2 and len(copy.last_name_latin) > 3:
            copy.last_name_latin = copy.last_name_latin[:-1] + ("a" if copy.last_name_latin[-1] != "a" else "e")
            copy.last_name_ar = ""
        keys = person_keys(first_ar=copy.first_name_ar, last_ar=copy.last_name_ar,
                           first_latin=copy.first_name_latin, last_latin=copy.last_name_latin)  # fmt: skip
        for key, value in keys.items():
            setattr(copy, key, value)
        copies.append(copy)
        known.add(frozenset((str(original.pk), str(copy.pk))))
    Person.objects.bulk_create(copies, batch_size=5000)
    return known


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--duplicates", type=int, default=1_000)
    parser.add_argument("--threshold", type=float, default=0.95)
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-linkage-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.people import _prepare
    from jisr.people.linkage import linkage_run_execute, linkage_run_start
    from jisr.people.models import LinkagePair

    _prepare(args.persons)
    known = _register_again(args.duplicates, seed=args.persons)
    print(f"\nJisr record linkage — {connection.vendor}, {args.persons + args.duplicates:,} persons, "
          f"{len(known):,} known duplicates")  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    run = linkage_run_execute(linkage_run_start(acting_user=None, threshold=args.threshold).pk)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = {frozenset((str(left), str(right))) for left, right in
             LinkagePair.objects.filter(run=run).values_list("left_id", "right_id")}  # fmt: skip
    hits = len(found & known)
    print(f"  linkage of {run.persons:,} persons          {seconds:8.1f} s   peak {peak:7.0f} MB "
          f"(before: {before:.0f} MB)")  # fmt: skip
    print(f"  pairs proposed: {run.pairs:,} in {run.clusters:,} clusters")
    print(f"  recall: {hits:,} / {len(known):,} known duplicates = {hits / len(known):.1%}")
    print(f"  precision: {hits:,} / {len(found):,} pairs are known duplicates = {hits / max(len(found), 1):.1%}")
    print("\nreproduce: [tools/with_postgres.sh] .venv/bin/python -m bench.linkage "
          f"--persons {args.persons} --duplicates {args.duplicates}")  # fmt: skip


if __name__ == "__main__":
    main()
