"""The dashboards in a real browser, in Arabic and French: every chart is drawn by Chart.js from its
json_script data (right to left in Arabic), every table is there as its text alternative, no axe-core
WCAG 2.1 A/AA violation, no sideways scroll at 390 px; the analyst's hidden counts are not drawn."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login
from tests.browser.test_no_sideways_scroll import PHONE, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHARTS = """() => [...document.querySelectorAll("canvas[data-figure]")].map((canvas) => {
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
    const data = JSON.parse(document.getElementById(canvas.dataset.figure).textContent);
    const vertical = chart && chart.options.indexAxis === "x";
    return {id: canvas.id, drawn: Boolean(chart), painted, width: canvas.clientWidth,
            label: canvas.getAttribute("aria-label"),
            legendRtl: chart && chart.options.plugins.legend.rtl, table: Boolean(document.getElementById(
                canvas.getAttribute("aria-describedby"))),
            // where the table's first and last rows are drawn, from the left edge (vertical bars)
            first: vertical ? chart.scales.x.getPixelForValue(chart.data.labels.indexOf(data.labels[0])) : null,
            last: vertical ? chart.scales.x.getPixelForValue(chart.data.labels.indexOf(data.labels.at(-1))) : null};
})"""


@pytest.mark.parametrize(("language", "rtl"), [("ar", True), ("fr", False)])
@pytest.mark.parametrize(("username", "path"), [("manager-agadir", "/dashboards/"),
                                                ("province-agadir", "/dashboards/province/09.001/")])  # fmt: skip
def test_the_charts_are_drawn_and_the_page_is_accessible(page, live_url, language, rtl, username, path) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_url) else None)
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, username)
    page.goto(live_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    charts = page.evaluate(CHARTS)
    assert len(charts) >= 5, charts  # the demo's center has cases, referrals, follow-ups and certificates
    for chart in charts:
        assert chart["drawn"] and chart["painted"] > 0 and chart["width"] > 0 and chart["label"], chart
        assert chart["table"], chart  # the chart is described by its table
        assert chart["legendRtl"] is rtl, chart
        if chart["first"] is not None and chart["first"] != chart["last"]:
            assert (chart["first"] > chart["last"]) is rtl, chart  # in Arabic the first month is on the right
    assert page.locator("main table").count() == 7
    assert outside == []
    assert axe_violations(page) == []


def test_the_analyst_sees_no_hidden_count_drawn(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    login(page, live_url, "analyst")
    page.goto(live_url + "/dashboards/region/09/")
    page.wait_for_load_state("networkidle")
    drawn = page.evaluate("""() => [...document.querySelectorAll("canvas[data-figure]")].flatMap((canvas) => {
        const data = JSON.parse(document.getElementById(canvas.dataset.figure).textContent);
        const chart = Chart.getChart(canvas);
        return data.series.flatMap((series, s) => series.hidden.map((hidden, row) => hidden ? [
            series.data[row], chart.data.datasets[s].data[chart.data.labels.indexOf(data.labels[row])]] : []))
            .filter((pair) => pair.length);
    })""")
    assert drawn, "the demo's region has small counts, hidden from the analyst"
    assert all(source is None and shown is None for source, shown in drawn)
    assert page.get_by_text("x", exact=True).count() > 0
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_no_dashboard_scrolls_sideways_on_a_phone(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    try:
        for username, path in [("worker-agadir", "/dashboards/"), ("region-rsk", "/dashboards/"),
                               ("national", "/dashboards/"), ("national", "/dashboards/province/09.001/")]:  # fmt: skip
            login(page, live_url, username)
            page.goto(live_url + path)
            page.wait_for_load_state("networkidle")
            overflow = _overflow(page)
            assert overflow["scrollWidth"] <= overflow["innerWidth"], (username, path, overflow)
            page.context.clear_cookies()
            page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    finally:
        context.close()
