"""The public and staff pages in a real browser: Arabic RTL by default, French on request, and no
axe-core WCAG 2.1 A/AA violation on the home, login, directory and center pages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = [("ar", "rtl"), ("fr", "ltr")]


def _use_language(page, live_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])


def _first_center_url(page, live_url: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(live_url + "/centers/?q=Agadir")
    link = page.locator("main a[href^='/centers/'][href$='/']").first
    href = link.get_attribute("href")
    assert href, "the directory lists no center"
    return live_url + href


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_public_pages_have_no_wcag_violations(page, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    _use_language(page, live_url, language)
    urls = [live_url + "/", live_url + "/accounts/login/", live_url + "/centers/", _first_center_url(page, live_url)]
    for url in urls:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == direction
        assert axe_violations(page) == [], url


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_staff_home_has_no_wcag_violations(page, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    _use_language(page, live_url, language)
    login(page, live_url, "worker-agadir")
    page.goto(live_url + "/")
    assert page.locator("html").get_attribute("dir") == direction
    assert page.get_by_text("worker-agadir").first.is_visible()
    assert axe_violations(page) == []


def test_arabic_is_the_default_and_the_switcher_persists(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_url + "/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.select_option("#language-switcher", "fr")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.goto(live_url + "/centers/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.select_option("#language-switcher", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_training_and_protection_pages_have_no_wcag_violations(page, live_url, language, direction) -> None:  # type: ignore[no-untyped-def]
    """A center manager's training and protection pages (programs, one program with its roster and
    forms, the catalogue, the certificate check, data requests) in Arabic and French."""
    _use_language(page, live_url, language)
    login(page, live_url, "manager-agadir")
    page.goto(live_url + "/training/")
    program = page.locator("main table a[href^='/training/programs/']").first.get_attribute("href")
    urls = ["/training/", "/training/modules/", "/training/verify/?code=ABCDE-23456", "/privacy/requests/"]
    for path in [*urls, *([program] if program else [])]:
        page.goto(live_url + path)
        assert page.locator("html").get_attribute("dir") == direction
        assert axe_violations(page) == [], path
    page.context.clear_cookies()
    _use_language(page, live_url, language)
    login(page, live_url, "national")
    page.goto(live_url + "/privacy/retention/?preview=1")
    assert axe_violations(page) == []


def test_coverage_and_registry_pages_have_no_wcag_violations(page, live_url) -> None:  # type: ignore[no-untyped-def]
    """The national officer's gap map, a program's rule with its live preview, and the imports page."""
    login(page, live_url, "national")
    for path in ("/programs/coverage/?level=region", "/programs/coverage/?level=province&parent=09",
                 "/programs/amo-tadamon/", "/registry/imports/"):  # fmt: skip
        page.goto(live_url + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path
    page.goto(live_url + "/programs/amo-tadamon/")
    page.wait_for_selector("#preview table")
    assert page.locator("#preview").inner_text().strip()
