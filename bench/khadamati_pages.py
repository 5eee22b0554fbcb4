"""Bytes a citizen's phone downloads for Khadamati's pages, first visit and repeat visit.

    .venv/bin/python -m bench.khadamati_pages

Prepares a demo database of its own (a temporary JISR_VAR_DIR: migrate, territories, `demo --small`), starts
`jisr runserver` on it, and drives Debian's Chromium (/usr/bin/chromium, Playwright) as the demo citizen
(06 00 00 00 01, the sign-in code read from the console SMS backend): the sign-in page, "My requests", a step of
the request form, a request's page. Per page it counts what went over the wire according to the browser (the
DevTools protocol's `encodedDataLength`: headers and bodies, as the server sent them, nothing counted for what
the cache served), on a first visit (empty cache) and on a repeat visit (the same page opened again in the same
browser). It also prints what the bodies would weigh gzipped (a front proxy compressing text), since the
application server sends them uncompressed. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, run_jisr, serve

DEMO_CITIZEN = "0600000001"


def _environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"JISR_VAR_DIR": tempfile.mkdtemp(prefix="jisr-bench-pages-"), "JISR_DEMO": "1", "AXES_ENABLED": "0",
                "PYTHONUNBUFFERED": "1", "JISR_SMS_BACKEND": "jisr.core.sms.backends.ConsoleBackend"})  # fmt: skip
    for command in (("migrate", "--noinput"), ("load_territories",), ("demo", "--small")):
        run_jisr(env, *command)
    return env


def _code(output: Path) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = re.findall(r"SMS to \+212600000001\n[^\n]*?(\d{6})", output.read_text(encoding="utf-8"))
        if found:
            return found[-1]
        time.sleep(0.2)
    raise RuntimeError("no sign-in code printed")


class Meter:
    """The bytes over the wire (`encodedDataLength`) and the gzipped bodies of one page load."""

    def __init__(self, page: Any) -> None:
        self.responses: list[Any] = []
        self.page = page
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.on("Network.loadingFinished", self._finished)
        page.on("response", self._response)
        self.wire, self.responses = 0, []

    def _finished(self, event: dict[str, Any]) -> None:
        self.wire += int(event.get("encodedDataLength", 0))

    def _response(self, response: Any) -> None:
        self.responses.append(response)

    def load(self, url: str) -> tuple[int, int, int]:
        self.wire, self.responses = 0, []
        self.page.goto(url, wait_until="networkidle")
        gzipped = 0
        for response in self.responses:
            try:
                gzipped += len(gzip.compress(response.body(), 9))
            except Exception:  # noqa: BLE001, S112 — a redirect has no body to read
                continue
        return self.wire, gzipped, len(self.responses)


def main() -> None:
    env = _environment()
    output = Path(env["JISR_VAR_DIR"]) / "stdout.txt"
    rows = []
    with output.open("w") as stdout, serve(env, stdout=stdout) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="ar-MA", viewport={"width": 390, "height": 844})
        page = context.new_page()
        meter = Meter(page)
        sign_in = url + "/khadamati/sign-in/"
        first = meter.load(sign_in)
        rows.append(("sign-in", first, meter.load(sign_in)))
        page.fill("input[name=destination]", DEMO_CITIZEN)
        with page.expect_navigation():
            page.press("input[name=destination]", "Enter")
        page.fill("input[name=code]", _code(output))
        with page.expect_navigation():
            page.press("input[name=code]", "Enter")
        page.goto(url + "/khadamati/requests/")
        step = page.locator("a.kh-card-title[href*='/step/']").first.get_attribute("href")
        sent = page.locator("li.kh-card:has(.kh-status-granted) a.kh-card-title").first.get_attribute("href")
        for name, address in (("my requests", "/khadamati/requests/"), ("form step", step), ("request page", sent)):
            meter.session.send("Network.clearBrowserCache")
            first = meter.load(url + str(address))
            rows.append((name, first, meter.load(url + str(address))))
        browser.close()
    print(f"{'page':<14}{'first: wire':>14}{'gzipped':>10}{'requests':>10}{'repeat: wire':>15}{'requests':>10}")
    for name, (wire, zipped, count), (again, _zipped, again_count) in rows:
        print(f"{name:<14}{wire:>14,}{zipped:>10,}{count:>10}{again:>15,}{again_count:>10}")
    print("command:", " ".join([Path(sys.executable).name, "-m", "bench.khadamati_pages"]))


if __name__ == "__main__":
    main()
