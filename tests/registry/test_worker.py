"""A real import through a real Celery worker and a real Redis broker, both started here (Debian's
redis-server), on a file database shared by the processes — the rest of the suite runs tasks eagerly."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    # Its processes share a SQLite file of their own whatever the suite's database is: the PostgreSQL pass would
    # repeat the same run (a worker on PostgreSQL is tested by tests/registry/test_import_faults.py).
    pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs on its own SQLite file: the SQLite pass runs it"),
]
BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _jisr(env: dict[str, str], *args: str) -> str:
    # A migrate from scratch is ~25 s of CPU: the bound only catches a hang, not a busy machine.
    done = subprocess.run([str(BIN / "jisr"), *args], env=env, capture_output=True, text=True, timeout=600, check=True)  # noqa: S603
    return done.stdout


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="Debian's redis-server is installed by make test")
def test_an_import_runs_in_a_celery_worker_through_redis(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = _port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JISR_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(JISR_DEMO="1", JISR_VAR_DIR=str(tmp_path), CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
               CELERY_TASK_ALWAYS_EAGER="0")  # fmt: skip
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S603,S607
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    worker = None
    try:
        _jisr(env, "migrate", "--noinput", "-v", "0")
        _jisr(env, "load_territories")
        worker = subprocess.Popen(  # noqa: S603
            [str(BIN / "celery"), "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _jisr(env, "registry", "generate", "--households", "400", "--seed", "3", "--out", str(tmp_path / "r.csv"))
        assert "queued" in _jisr(env, "registry", "import", str(tmp_path / "r.csv"), "--background")
        probe = "from jisr.registry.models import ImportJob as J; j = J.objects.get(); print(j.status, j.created)"
        deadline = time.monotonic() + 90
        status = ""
        while time.monotonic() < deadline:
            status = _jisr(env, "shell", "-c", probe).strip().splitlines()[-1]
            if status.split()[0] in ("done", "failed", "cancelled"):
                break
            time.sleep(1)
        state, created = status.split()
        assert state == "done" and int(created) > 350
    finally:
        for process in (worker, redis):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
