"""The aggregate pages of the national analyst in a real browser, in Arabic and French at phone width:
the caseload dashboard and the coverage page show one mark for every hidden count, explain it, never
leave a row or a column with one hidden count alone under a published total, stay axe-clean and do
not scroll sideways (the wide tables scroll inside their own box)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE_WIDTH = {"width": 390, "height": 844}
# Screenshots to look at: JISR_SHOTS=/tmp/shots-h-suppress (none are written without it).
SHOTS = os.environ.get("JISR_SHOTS")

# Each body row and the footer row of the caseload table: the cells' text, "x" for a hidden one.
CASELOAD_CELLS = """() => [...document.querySelectorAll("main table tbody tr, main table tfoot tr")].map(
    (row) => [...row.querySelectorAll("td")].map((cell) => cell.querySelector("[aria-hidden=true]") ? "x"
                                                              : cell.innerText.trim()))"""


def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def _open(browser, live_url: str, language: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE_WIDTH)
    page = context.new_page()
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "analyst")
    return page


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_analyst_caseload_hides_complements_at_phone_width(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, live_url, language)
    page.goto(live_url + "/cases/dashboard/")
    _shoot(page, f"caseload-analyst-{language}-390.png")
    assert page.locator("html").get_attribute("lang") == language
    rows = page.evaluate(CASELOAD_CELLS)
    assert rows and page.locator("main table tfoot").is_visible()
    for cells in rows:
        open_cases, stages = cells[0], cells[1:7]
        if open_cases != "x":
            assert stages.count("x") != 1, cells  # the open cases minus the stages shown would give it back
    for column in range(7):
        hidden = [cells[column] for cells in rows[:-1]].count("x")
        if rows[-1][column] != "x":
            assert hidden != 1, column
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_analyst_coverage_page_at_phone_width(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, live_url, language)
    page.goto(live_url + "/programs/coverage/?level=region")
    page.wait_for_load_state("networkidle")
    _shoot(page, f"coverage-analyst-{language}-390.png")
    assert "<5" not in page.locator("main table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    assert axe_violations(page) == []
    page.context.close()
