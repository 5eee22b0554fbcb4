"""The coverage charts in a real browser: Chart.js (served from static, no CDN) draws both charts
from the json_script data, right-to-left in Arabic, and the page has no axe-core WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHARTS = """([first, last]) => ["coverage-households-chart", "coverage-rate-chart"].map((id) => {
    const canvas = document.getElementById(id);
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
    return {id, drawn: Boolean(chart), width: canvas.clientWidth, height: canvas.clientHeight, painted,
            datasets: chart.data.datasets.map((d) => d.label), bars: chart.data.labels.length,
            legendRtl: chart.options.plugins.legend.rtl, tooltipRtl: chart.options.plugins.tooltip.rtl,
            label: canvas.getAttribute("aria-label"),
            // where the table's first and last territories are drawn, from the left edge
            first: chart.scales.x.getPixelForValue(chart.data.labels.indexOf(first)),
            last: chart.scales.x.getPixelForValue(chart.data.labels.indexOf(last))};
})"""


@pytest.mark.parametrize(("language", "rtl"), [("ar", True), ("fr", False)])
def test_coverage_charts_are_drawn_and_accessible(page, live_url, language: str, rtl: bool) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_url) else None)
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "national")
    page.goto(live_url + "/programs/coverage/?level=region")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    names = page.locator("main table tbody tr td:first-child").all_inner_texts()
    charts = page.evaluate(CHARTS, [names[0].strip(), names[-1].strip()])
    for chart in charts:
        assert chart["drawn"] and chart["width"] > 0 and chart["height"] > 0 and chart["painted"] > 0, chart
        assert chart["bars"] == len(names) == 12 and chart["label"], chart
        assert chart["legendRtl"] is rtl and chart["tooltipRtl"] is rtl, chart
        assert (chart["first"] > chart["last"]) is rtl, chart  # in Arabic the table's first row is on the right
    households = charts[0]["datasets"]
    assert len(households) == 3 and all(households)
    assert outside == []
    assert axe_violations(page) == []
