"""The partnership conventions in a real browser, in Arabic and French: the list and the tripartite
convention of Rabat-Salé-Kénitra (its parties, their commitments, the women's earmark) as the regional
coordinator and as the regional council's partner; no axe-core WCAG 2.1 A/AA violation, no sideways scroll
at 390 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("username", ["region-rsk", "partner-council-rsk"])
def test_the_conventions_list_and_detail(page, live_url, language: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, username)
    page.goto(live_url + "/partnerships/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    rows = page.locator("main table tbody tr")
    if username == "partner-council-rsk":
        assert rows.count() == 1  # the council is party to the tripartite convention only
    else:
        assert rows.count() >= 3  # the envelope, the tripartite convention, the rehabilitation program
    assert axe_violations(page) == []
    page.locator("main table tbody tr", has_text="DEMO-TRI-RSK-2022").locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#parties-title").count() == 1
    assert page.locator("main section", has=page.locator("#parties-title")).locator("tbody tr").count() == 4
    assert page.locator("main section", has=page.locator("#earmarks-title")).locator("tbody tr").count() == 1
    assert axe_violations(page) == []
    detail = page.url
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (live_url + "/partnerships/", detail):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
