"""Faults in the middle of a registry import run by a real Celery worker through a real Redis broker
(Debian's redis-server, started here) on PostgreSQL: the worker killed (kill -9), PostgreSQL restarted.
The job ends `failed` with a clear message in its language, the households written are a whole number
of chunks (no chunk half-written), and importing the same file again completes with the right totals.

They run in the PostgreSQL pass of `make test` (tools/with_postgres.sh): the worker must see the test's
database, which an in-memory SQLite database is not.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.registry.importing.writing import CHUNK

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker must share the test's database, which "
                       "an in-memory SQLite one is not: the PostgreSQL pass of make test runs these tests"),
]  # fmt: skip
BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOUSEHOLDS = 10 * CHUNK  # ten chunks: long enough to stop in the middle
needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None, reason="Debian's redis-server (make test)")


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def _url(settings_dict: dict[str, Any], name: str | None = None) -> str:
    db = settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"


@pytest.fixture(scope="module")
def households_file(tmp_path_factory: pytest.TempPathFactory, django_db_setup, django_db_blocker) -> Path:  # type: ignore[no-untyped-def]
    """HOUSEHOLDS valid households, no repeated id: every chunk written holds exactly CHUNK of them."""
    from jisr.registry.synthetic import generate, write

    path = tmp_path_factory.mktemp("faults") / "households.csv"
    with django_db_blocker.unblock():  # the communes of the territories
        write(generate(households=HOUSEHOLDS, seed=21, duplicates=0, errors=0), path)
    return path


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[str]:
    port = _port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S603,S607
                              "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        redis.terminate()
        redis.wait(timeout=30)


class Installation:
    """The processes of a deployment around one database: Celery workers and the `jisr` command."""

    def __init__(self, database_url: str, broker: str, var_dir: Path) -> None:
        self.env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker,
                    "CELERY_TASK_ALWAYS_EAGER": "0", "JISR_VAR_DIR": str(var_dir),
                    "JISR_IMPORT_STALLED_SECONDS": "4", "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_worker(self) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen([str(BIN / "celery"), "-A", "config", "worker", "--pool", "solo",  # noqa: S603
                                   "--loglevel", "WARNING"], env=self.env, stdout=subprocess.DEVNULL)  # fmt: skip
        self.workers.append(worker)
        return worker

    def import_in_background(self, path: Path) -> int:
        done = subprocess.run([str(BIN / "jisr"), "registry", "import", str(path), "--background"],  # noqa: S603
                              env=self.env, capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
        return int(done.stdout.split()[2])  # "import job 12 queued"

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)


def _stopped_message(job_language: str) -> str:
    with translation.override(job_language):
        return _("The import stopped without finishing: its worker or the server stopped. What was "
                 "written is whole; import the file again to finish it.")  # fmt: skip


@needs_redis
def test_a_worker_killed_in_the_middle_of_an_import(  # type: ignore[no-untyped-def]
    committed_db, households_file: Path, broker: str, tmp_path: Path, settings
) -> None:
    from jisr.registry.models import ImportJob, RegistryHousehold
    from jisr.registry.services import import_jobs_mark_stalled

    settings.JISR_IMPORT_STALLED_SECONDS = 4
    site = Installation(_url(connection.settings_dict), broker, tmp_path)
    try:
        worker = site.start_worker()
        job_id = site.import_in_background(households_file)
        _wait(lambda: ImportJob.objects.filter(pk=job_id, rows_done__gte=CHUNK).exists(), 180, "a first chunk")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        written = RegistryHousehold.objects.count()
        assert 0 < written < HOUSEHOLDS, "stopped in the middle"
        assert written % CHUNK == 0, "every chunk written is whole, none half-written"

        _wait(import_jobs_mark_stalled, 30, "the stalled-job rule to see the lost worker")
        job = ImportJob.objects.get(pk=job_id)
        assert job.status == ImportJob.Status.FAILED
        assert job.message == _stopped_message(job.language)

        site.start_worker()
        again = site.import_in_background(households_file)
        _wait(lambda: ImportJob.objects.filter(pk=again, status=ImportJob.Status.DONE).exists(), 240, "the re-run")
        rerun = ImportJob.objects.get(pk=again)
        assert (rerun.created, rerun.refused, rerun.invalid) == (HOUSEHOLDS - written, written, 0)
        assert RegistryHousehold.objects.count() == HOUSEHOLDS
    finally:
        site.stop()


class Cluster:
    """A PostgreSQL 15 cluster of this test alone (restarting the suite's would cut the other tests)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, _port()
        self.owner = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def ctl(self, *args: str) -> None:
        subprocess.run([*self.owner, str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-l",  # noqa: S603
                        str(self.folder / "server.log"), "-w", *args], check=True, capture_output=True)  # fmt: skip

    def start(self) -> None:
        if self.owner:
            shutil.chown(self.folder, "postgres")
        subprocess.run([*self.owner, str(PG_BIN / "initdb"), "-D", str(self.folder / "data"), "-U", "jisr",  # noqa: S603
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)  # fmt: skip
        self.ctl("-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off", "start")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://jisr@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 (Debian's postgresql package, installed by make test)")
    own = Cluster(Path(tempfile.mkdtemp(prefix="jisr-pg-fault-")))  # in /tmp: its owner, postgres, can reach it
    try:
        own.start()
        yield own
    finally:
        subprocess.run([*own.owner, str(PG_BIN / "pg_ctl"), "-D", str(own.folder / "data"), "-m", "immediate",  # noqa: S603
                        "stop"], capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(own.folder, ignore_errors=True)


def _sql(url: str, query: str, *parameters: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as db:
        cursor = db.execute(query, parameters or None)  # type: ignore[call-overload]
        return cursor.fetchall() if cursor.description else []


@needs_redis
def test_postgresql_restarted_in_the_middle_of_an_import(  # type: ignore[no-untyped-def]
    db, cluster: Cluster, households_file: Path, broker: str, tmp_path: Path
) -> None:
    _sql(cluster.url(), "CREATE DATABASE jisr")
    dump = subprocess.run([str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner",  # noqa: S603
                           "--dbname", _url(connection.settings_dict)], check=True, capture_output=True)  # fmt: skip
    subprocess.run([str(PG_BIN / "pg_restore"), "--no-owner", "--dbname", cluster.url("jisr")],  # noqa: S603
                   input=dump.stdout, check=True, capture_output=True)  # fmt: skip
    url = cluster.url("jisr")

    def job(job_id: int) -> tuple[Any, ...]:
        query = "SELECT status, message, rows_done, created, refused, language FROM registry_importjob WHERE id = %s"
        rows = _sql(url, query, job_id)
        return rows[0]

    def households() -> int:
        return int(_sql(url, "SELECT count(*) FROM registry_registryhousehold")[0][0])

    site = Installation(url, broker, tmp_path)
    try:
        site.start_worker()
        job_id = site.import_in_background(households_file)
        _wait(lambda: job(job_id)[2] >= CHUNK, 180, "a first chunk")
        cluster.ctl("-m", "fast", "restart")
        status, message, *_counts, language = _wait(lambda: (row := job(job_id))[0] != "running" and row, 60,
                                                     "the job to end")  # fmt: skip
        written = households()
        assert 0 < written < HOUSEHOLDS and written % CHUNK == 0, "every chunk written is whole, none half-written"
        assert status == "failed"
        with translation.override(language):
            assert message == _("The import stopped: the database could not be reached. What was written "
                                "is whole; import the file again to finish it.")  # fmt: skip

        again = site.import_in_background(households_file)  # the same worker, after the restart
        _wait(lambda: job(again)[0] == "done", 240, "the re-run")
        _status, _message, _done, created, refused, _language = job(again)
        assert (created, refused) == (HOUSEHOLDS - written, written)
        assert households() == HOUSEHOLDS
    finally:
        site.stop()
