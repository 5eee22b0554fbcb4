"""The beneficiary search as a social worker uses it: a family name in Arabic or Latin script, the
family first, a total and pages, at phone width in Arabic and French, axe-clean, no sideways scroll."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(tempfile.gettempdir()) / "shots-h-search"


@pytest.mark.parametrize(("language", "query"), [("ar", "أوحمو"), ("fr", "Ouhamou")])
def test_a_family_name_lists_the_family_first_with_a_total_and_pages(page, live_url, language, query) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "national")  # the demo's Ouhammou families live in several provinces
    page.goto(f"{live_url}/people/?q={query}")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0
    first_latin = rows.first.locator("td").nth(1).inner_text()
    assert "Ouhammou" in first_latin or "أوحمو" in rows.first.locator("td").first.inner_text()
    assert page.locator("main table caption").inner_text().strip()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"search-{language}-390.png"), full_page=True)
    assert axe_violations(page) == []
    page.goto(f"{live_url}/people/?q={query}&birth_year=1700&commune_code=99.999")
    assert page.locator("[aria-invalid=true]").count() == 2
    page.screenshot(path=str(SHOTS / f"search-errors-{language}-390.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_pages_of_a_common_name(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_url, "national")
    page.goto(f"{live_url}/people/?q=محمد")
    nav = page.locator("main nav .pagination")
    assert nav.count() == 1
    page.locator("main nav .pagination a").last.click()
    page.wait_for_load_state("networkidle")
    assert "page=2" in page.url and page.locator("main table tbody tr").count() > 0
    page.screenshot(path=str(SHOTS / "search-page2-ar-390.png"), full_page=True)
    assert axe_violations(page) == []
