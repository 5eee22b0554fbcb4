"""`jisr check --deploy` is clean with the production settings documented in docs/deploy.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x7#production-like-secret-key-for-the-check-only-9f2c1b7e4d8a6f3b5c0e1d2a",
    "ALLOWED_HOSTS": "jisr.example.ma",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_COOKIES": "1",
    "JISR_FIELD_KEYS": "bXktcHJvZHVjdGlvbi1saWtlLWZpZWxkLWtleS0zMmI=",
    "JISR_SMS_BACKEND": "jisr.core.sms.backends.HttpBackend",
    "JISR_SMS_HTTP_URL": "https://sms.example.ma/v1/messages",
}


def _check_deploy(tmp_path: Path, **changes: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"JISR_TESTING", "JISR_DEMO", "DEBUG"}}
    env.update({**PRODUCTION_ENV, **changes, "JISR_VAR_DIR": str(tmp_path)})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_check_deploy_is_clean(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_check_deploy_wants_an_sms_backend_that_delivers(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, JISR_SMS_BACKEND="jisr.core.sms.backends.ConsoleBackend")
    assert result.returncode != 0 and "khadamati.W001" in result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"JISR_TESTING", "JISR_DEMO", "DEBUG", "SECRET_KEY"}}
    env["JISR_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "check"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
