"""The social map in a real browser, in Arabic and French: the national officer drills nation → region →
province on the map and through the table, the polygons drawn match the table's rows, the legend's swatches
are coloured, and each view has no axe-core WCAG 2.1 A/AA violation and no sideways scroll at 390 px."""

from __future__ import annotations

import tempfile
from pathlib import Path

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


# Each bar of the side panel's chart over the years: its year, its share (data-share) and where it is drawn
# within its track, and where the year's label is beside it.
BARS = """() => [...document.querySelectorAll('.socialmap-years .socialmap-bar-row')].map((row) => {
    const bar = row.querySelector('.socialmap-bar').getBoundingClientRect();
    const track = row.querySelector('.socialmap-bar-track').getBoundingClientRect();
    const label = row.querySelector('.socialmap-bar-year').getBoundingClientRect();
    return {
        year: row.querySelector('.socialmap-bar-year').textContent.trim(),
        share: parseFloat(row.querySelector('.socialmap-bar').dataset.share),
        colour: getComputedStyle(row.querySelector('.socialmap-bar')).backgroundColor,
        width: bar.width, trackWidth: track.width, right: bar.right, left: bar.left,
        trackLeft: track.left, trackRight: track.right, labelCentre: (label.left + label.right) / 2,
        hidden: row.closest('[aria-hidden=true]') !== null,
    };
})"""


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_side_panel_charts_the_years_in_the_pages_direction(page, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    """The regional coordinator reads the disability prevalence of their region: the side panel draws one bar per
    census year (2014, then 2024) for the nation and the region, each as long as its share of the largest value
    and coloured, starting from the right in Arabic and from the left in French, the year's label on the side
    the line starts; the chart is hidden from screen readers (the table above it says the same); no axe
    violation, and at 390 px the chart stays in the window."""
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "region-rsk")
    page.goto(live_url + "/socialmap/?indicator=disability_prevalence")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # The map's controls follow the page's direction: the zoom buttons where the eye starts, the credits opposite.
    start, end = ("right", "left") if language == "ar" else ("left", "right")
    assert page.locator(f".leaflet-top.leaflet-{start} .leaflet-control-zoom").count() == 1
    assert page.locator(f".leaflet-bottom.leaflet-{end} .leaflet-control-attribution").count() == 1
    bars = page.evaluate(BARS)
    assert [bar["year"] for bar in bars] == ["2014", "2024"] * 2, bars  # the nation, then the region
    assert max(bar["share"] for bar in bars) == 100.0
    for bar in bars:
        assert bar["hidden"], bar
        assert bar["colour"] not in ("", "rgba(0, 0, 0, 0)"), bar
        assert bar["width"] == pytest.approx(bar["share"] / 100 * bar["trackWidth"], abs=1.5), bar
        if language == "ar":  # from the right edge of its track, the year to its right
            assert bar["right"] == pytest.approx(bar["trackRight"], abs=1) and bar["labelCentre"] > bar["trackRight"]
        else:
            assert bar["left"] == pytest.approx(bar["trackLeft"], abs=1) and bar["labelCentre"] < bar["trackLeft"]
    # The table above the chart holds the same figures, one column per year, for screen readers.
    panel = page.locator("section[aria-labelledby=panel-heading] table")
    assert sorted(panel.locator("thead th").all_inner_texts()[1:]) == ["2014", "2024"]
    assert panel.locator("tbody tr").count() == 2
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for bar in page.evaluate(BARS):
        assert bar["trackLeft"] >= 0 and bar["trackRight"] <= 390 and bar["trackWidth"] > 100, bar
    page.screenshot(path=str(Path(tempfile.gettempdir()) / f"socialmap-years-{language}-390.png"), full_page=True)
    assert axe_violations(page) == []
