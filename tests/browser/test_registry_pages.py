"""The registry household pages in a real browser: a national officer searches, opens a household of
the demo registry with its members, in Arabic and French; axe finds no WCAG violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_a_household_of_the_demo_registry_with_its_members(page, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "national")
    page.goto(live_url + "/registry/households/?q=R")
    assert page.locator("html").get_attribute("dir") == direction
    assert axe_violations(page) == []
    links = page.locator("main table tbody a")
    assert links.count() > 0, "the demo registry has households"
    page.goto(live_url + "/registry/households/?q=" + (links.first.inner_text()))
    navigate_by(page, page.locator("main table tbody a").first)
    assert page.locator("#h-members").is_visible() and page.locator("#h-programs").is_visible()
    assert axe_violations(page) == []
