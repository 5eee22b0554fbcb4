"""Benchmark the rehabilitation programme's page and API on the full demo programme (240 centers, 1,680 phases).

    .venv/bin/python -m bench.rehabilitation                          # SQLite
    tools/with_postgres.sh .venv/bin/python -m bench.rehabilitation   # PostgreSQL 15

Prepares a database (migrations, territories, the full demo centers with their works), then times, through
Django's whole request stack (sessions, scope, template), the programme page as the national officer (in
Arabic: the mirrored timeline) and as the Rabat-Salé-Kénitra coordinator, the page filtered to late centers,
one center's works page, and the API's list. Prints p50/p95/max and the queries per request; results are
recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def _prepare() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    call_command("demo", verbosity=0)
    print(f"prepared the full demo centers in {time.perf_counter() - started:.1f} s")


def _time(client, url: str, requests: int) -> tuple[float, float, float, int]:  # type: ignore[no-untyped-def]
    from django.db import connection

    client.get(url)  # warm
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, timings[-1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    from django.test import Client

    from jisr.accounts.models import User
    from jisr.centers.models import CenterWorks

    settings.ALLOWED_HOSTS = ["*"]
    _prepare()
    works = CenterWorks.objects.order_by("center__code").first()
    assert works is not None
    clients = {}
    for username in ("national", "region-rsk"):
        client = Client(HTTP_ACCEPT_LANGUAGE="ar")
        client.force_login(User.objects.get(username=username))
        client.cookies["jisr_language"] = "ar"
        clients[username] = client
    scenarios = [
        ("programme, national (ar)", "national", "/partnerships/rehabilitation/"),
        ("programme, late only", "national", "/partnerships/rehabilitation/?late=on"),
        ("programme, RSK coordinator", "region-rsk", "/partnerships/rehabilitation/"),
        ("one center's works", "national", f"/partnerships/rehabilitation/{works.pk}/"),
        ("API list, page 1", "national", "/api/v1/partnerships/rehabilitation"),
    ]
    print(f"\nJisr rehabilitation — {connection.vendor}, {CenterWorks.objects.count()} centers in the programme, "
          f"{args.requests} requests per scenario")  # fmt: skip
    print(f"{'scenario':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, username, url in scenarios:
        p50, p95, worst, queries = _time(clients[username], url, args.requests)
        print(f"{label:<30} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f} {queries:>8}")
    command = " ".join(["python -m bench.rehabilitation", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
