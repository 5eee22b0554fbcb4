"""The homes in a real browser, in Arabic and French: the social worker's and the manager's work lists pass
axe-core WCAG 2.1 A/AA and do not scroll sideways at 390 px; the manager approves a plan from the home
page (the form opens, then the approval is confirmed) and lands back on the home, the plan gone from it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import REPO, axe_violations, login, navigate_by, serve
from tests.browser.test_no_sideways_scroll import PHONE, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "shots-homes"  # looked at by a person, not asserted


@pytest.fixture(scope="module")
def homes_site(live_env) -> Iterator[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """A server of its own on a copy of the demo database with a plan waiting for the manager (the shared
    database stays as the other browser tests expect it)."""
    workdir = tempfile.mkdtemp(prefix="jisr-homes-")
    source = sqlite3.connect(Path(live_env["JISR_VAR_DIR"]) / "jisr.sqlite3")
    copy = sqlite3.connect(Path(workdir) / "jisr.sqlite3")
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    env = {**live_env, "JISR_VAR_DIR": workdir}
    seeded = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "shell", "--no-imports", "-c",
         "import json; from tests.browser.home_seed import seed; print(json.dumps(seed()))"],
        env=env, cwd=REPO, check=True, capture_output=True, text=True,
    )  # fmt: skip
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    with serve(env) as url:
        yield url, ids


def _open_home(browser, url: str, persona: str, language: str, viewport: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=viewport or {"width": 1280, "height": 900})
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    page = context.new_page()
    login(page, url, persona)
    page.goto(url + "/")
    return context, page


def _check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("persona", ["worker-agadir", "manager-agadir", "partner-health-agadir", "province-agadir"])
def test_the_homes_are_accessible_and_fit_a_phone(browser, homes_site, persona: str, language: str) -> None:  # type: ignore[no-untyped-def]
    url, _ids = homes_site
    context, page = _open_home(browser, url, persona, language, PHONE)
    try:
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        measured = _overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], measured
        for summary in page.locator("main .jisr-decision summary").all():  # the decision forms, open
            summary.click()
        measured = _overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], measured
        _check(page, f"{persona}-{language}-390")
    finally:
        context.close()


def test_the_worker_sees_the_count_in_the_menu(browser, homes_site) -> None:  # type: ignore[no-untyped-def]
    url, ids = homes_site
    context, page = _open_home(browser, url, "worker-agadir", "fr")
    try:
        badge = page.locator("nav [data-menu-count=cases]")
        assert badge.is_visible()
        links = page.locator("main [data-section^='cases.'] a")
        assert int(badge.inner_text().split()[0]) == links.count()
        _check(page, "worker-agadir-fr-1280")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_manager_approves_a_plan_from_the_home_page(browser, homes_site, language: str) -> None:  # type: ignore[no-untyped-def]
    url, ids = homes_site
    context, page = _open_home(browser, url, "manager-agadir", language)
    try:
        item = page.locator("main [data-list=plans] li", has_text=ids["reference"])
        if language == "ar":  # look only: the French run decides
            assert item.count() == 1
            item.locator("summary").first.click()
            assert item.locator("input[name=note]").is_visible()
            _check(page, "manager-agadir-ar-decision-open")
            return
        item.locator("summary").first.click()  # "Approve…": the form opens, nothing is sent yet
        assert item.count() == 1
        item.locator("input[name=note]").fill("Plan validé depuis l'accueil")
        navigate_by(page, item.locator("button[type=submit]").first)  # "Confirm the approval"
        assert page.url.rstrip("/") == url
        assert page.locator("main .alert-success").count() >= 1
        assert page.locator("main [data-list=plans] li", has_text=ids["reference"]).count() == 0
        _check(page, "manager-agadir-fr-after-approval")
        page.goto(url + f"/cases/{ids['case']}/plan/")
        assert page.locator("main .badge.text-bg-success").count() == 1  # approved
    finally:
        context.close()
