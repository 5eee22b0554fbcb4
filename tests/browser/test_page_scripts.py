"""What inline attributes used to do, now done by static/jisr/jisr.js under the CSP: the language
switcher submits on change, and progress bars take their width from data-width."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_language_switcher_changes_the_language_on_change(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_url + "/centers/")
    assert page.locator("html").get_attribute("lang") == "ar"
    with page.expect_navigation():
        page.select_option("#language-switcher", "fr")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_coverage_bars_take_their_width_from_data_width(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "national")
    page.goto(live_url + "/programs/coverage/?level=region")
    page.wait_for_load_state("networkidle")
    bars = page.locator(".progress-bar[data-width]")
    assert bars.count() > 0
    for index in range(bars.count()):
        width, declared = bars.nth(index).evaluate("(bar) => [bar.style.width, bar.dataset.width]")
        assert width == f"{min(max(float(declared), 0), 100):g}%"
