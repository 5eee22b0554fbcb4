"""Record linkage in a real browser: a national officer runs it on the demo index, reviews the
probable duplicates in Arabic and French, and sets a pair apart; axe finds nothing on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_national_officer_runs_linkage_and_reviews_the_pairs(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "national")
    page.goto(live_url + "/people/")
    navigate_by(page, page.get_by_role("link", name="التكرارات المحتملة"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    navigate_by(page, page.get_by_role("button", name="شغّل الربط بين السجلات الآن"))
    expect(page.get_by_role("status").first).to_contain_text("آخر عملية", timeout=60_000)  # the page polls
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0, "the demo index holds registry members registered twice"
    assert axe_violations(page) == []
    first = rows.first.locator("a").first.inner_text()
    navigate_by(page, rows.first.get_by_role("button", name="شخصان مختلفان"))
    assert page.get_by_text("سُجّل القرار.").is_visible()
    page.context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    page.goto(live_url + "/people/linkage/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Doublons probables").is_visible()
    assert axe_violations(page) == []
    assert first, "the pair set apart named its first person"
