"""The social map in a real browser, in Arabic and French: the national officer drills nation → region →
province on the map and through the table, the polygons drawn match the table's rows, the legend's swatches
are coloured, and each view has no axe-core WCAG 2.1 A/AA violation and no sideways scroll at 390 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAWN = """() => ({
    polygons: document.querySelectorAll("#socialmap-map path.socialmap-area").length,
    rows: document.querySelectorAll("#socialmap-table tbody tr th[scope=row]").length,
    swatches: [...document.querySelectorAll(".socialmap-swatch")].filter((s) => s.style.backgroundColor).length,
})"""


def check(page, width_ok: bool = True) -> dict:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#socialmap-map path.socialmap-area")
    drawn = page.evaluate(DRAWN)
    assert drawn["swatches"] > 0, drawn
    assert axe_violations(page) == []
    return drawn


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_drill_from_the_nation_to_a_province(page, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_url) else None)
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "national")
    page.goto(live_url + "/socialmap/?markers=1")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    nation = check(page)
    assert page.locator("#socialmap-map .socialmap-count").count() > 1  # centers, counted by region
    assert nation["polygons"] == nation["rows"] == 12
    navigate_by(page, page.locator("#socialmap-map path.socialmap-area").first)  # a region, by the map
    assert "level=region" in page.url
    region = check(page)
    assert region["polygons"] == region["rows"] > 1
    navigate_by(page, page.locator("#socialmap-table tbody tr th[scope=row] a").first)  # a province, by the table
    assert "level=province" in page.url
    page.wait_for_load_state("networkidle")
    assert page.locator("#socialmap-table tbody tr").count() > 1  # its communes, in the table
    assert axe_violations(page) == []
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert "level=region" in page.url  # the URL is the view: back returns to the region
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert outside == []


def test_where_next_page_is_accessible(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "region-rsk")
    page.goto(live_url + "/socialmap/where-next/")
    page.wait_for_load_state("networkidle")
    assert page.locator("main h2").count() >= 3
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
