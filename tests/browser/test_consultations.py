"""The consultations in a real browser, in Arabic and French, at desktop width and at 390 px: the public page and
a region's page without login, and a regional coordinator's meeting page; no axe-core violation, no sideways
scroll."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _check(page, live_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_url + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], (path, width)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, width)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_public_pages(page, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page.goto(live_url + "/consultations/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main table tbody tr").count() == 12
    assert page.locator("a[href$='open-data.json']").count() == 1
    _check(page, live_url, "/consultations/")
    _check(page, live_url, "/consultations/regions/04/")
    assert page.locator("#territory-title").count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("main a[href*='/consultations/recommendations/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main ol li").count() >= 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_meeting_page_of_the_regional_coordinator(page, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "region-rsk")
    _check(page, live_url, "/consultations/manage/")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_url + "/consultations/manage/")
    href = page.locator("main a[href*='/manage/meetings/']").first.get_attribute("href")
    _check(page, live_url, href)
    page.locator("main a[href*='/manage/recommendations/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main form select[name='status']").count() == 1
    assert axe_violations(page) == []
