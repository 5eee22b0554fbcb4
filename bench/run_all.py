"""Benchmark the foundation's read paths at national scale.

    make bench                                   # PostgreSQL 15 (throwaway cluster) and 50,000 centers
    .venv/bin/python -m bench.run_all --centers 50000            # on the SQLite file in $JISR_VAR_DIR
    tools/with_postgres.sh .venv/bin/python -m bench.run_all     # on PostgreSQL

Prepares the database (migrate, territories, demo data, synthetic centers up to --centers), then
times each scenario in-process through Django's full request stack (middleware, templates, JSON
schemas) and prints p50/p95/max per scenario. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

SCENARIOS_REQUESTS = 60


def _prepare(centers: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench.scale_centers import scale_centers

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    call_command("demo", verbosity=0)
    added = scale_centers(centers)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would have gathered by now
        cursor.execute("ANALYZE")
    print(f"prepared {centers:,} centers (+{added:,} synthetic) in {time.perf_counter() - started:.1f} s")


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _time(label: str, request: Callable[[int], int], count: int) -> tuple[str, float, float, float]:
    request(0)  # warm caches (templates, connections) once, as a running server would have
    samples = []
    for index in range(count):
        started = time.perf_counter()
        status = request(index)
        samples.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{label}: HTTP {status}")
    return label, statistics.median(samples), _percentile(samples, 0.95), max(samples)


def _scenarios(count: int) -> list[tuple[str, float, float, float]]:
    from django.test import Client

    from jisr.accounts.models import User
    from jisr.accounts.tokens import token_issue
    from jisr.centers.models import Center, CenterService
    from jisr.territories.models import Province

    rng = random.Random(7)
    anonymous = Client()
    staff = Client()
    staff.force_login(User.objects.get(username="province-agadir"))
    _, token = token_issue(user=User.objects.get(username="national"), name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    center_ids = list(Center.objects.values_list("id", flat=True).order_by("?")[:500])
    service_ids = list(CenterService.objects.values_list("id", flat=True).order_by("?")[:500])
    provinces = list(Province.objects.values_list("code", flat=True))
    regions = sorted({code.split(".")[0] for code in provinces})
    total_pages = max(1, CenterService.objects.count() // 50)

    def get(client: Client, url: str, **headers: str) -> int:
        return client.get(url, **headers).status_code

    return [
        _time("directory, first page", lambda i: get(anonymous, "/centers/"), count),
        _time("directory, region filter", lambda i: get(anonymous, f"/centers/?region={regions[i % 12]}"), count),
        _time("directory, search 'Agadir'", lambda i: get(anonymous, "/centers/?q=Agadir"), count),
        _time(
            "directory, search 'أكادير'",
            lambda i: get(anonymous, "/centers/?q=%D8%A3%D9%83%D8%A7%D8%AF%D9%8A%D8%B1"),
            count,
        ),
        _time(
            "directory, province + service, page 2",
            lambda i: get(anonymous, f"/centers/?province={rng.choice(provinces)}&service=legal-aid&page=2"),
            count,
        ),
        _time(
            "directory, htmx partial", lambda i: get(anonymous, "/centers/?kind=women", HTTP_HX_REQUEST="true"), count
        ),
        _time("center page", lambda i: get(anonymous, f"/centers/{center_ids[i % len(center_ids)]}/"), count),
        _time("home, provincial coordinator", lambda i: get(staff, "/"), count),
        _time(
            "HSDS services, deep page",
            lambda i: get(anonymous, f"/hsds/services?page={rng.randint(1, total_pages)}&per_page=50"),
            count,
        ),
        _time(
            "HSDS service, full", lambda i: get(anonymous, f"/hsds/services/{service_ids[i % len(service_ids)]}"), count
        ),
        _time("HSDS organizations", lambda i: get(anonymous, "/hsds/organizations?per_page=50"), count),
        _time("API centers, region filter", lambda i: get(api, f"/api/v1/centers?region={regions[i % 12]}"), count),
        _time(
            "API communes of a province",
            lambda i: get(api, f"/api/v1/territories/communes?province={provinces[i % 75]}"),
            count,
        ),
        _time("territory page, province", lambda i: get(anonymous, f"/territories/{provinces[i % 75]}/"), count),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centers", type=int, default=50_000, help="size of the directory (default 50,000)")
    parser.add_argument("--requests", type=int, default=SCENARIOS_REQUESTS, help="requests per scenario")
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
    _prepare(args.centers)
    engine = connection.vendor
    print(f"\nJisr foundation benchmark — {engine}, {args.centers:,} centers, {args.requests} requests per scenario")
    print(f"{'scenario':<42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, p50, p95, worst in _scenarios(args.requests):
        print(f"{label:<42} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    command = " ".join(["python -m bench.run_all", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if engine == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
