"""Benchmark the audit log page and its export at national scale.

    .venv/bin/python -m bench.audit_log --rows 1000000                          # SQLite
    tools/with_postgres.sh .venv/bin/python -m bench.audit_log --rows 1000000   # PostgreSQL 15

Prepares a database (migrations, territories, the small demo data), then writes --rows audit entries
spread over two years, newest last as the log grows: views, updates, creations, sign-ins, exports and
deletions by some two hundred accounts, about centers, persons, cases, accounts and roles that exist
(so that the page resolves real names), with changes of each kind of value (ANALYZE after the load).
Then times, as the national officer, through Django's whole request stack (sessions, scope, the page's
names and links, the template): the first page, each filter alone, filters together, a page 200 pages
back (its position taken from the page before it), a record's history, and the CSV export of one
record's history. Prints p50/p95/max per scenario; results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

BATCH = 10_000
STAFF = 200


def _prepare() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    call_command("demo", small=True, verbosity=0)
    print(f"prepared the small demo in {time.perf_counter() - started:.1f} s")


def _staff() -> list[Any]:
    from jisr.accounts.models import User

    existing = User.objects.filter(username__startswith="bench-staff-").count()
    User.objects.bulk_create(
        [
            User(username=f"bench-staff-{number}", first_name=f"Prénom{number}", last_name=f"Nom{number}")
            for number in range(existing, STAFF)
        ]
    )
    return list(User.objects.all())


def _entries(rows: int, rng: random.Random) -> Iterator[Any]:
    """`rows` entries, oldest first, about records that exist, with changes of every kind of value."""
    from jisr.accounts.models import Role
    from jisr.cases.models import Case
    from jisr.centers.models import Center
    from jisr.core.models import AuditLog
    from jisr.people.models import Person

    users = _staff()
    centers = [str(pk) for pk in Center.objects.values_list("pk", flat=True)[:2000]]
    persons = [str(pk) for pk in Person.objects.values_list("pk", flat=True)[:5000]]
    cases = [str(pk) for pk in Case.objects.values_list("pk", flat=True)[:5000]]
    roles = list(Role.objects.values_list("pk", flat=True))
    statuses = [value for value, _label in Case.Status.choices]
    end = datetime.datetime.now(tz=datetime.UTC)
    start = end - datetime.timedelta(days=730)
    step = (end - start) / rows

    def about() -> tuple[str, str, str, dict[str, Any]]:
        kind = rng.random()
        if kind < 0.35 and cases:
            old, new = rng.sample(statuses, 2)
            return "update", "cases.case", rng.choice(cases), {"status": [old, new], "urgency": ["routine", "urgent"]}
        if kind < 0.6 and persons:
            return "view", "people.person", rng.choice(persons), {"read": ["disability"]}
        if kind < 0.8:
            capacity = rng.randint(10, 400)
            changes = {"capacity": [capacity, capacity + 5], "wheelchair_accessible": [False, True]}
            return "update", "centers.center", rng.choice(centers), changes
        if kind < 0.9:
            user = rng.choice(users)
            return "login", "accounts.user", str(user.pk), {}
        if kind < 0.95:
            return (
                "create",
                "accounts.membership",
                "",
                {"starts_on": [None, "2026-01-05"], "role": [None, rng.choice(roles)]},
            )
        if kind < 0.98:
            return "export", "core.auditlog", "", {"format": "CSV", "filters": {"action": "view"}, "rows": 12}
        return "delete", "centers.centerservice", str(rng.randint(1, 10**6)), {"eligibility": ["", ""]}

    for number in range(rows):
        actor = rng.choice(users)
        action, object_type, object_id, changes = about()
        yield AuditLog(
            occurred_at=start + step * number,
            actor=actor,
            actor_username=actor.username,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr="",
            changes=changes,
            ip_address="10.0.0.1",
        )


def _seed(rows: int) -> None:
    """Write the entries a batch at a time (their own times: `auto_now_add` is what a live log does)."""
    from django.db import connection, transaction

    from jisr.core.models import AuditLog

    present = AuditLog.objects.count()
    if present >= rows:
        print(f"the log already holds {present:,} entries")
        return
    started = time.perf_counter()
    field = AuditLog._meta.get_field("occurred_at")
    field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        batch: list[Any] = []
        for entry in _entries(rows - present, random.Random(12)):
            batch.append(entry)
            if len(batch) == BATCH:
                with transaction.atomic():
                    AuditLog.objects.bulk_create(batch)
                batch = []
        if batch:
            AuditLog.objects.bulk_create(batch)
    finally:
        field.auto_now_add = True  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"wrote {rows - present:,} audit entries in {time.perf_counter() - started:.1f} s")


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _time(label: str, request: Callable[[int], Any], count: int) -> tuple[str, float, float, float]:
    request(0)  # warm caches (templates, connections) once, as a running server would have
    samples = []
    for index in range(count):
        started = time.perf_counter()
        response = request(index)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code}")
    ordered = sorted(samples)
    return label, ordered[len(ordered) // 2], _percentile(samples, 0.95), ordered[-1]


def _scenarios(count: int) -> list[tuple[str, float, float, float]]:
    from django.test import Client
    from django.utils import timezone

    from jisr.accounts.models import User
    from jisr.core.models import AuditLog

    national = Client()
    national.force_login(User.objects.get(username="national"))
    rng = random.Random(5)
    persons = list(
        AuditLog.objects.filter(object_type="people.person")
        .exclude(object_id="")
        .values_list("object_id", flat=True)[: count * 3]
    )
    actors = [f"Prénom{number} Nom{number}" for number in range(STAFF)]
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    week = {"date_from": year_ago.isoformat(), "date_to": (year_ago + datetime.timedelta(days=6)).isoformat()}
    # The position 200 pages back, as a reader following "Older entries" would hold it.
    deep = AuditLog.objects.order_by("-occurred_at", "-id").values_list("pk", flat=True)[200 * 50]

    def page(**params: Any) -> Callable[[int], Any]:
        return lambda index: national.get("/accounts/audit/", params)

    return [
        _time("first page", page(), count),
        _time("action: update", page(action="update"), count),
        _time("type: cases", page(object_type="cases.case"), count),
        _time(
            "person acting, by name", lambda i: national.get("/accounts/audit/", {"actor": rng.choice(actors)}), count
        ),
        _time("a week a year ago", page(**week), count),
        _time("a week a year ago, logins", page(action="login", **week), count),
        _time("200 pages back", page(before=deep), count),
        _time(
            "a person's history",
            lambda i: national.get(
                "/accounts/audit/", {"object_type": "people.person", "object_id": rng.choice(persons)}
            ),
            count,
        ),
        _time(
            "CSV of a person's history",
            lambda i: national.get(
                "/accounts/audit/export.csv", {"object_type": "people.person", "object_id": rng.choice(persons)}
            ),
            count,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="audit entries (default 1,000,000)")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per scenario")
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["AXES_ENABLED"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    _prepare()
    _seed(args.rows)
    print(f"\nJisr audit log — {connection.vendor}, {args.rows:,} entries, {args.requests} requests per scenario")
    print(f"{'scenario':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, p50, p95, worst in _scenarios(args.requests):
        print(f"{label:<34} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    command = " ".join(["python -m bench.audit_log", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
