"""The notification center and the preferences page in Chromium: Arabic and French, on a phone (390 px), by
keyboard, with no axe-core WCAG 2.1 A/AA violation. The demo's Agadir worker has notifications waiting."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by
from tests.browser.test_no_sideways_scroll import PHONE, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "shots-notify"  # looked at by a person, not asserted


def _unread(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator("main .jisr-notification-unread").count()


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_notification_center_on_a_phone(browser, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, live_url, "worker-agadir")
        assert page.locator("header a[href='/notifications/'] .badge").count() == 1, "the menu counts the unread"
        page.goto(live_url + "/notifications/")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("main .list-group-item").count() >= 2
        before = _unread(page)
        assert before >= 1
        page.screenshot(path=str(SHOTS / f"list-{language}.png"), full_page=True)
        assert axe_violations(page) == []
        measured = _overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], measured  # type: ignore[operator]

        # By keyboard: the first "mark as read" button, reached with Tab, pressed with Enter.
        button = page.locator("main .jisr-notification-unread form button").first
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert _unread(page) == before - 1

        navigate_by(page, page.locator("main a[href='/notifications/?unread=1']"))
        assert page.locator("main .list-group-item").count() == before - 1
        navigate_by(page, page.locator("main a[href='/notifications/preferences/']"))
        page.screenshot(path=str(SHOTS / f"preferences-{language}.png"), full_page=True)
        assert axe_violations(page) == []
        measured = _overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], measured  # type: ignore[operator]
        page.select_option("#id_cases-followup_due", "immediate")
        navigate_by(page, page.locator("main form button[type=submit]"))
        assert page.locator("#id_cases-followup_due").input_value() == "immediate"
        assert page.locator("main .alert-success").count() == 1
        page.select_option("#id_cases-followup_due", "digest")  # as it was, for the other language's run
        navigate_by(page, page.locator("main form button[type=submit]"))
    finally:
        context.close()
