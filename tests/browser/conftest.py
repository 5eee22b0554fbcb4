"""Browser tests: a real `jisr runserver` on a demo database, driven by Debian's Chromium.

The server runs in its own process on its own SQLite file (prepared once per test session with
migrate, load_territories, load_indicators, `demo --small` and refresh_socialmap), so the pages are
exercised exactly as a person sees them.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "static" / "vendor" / "axe" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_jisr(env: dict[str, str], *args: str) -> None:
    """A `jisr` command on the test server's database (to prepare it, or a file from its territories)."""
    subprocess.run([sys.executable, "-m", "jisr", *args], env=env, check=True, cwd=REPO, stdout=subprocess.DEVNULL)  # noqa: S603


@pytest.fixture(scope="session")
def live_env() -> dict[str, str]:
    """The environment of the test server: its own var directory and SQLite file, demo data loaded."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does).")
    workdir = tempfile.mkdtemp(prefix="jisr-browser-")
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"JISR_VAR_DIR": workdir, "JISR_DEMO": "1", "AXES_ENABLED": "0", "PYTHONUNBUFFERED": "1",
                "JISR_BACKGROUND_THREAD": "1"})  # as in `make demo`: long work in a thread, its page polls  # fmt: skip
    run_jisr(env, "migrate", "--noinput")
    run_jisr(env, "load_territories")
    run_jisr(env, "load_indicators")
    run_jisr(env, "demo", "--small")
    run_jisr(env, "refresh_socialmap")
    run_jisr(env, "load_strategy", "--demo")
    run_jisr(env, "refresh_strategy")
    return env


@contextlib.contextmanager
def serve(env: dict[str, str], stdout: Any = subprocess.DEVNULL) -> Iterator[str]:
    """A `jisr runserver` on a free port with this environment, stopped on exit; yields its URL.

    `stdout`: where the server's standard output goes (an open file to read what the console backends print,
    such as the text messages of Khadamati's sign-in)."""
    port = _free_port()
    # runserver logs every request on its standard error. It goes to a file: a pipe nobody reads fills
    # up (64 KB, a few hundred requests) and the logging call then blocks every thread of the server.
    log_path = Path(env["JISR_VAR_DIR"]) / f"server-{port}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "jisr", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=REPO,
            stdout=stdout,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"the test server did not start; its log ends with:\n{tail}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def live_url(live_env) -> Iterator[str]:  # type: ignore[no-untyped-def]
    with serve(live_env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Inject axe-core (npm) and return the WCAG 2.1 A/AA violations on the current page.

    axe is loaded from the server's own static files: the Content-Security-Policy refuses the
    inline script that add_script_tag(path=...) would write."""
    origin = urllib.parse.urlsplit(page.url)
    page.add_script_tag(url=f"{origin.scheme}://{origin.netloc}/static/vendor/axe/axe.min.js")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
    ]


def login(page, live_url: str, username: str, password: str = "jisr-demo") -> None:  # type: ignore[no-untyped-def]  # noqa: S107
    page.goto(live_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def navigate_by(page, locator) -> None:  # type: ignore[no-untyped-def]
    """Click a link or a submit button and wait until the page it leads to has loaded.

    A bare click returns once the navigation has started; reading the page before it has loaded
    (its URL, its radios) races the server, and loses on a busy machine."""
    with page.expect_navigation():
        locator.click()


def ar(text: str) -> str:
    """The Arabic of an interface string, as the pages show it."""
    from django.utils import translation

    with translation.override("ar"):
        return translation.gettext(text)
