"""Soak test: 50 users for 10 minutes on gunicorn + PostgreSQL (durable), reading and writing.

    make bench                                                                   # includes this soak
    JISR_PG_DURABLE=1 tools/with_postgres.sh .venv/bin/python -m bench.soak      # 50 users, 600 s
    .venv/bin/python -m bench.soak --seconds 60 --users 10                       # SQLite, quick look

Prepares the database like bench.people (--persons persons, a case for one in five), gives two social
workers (Agadir, Oujda) and a regional coordinator a session and an API token, starts gunicorn
(--workers processes × 4 threads) and runs locust (bench/locust_soak.py) headless: the users browse
the case list, case pages and the API lists, and the social workers receive people as they would —
open a case, record a listening, send a referral to the other center. Prints the request count,
the error count (target 0), and the median and p95 per kind of request, with the command that
reproduces it. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def _plan(path: Path, persons_per_worker: int) -> dict[str, Any]:
    """For each persona: a session, an API token, the cases it may read; for the social workers, the
    persons of their center (to open cases for) and the center their referrals go to."""
    from bench.load_cases import session_of
    from jisr.accounts.models import User
    from jisr.accounts.tokens import token_issue
    from jisr.cases.selectors import visible_cases
    from jisr.people.models import Person

    centers = {name: User.objects.get(username=name).memberships.values_list("center_id", flat=True).first()
               for name in ("worker-agadir", "worker-oujda")}  # fmt: skip
    personas = []
    for username, other in (("worker-agadir", "worker-oujda"), ("worker-oujda", "worker-agadir"), ("region-rsk", "")):
        user = User.objects.get(username=username)
        _record, token = token_issue(user=user, name="soak")
        cases = [str(pk) for pk in visible_cases(user).order_by("?").values_list("pk", flat=True)[:500]]
        persona: dict[str, Any] = {"username": username, "session": session_of(user), "token": token, "cases": cases}
        if other:
            persons = Person.objects.filter(registered_at_id=centers[username]).order_by("?")
            persona.update(
                center=str(centers[username]),
                refer_to=str(centers[other]),
                persons=[str(pk) for pk in persons.values_list("pk", flat=True)[:persons_per_worker]],
            )
        personas.append(persona)
    plan = {"personas": personas}
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan


def main() -> None:
    from bench.load_cases import load_arguments, serve_and_load, setup_django

    args = load_arguments(__doc__, persons=20_000, seconds=600)
    os.environ["AXES_ENABLED"] = "0"
    setup_django("jisr-soak-")
    from django.db import connection

    from bench.people import _prepare

    _prepare(args.persons)
    workdir = Path(tempfile.mkdtemp(prefix="jisr-soak-"))
    _plan(workdir / "plan.json", persons_per_worker=2000)
    vendor = connection.vendor
    from jisr.cases.models import Case
    from jisr.people.models import Person

    persons, cases = Person.objects.count(), Case.objects.count()
    connection.close()
    rows = serve_and_load(Path(__file__).with_name("locust_soak.py"), workdir, users=args.users, seconds=args.seconds,
                          workers=args.workers)  # fmt: skip
    durable = " (durable)" if os.environ.get("JISR_PG_DURABLE") else ""
    print(f"\nJisr soak — {vendor}{durable}, {args.users} users for {args.seconds} s, {args.workers} gunicorn "
          f"workers × 4 threads, {persons:,} persons, {cases:,} cases before the run")  # fmt: skip
    print(f"{'request':<22} {'count':>7} {'errors':>6} {'req/s':>6} {'median ms':>9} {'p95 ms':>7} {'max ms':>7}")
    for row in rows:
        worst = float(row["Max Response Time"])
        print(f"{row['Name']:<22} {row['Request Count']:>7} {row['Failure Count']:>6} "
              f"{float(row['Requests/s']):>6.1f} {row['50%']:>9} {row['95%']:>7} {worst:>7.0f}")  # fmt: skip
    failures = workdir / "load_failures.csv"
    if failures.exists() and failures.read_text(encoding="utf-8").count("\n") > 1:
        print("\nerrors:\n" + failures.read_text(encoding="utf-8"))
    command = " ".join(["python -m bench.soak", *sys.argv[1:]])
    prefix = "JISR_PG_DURABLE=1 tools/with_postgres.sh " if vendor == "postgresql" else ""
    print(f"\nreproduce: {prefix}.venv/bin/{command}")


if __name__ == "__main__":
    main()
