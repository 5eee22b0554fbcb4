"""Benchmark the social map on an existing database (the demo's, or the one `bench.registry` filled).

    JISR_DEMO=1 .venv/bin/python -m bench.socialmap                      # the SQLite file in $JISR_VAR_DIR
    tools/with_postgres.sh .venv/bin/python -m bench.socialmap           # PostgreSQL (after bench.registry)

Loads the census indicators if they are missing, times one refresh of the stored layers (the only
step whose cost grows with the registry), then times through Django's full request stack: the
values endpoint for the 1,503 communes (national officer, and analyst with suppression applied) — its
answer from the cache, built afresh (the cache emptied before each request: the first request after a
refresh) and revalidated by its ETag (304) —
the map page's first render (nation, a region) and prints the outlines' sizes, raw and gzipped.
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import gzip
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REQUESTS = 60


def _percentiles(action: Callable[[], object]) -> tuple[float, float, float]:
    """p50, p95 of the wall time, and p95 of the process's CPU time (what a shared, loaded machine cannot inflate)."""
    timings, cpu = [], []
    for _ in range(REQUESTS):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    cpu.sort()
    return statistics.median(timings), timings[int(0.95 * len(timings)) - 1], cpu[int(0.95 * len(cpu)) - 1]


def _shown(p50: float, p95: float, cpu: float) -> str:
    return f"  p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   CPU p95 {cpu:6.1f} ms"


def main() -> None:
    os.environ.setdefault("JISR_DEMO", "1")  # as bench.registry: no secret key to set for a bench
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from jisr.accounts.models import User
    from jisr.registry.models import RegistryHousehold
    from jisr.socialmap.census import load_indicators
    from jisr.socialmap.models import Indicator, IndicatorValue, Refresh
    from jisr.socialmap.services import refresh_run

    settings.ALLOWED_HOSTS = ["*"]
    print(f"database: {settings.DATABASES['default']['ENGINE']}, {RegistryHousehold.objects.count():,} households")
    if not IndicatorValue.objects.filter(indicator_id="population").exists():
        started = time.perf_counter()
        load_indicators()
        print(f"  load_indicators                       {time.perf_counter() - started:8.1f} s")
    started = time.perf_counter()
    refresh_run(Refresh.objects.create(reason="bench").pk)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  refresh of the stored layers          {time.perf_counter() - started:8.1f} s   (peak RSS {peak:,.0f} MB)")
    gap = Indicator.objects.filter(key__endswith=".gap").order_by("key").first()
    key = gap.key if gap else "registry.persons"
    for username in ("national", "analyst"):
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"  (no {username} account: run `jisr demo` first)")
            continue
        client = Client()
        client.force_login(user)
        url = f"/api/v1/socialmap/values?indicator={key}&level=commune"
        answer = client.get(url)
        assert answer.status_code == 200 and len(answer.json()) == 1503, answer.status_code
        etag = answer["ETag"]

        def cold(client: Client = client, url: str = url) -> object:
            cache.clear()  # every request builds its answer: the first one after a refresh
            return client.get(url)

        for label, action in (
            ("cached", lambda client=client, url=url: client.get(url)),
            ("built", cold),
            ("304", lambda client=client, url=url, etag=etag: client.get(url, HTTP_IF_NONE_MATCH=etag)),
        ):
            p50, p95, cpu = _percentiles(action)
            print(f"  values, 1,503 communes, {label:<6} ({username:<8}) ", _shown(p50, p95, cpu))
        for label, page in (("nation", "/socialmap/"), ("a region", "/socialmap/?level=region&code=04")):
            p50, p95, cpu = _percentiles(lambda client=client, page=page: client.get(page))
            print(f"  map page, {label:<9} ({username:<8}) ", _shown(p50, p95, cpu))
    data = Path(__file__).resolve().parents[1] / "jisr" / "territories" / "data"
    for name in ("regions", "provinces", "communes"):
        raw = (data / f"{name}.geojson").read_bytes()
        print(f"  {name}.geojson: {len(raw) / 1024:7.0f} KB, gzip {len(gzip.compress(raw)) / 1024:6.0f} KB")


if __name__ == "__main__":
    sys.exit(main())
