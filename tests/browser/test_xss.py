"""Stored XSS, in a real browser: script payloads are stored in every user-editable text field a
page renders (tests/browser/xss_payloads.py), then the pages that render them are visited — the
center page with its map marker clicked, the directory, a territory map with its tooltips, the
person's and the case's pages, the referral, the training program, the lists and the audit log.
No payload may run (no dialog), every payload must be on the page as text, and the
Content-Security-Policy must report no violation (no inline script or style left in Jisr's pages)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, login, serve
from tests.browser.xss_payloads import MARKER, PAYLOAD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Recorded in every document before its own scripts run (Playwright's init scripts are not subject
# to the page's policy).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


@pytest.fixture(scope="module")
def hostile_site(live_env) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """A server of its own, on a copy of the demo database where the payloads are stored (the
    shared one stays as the other browser tests expect it)."""
    workdir = tempfile.mkdtemp(prefix="jisr-xss-")
    source = sqlite3.connect(Path(live_env["JISR_VAR_DIR"]) / "jisr.sqlite3")
    copy = sqlite3.connect(Path(workdir) / "jisr.sqlite3")
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    env = {**live_env, "JISR_VAR_DIR": workdir}
    seeded = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "shell", "--no-imports", "-c",
         "import json; from tests.browser.xss_payloads import store; print(json.dumps(store()))"],
        env=env, cwd=REPO, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    with serve(env) as url:
        yield url, ids


class Watch:
    """Dialogs opened and policy violations reported on a page, across its navigations."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.context.add_init_script(LISTEN)
        page.on("dialog", self._dialog)
        page.on(
            "console",
            lambda message: self.console.append(message.text) if "Content Security Policy" in message.text else None,
        )

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(f"{self.page.url}: {dialog.message}")
        dialog.dismiss()

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        self.page.wait_for_load_state("networkidle")
        self.check(url)

    def check(self, where: str) -> None:
        assert self.dialogs == [], self.dialogs
        violations = self.page.evaluate("window.__violations || []")
        assert violations == [], (where, violations)
        assert self.console == [], (where, self.console)
        # The payloads are shown as text, not dropped: the test would prove nothing otherwise.
        assert PAYLOAD in self.page.locator("body").inner_text(), where
        injected = "document.querySelectorAll('img[src=\"x\"], svg[onload]').length"
        injected += " + Array.from(document.scripts).filter((s) => s.textContent.includes('alert(')).length"
        assert self.page.evaluate(injected) == 0, where


def test_stored_payloads_never_run_on_the_pages_that_render_them(page, hostile_site) -> None:  # type: ignore[no-untyped-def]
    url, ids = hostile_site
    watch = Watch(page)
    login(page, url, "national")
    for language in ("ar", "fr", "en"):  # the center's name in each language, in its popup
        page.context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
        watch.visit(f"{url}/centers/{ids['center']}/")
        page.locator("#center-map .leaflet-marker-icon").click()
        popup = page.locator("#center-map .leaflet-popup-content")
        popup.wait_for()
        page.wait_for_timeout(500)  # an injected <img src=x> fails to load, then its handler would run
        watch.check(f"center popup ({language})")
        assert popup.inner_text().startswith(f"{MARKER}center-{language} {PAYLOAD}")
        watch.visit(f"{url}/centers/?q={MARKER}")
    page.context.add_cookies([{"name": "jisr_language", "value": "ar", "url": url}])
    pages = [
        f"/people/{ids['person']}/",
        f"/people/?q={MARKER}first",  # a name typed in part is searched from three consonants on
        f"/cases/{ids['case']}/",
        "/cases/",
        f"/referrals/{ids['referral']}/",
        "/referrals/",
        f"/training/programs/{ids['program']}/",
        "/training/",
        "/accounts/audit/",
    ]
    for path in pages:
        watch.visit(url + path)


def test_territory_map_tooltips_and_charts_keep_to_the_policy(page, hostile_site) -> None:  # type: ignore[no-untyped-def]
    url, _ids = hostile_site
    watch = Watch(page)
    login(page, url, "national")
    page.goto(f"{url}/territories/09.001/")
    page.wait_for_load_state("networkidle")
    page.locator("#territory-map path.leaflet-interactive").first.hover(force=True)
    page.locator(".leaflet-tooltip").wait_for()
    assert page.evaluate("window.__violations") == [] and watch.dialogs == [] and watch.console == []


# Each page, the library it exercises, and what shows that the library did its work.
POLICY_PAGES = [
    ("/", "Bootstrap", "#main-nav.show"),
    ("/centers/", "htmx", "#id_province option >> nth=1"),
    ("/territories/09/", "Leaflet", "#territory-map path.leaflet-interactive >> nth=0"),
    ("/programs/coverage/?level=region", "Chart.js", "#coverage-households-chart"),
    ("/registry/households/", "lists", "main h1"),
    ("/accounts/profile/two-factor/setup/", "QR code", "figure.jisr-qr svg"),
    ("/api/v1/docs", "API docs", ".swagger-ui .info"),
]


@pytest.mark.parametrize(("path", "library", "done"), POLICY_PAGES)
def test_pages_report_no_policy_violation(page, live_url, path: str, library: str, done: str) -> None:  # type: ignore[no-untyped-def]
    """Leaflet, Chart.js, Bootstrap and htmx pages run under the policy with nothing refused."""
    watch = Watch(page)
    login(page, live_url, "national")
    page.goto(live_url + path)
    page.wait_for_load_state("networkidle")
    if library == "htmx":  # a swap: the province list follows the region, then the results
        page.select_option("#id_region", index=2)
        page.wait_for_load_state("networkidle")
        page.fill("#id_q", "Agadir")
        page.wait_for_timeout(600)
        page.wait_for_load_state("networkidle")
    if library == "Bootstrap":  # its dropdown and collapse run without inline style
        page.set_viewport_size({"width": 600, "height": 800})
        page.locator(".navbar-toggler").click()
        page.wait_for_timeout(400)
    page.locator(done).wait_for(state="attached", timeout=10_000)
    assert watch.dialogs == []
    assert page.evaluate("window.__violations") == [], library
    assert watch.console == [], library
