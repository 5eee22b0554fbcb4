"""Load test of the case list and the case page with 50 concurrent users (locust, a second process).

    tools/with_postgres.sh .venv/bin/python -m bench.load_cases --persons 1000000   # 200,000 cases
    .venv/bin/python -m bench.load_cases --persons 20000                             # SQLite, quick look

Prepares the database like bench.people (1,000,000 persons, a case for one in five, at their
center), gives the demo social worker of Agadir and a regional coordinator a large caseload, opens
sessions for them, starts gunicorn (3 workers × 4 threads), then runs locust headless for --seconds
with --users users (think time 0.5–2 s) and prints p50/p95/p99 per request type with the throughput.
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
GUNICORN_CONFIG = Path(__file__).resolve().parents[1] / "config" / "gunicorn.py"  # as deployed (docs/deploy.md)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _plan(path: Path, cases_per_persona: int) -> dict[str, Any]:
    """Sessions and visible case ids for the personas of the load: a social worker, a regional coordinator."""
    from django.db import connection

    from jisr.accounts.models import User
    from jisr.cases.models import Case
    from jisr.cases.selectors import visible_cases

    worker = User.objects.get(username="worker-agadir")
    center_id = worker.memberships.values_list("center_id", flat=True).first()
    # A heavy caseload: 5,000 cases at the worker's center, 2,000 of them assigned to the worker.
    missing = max(0, 5000 - Case.objects.filter(center_id=center_id).count())  # idempotent on a reused database
    moved = list(Case.objects.exclude(center_id=center_id).filter(reference__startswith="B-")
                 .order_by("reference").values_list("pk", flat=True)[:missing])  # fmt: skip
    from jisr.centers.models import Center

    center = Center.objects.get(pk=center_id)
    Case.objects.filter(pk__in=moved).update(center=center, province_id=center.province_id,
                                             region_code=center.region_code)  # fmt: skip
    if moved:
        Case.objects.filter(pk__in=moved[:2000]).update(assigned_to=worker)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case")
    personas = []
    for username in ("worker-agadir", "region-rsk"):
        user = User.objects.get(username=username)
        ids = [str(pk) for pk in visible_cases(user).order_by("?").values_list("pk", flat=True)[:cases_per_persona]]
        personas.append({"username": username, "session": session_of(user), "cases": ids,
                         "visible": visible_cases(user).count()})  # fmt: skip
    plan = {"personas": personas}
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan


def session_of(user: Any) -> str:
    """The key of a new logged-in session of `user` (the cookie a browser would hold after signing in)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 — our own local server
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _report(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def serve_and_load(locustfile: Path, workdir: Path, *, users: int, seconds: int, workers: int) -> list[dict[str, str]]:
    """Start gunicorn (`workers` processes × 4 threads) on a free port, run locust headless with `locustfile`
    (its plan in workdir/plan.json) for `seconds` with `users` users, stop the server; locust's stats rows."""
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 — fixed command line
        [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONFIG), "config.wsgi:application", "--workers", str(workers),
         "--threads", "4", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
    )  # fmt: skip
    try:
        _wait_until_up(f"{host}/")
        subprocess.run(  # noqa: S603
            [str(BIN / "locust"), "-f", str(locustfile), "--headless",
             "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s",
             "--host", host, "--csv", str(workdir / "load"), "--only-summary", "--loglevel", "WARNING"],
            env={**os.environ, "JISR_LOAD_PLAN": str(workdir / "plan.json")}, check=False,  # failures: see the table
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    return _report(workdir / "load")


def load_arguments(description: str | None, *, persons: int, seconds: int) -> argparse.Namespace:
    """The options of a load run: size of the index, users, duration, gunicorn workers."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=persons, help=f"size of the index ({persons:,}; a case for "
                        "one in five)")  # fmt: skip
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--seconds", type=int, default=seconds, help=f"duration of the load (default {seconds})")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    return parser.parse_args()


def setup_django(prefix: str) -> None:
    """Django in demo mode on $JISR_VAR_DIR (a new temporary folder unless given)."""
    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def main() -> None:
    args = load_arguments(__doc__, persons=1_000_000, seconds=90)
    setup_django("jisr-load-")
    from django.db import connection

    from bench.people import _prepare

    _prepare(args.persons)
    workdir = Path(tempfile.mkdtemp(prefix="jisr-locust-"))
    plan = _plan(workdir / "plan.json", cases_per_persona=500)
    vendor = connection.vendor
    connection.close()
    rows = serve_and_load(Path(__file__).with_name("locustfile.py"), workdir, users=args.users, seconds=args.seconds,
                          workers=args.workers)  # fmt: skip
    visible = ", ".join(f"{p['username']} sees {p['visible']:,} cases" for p in plan["personas"])
    print(f"\nJisr case pages under load — {vendor}, {args.users} users for {args.seconds} s, "
          f"{args.workers} gunicorn workers × 4 threads; {visible}")  # fmt: skip
    print(f"{'request':<16} {'count':>7} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in rows:
        print(f"{row['Name']:<16} {row['Request Count']:>7} {row['Failure Count']:>5} "
              f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}")  # fmt: skip
    command = " ".join(["python -m bench.load_cases", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
