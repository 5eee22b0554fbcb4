"""The whole way through real processes: an import queued in Redis, run by a Celery worker, whose end is
notified and whose e-mail the worker sends after the commit (the rest of the suite runs tasks eagerly)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from tests.registry.test_worker import _port

pytestmark = [
    pytest.mark.slow,
    # Its processes share a SQLite file of their own whatever the suite's database is: the PostgreSQL pass would
    # repeat the same run (a worker on PostgreSQL is tested by tests/registry/test_import_faults.py).
    pytest.mark.skipif("DATABASE_URL" in os.environ, reason="runs on its own SQLite file: the SQLite pass runs it"),
]
REPO = Path(__file__).resolve().parents[2]
SCRIPT = """
from pathlib import Path
from jisr.accounts.models import Membership, Role, User
from jisr.registry.services import import_job_queue
user = User.objects.create_user("officer", "officer@example.org", "x", preferred_language="fr")
Membership.objects.create(user=user, role=Role.objects.get(slug="national_officer"))
import_job_queue(acting_user=user, path=Path({path!r}), file_name="r.csv", policy="refuse", kind="households")
"""
PROBE = "from jisr.notifications.models import Notification as N; print(*N.objects.values_list('kind', 'emailed_at'))"


def _jisr(env: dict[str, str], *args: str) -> str:
    # A migrate from scratch is ~25 s of CPU: the bound only catches a hang, not a busy machine.
    done = subprocess.run([sys.executable, "-m", "jisr", *args], env=env, cwd=REPO, capture_output=True, text=True,  # noqa: S603
                          timeout=600, check=True)  # fmt: skip
    return done.stdout


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="Debian's redis-server is installed by make test")
def test_an_import_ends_and_its_owner_is_e_mailed_by_the_worker(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = _port()
    mailbox = tmp_path / "mail"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JISR_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(JISR_DEMO="1", JISR_VAR_DIR=str(tmp_path), CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0",
               CELERY_TASK_ALWAYS_EAGER="0", JISR_BACKGROUND_THREAD="0", PYTHONPATH=str(REPO),
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mailbox),
               JISR_SITE_URL="https://jisr.example.ma")  # fmt: skip
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",  # noqa: S603,S607
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)  # fmt: skip
    worker = None
    try:
        _jisr(env, "migrate", "--noinput", "-v", "0")
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, cwd=REPO, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.copy(REPO / "docs" / "examples" / "registry-households.csv", tmp_path / "r.csv")
        _jisr(env, "shell", "-c", SCRIPT.format(path=str(tmp_path / "r.csv")))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(mailbox.glob("*.log")):
            time.sleep(1)
        [sent] = list(mailbox.glob("*.log"))
        message = message_from_bytes(sent.read_bytes())
        assert message["To"] == "officer@example.org" and message["Content-Language"] == "fr"
        assert str(make_header(decode_header(message["Subject"]))).startswith("Jisr")
        body = message.get_payload(decode=True).decode()
        assert "https://jisr.example.ma/notifications/" in body and "r.csv" not in body
        kinds = _jisr(env, "shell", "-c", PROBE)
        assert "registry.import_finished" in kinds and "None" not in kinds, kinds  # told, and e-mailed once
    finally:
        for process in (worker, redis):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
