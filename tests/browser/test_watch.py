"""The social watch in Chromium, as the demo's Agadir provincial coordinator (the demo's violence surge raised an
alert in their province) and as the national officer (the rules): Arabic and French, on a phone (390 px), by
keyboard, with no axe-core WCAG 2.1 A/AA violation."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by
from tests.browser.test_no_sideways_scroll import PHONE, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "shots-watch"  # looked at by a person, not asserted


def _checked(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name
    measured = _overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], (name, measured)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_coordinator_finds_and_acknowledges_the_alert(browser, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, live_url, "province-agadir")
        assert page.locator("[data-menu-count='watch']").count() == 1, "the menu counts the open alerts"
        _checked(page, f"home-{language}")
        page.goto(live_url + "/watch/")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("main .list-group-item").count() >= 1
        _checked(page, f"alerts-{language}")
        navigate_by(page, page.locator("main .list-group-item a").first)
        assert page.locator("#alert-history li").count() >= 1
        _checked(page, f"alert-{language}")
        comment = page.locator("#id_comment_note")
        comment.fill("Réunion avec les centres de la province" if language == "fr" else "اجتماع مع مراكز الإقليم")
        comment.focus()
        page.keyboard.press("Tab")  # to the button, pressed by keyboard
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("#alert-history li").count() >= 2
        _checked(page, f"alert-after-{language}")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_national_officer_edits_a_rule_and_sees_every_error(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, live_url, "national")
        page.goto(live_url + "/watch/rules/")
        assert page.locator("main .list-group-item").count() >= 4
        _checked(page, f"rules-{language}")
        page.goto(live_url + "/watch/rules/new/")
        _checked(page, f"rule-signal-{language}")
        page.select_option("#id_signal", "cases.violence_surge")
        navigate_by(page, page.locator("main form button[type=submit]"))
        page.fill("#id_param_min_count", "0")
        page.fill("#id_param_years", "40")
        navigate_by(page, page.locator("main form button[type=submit]"))
        summary = page.locator(".error-summary li")
        assert summary.count() == 3, "the name, the minimum count and the years, at once"
        _checked(page, f"rule-errors-{language}")
    finally:
        context.close()
