"""The strategy page in a real browser, in Arabic and French: the national officer and a regional coordinator
see the pillars with their lights and trend charts, no axe-core WCAG 2.1 A/AA violation, no sideways scroll
at 390 px; the comparison of regions too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# Screenshots and downloads to look at: JISR_SHOTS=/tmp/shots-strategy (none are written without it).
SHOTS = os.environ.get("JISR_SHOTS")


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("username", ["national", "region-rsk"])
def test_the_strategy_page(page, live_url, language: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, username)
    page.goto(live_url + "/strategy/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main section h2").count() == 3  # the three pillars
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas[data-strategy-chart]')]"
                          ".filter((c) => c.width > 0 && window.Chart && Chart.getChart(c)).length")  # fmt: skip
    assert drawn == page.locator("canvas[data-strategy-chart]").count() > 0
    assert page.locator("main .badge.text-bg-success, main .badge.text-bg-warning, main .badge.text-bg-danger").count()
    assert axe_violations(page) == []
    page.locator("main article h3 a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main table tbody tr").count() >= 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/strategy/", page.url]:
        page.goto(path if path.startswith("http") else live_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_png_downloads_of_the_charts_and_the_report(page, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    """Each trend chart and the comparison download as PNG images; the regional report as a PDF."""
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "region-rsk")
    page.goto(live_url + "/strategy/")
    page.wait_for_load_state("networkidle")
    link = page.locator("a[data-strategy-png]").first
    assert link.is_visible()
    with page.expect_download() as chart:
        link.click()
    png = chart.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"strategy-{language}.png"), full_page=False)
    with page.expect_download() as report:
        page.locator("a[href*='/strategy/report.pdf']").click()
    assert report.value.path().read_bytes()[:5] == b"%PDF-"
    if SHOTS:
        report.value.save_as(Path(SHOTS) / f"report-demo-{language}.pdf")
    page.goto(live_url + "/strategy/indicators/women_activity_rate/?place=nation:MA")
    page.wait_for_load_state("networkidle")
    with page.expect_download() as bars:
        page.locator("a[data-compare-png]").click()
    png = bars.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    if SHOTS:
        bars.value.save_as(Path(SHOTS) / f"compare-{language}.png")
    assert axe_violations(page) == []
