"""The rehabilitation programme in Chromium: the national officer's programme page and one center's works, in
Arabic and French, on a phone (390 px) and on a desktop, with no axe-core WCAG 2.1 A/AA violation and no
sideways scroll; the Rabat-Salé-Kénitra coordinator sees their region only."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by
from tests.browser.test_no_sideways_scroll import PHONE, _overflow

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "shots-rehab"  # looked at by a person, not asserted
DESKTOP = {"width": 1280, "height": 900}


def _checked(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name
    measured = _overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], (name, measured)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_national_officer_follows_the_programme(browser, live_url, language, direction, viewport) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=viewport)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if viewport == PHONE else "desktop"
    try:
        login(page, live_url, "national")
        page.goto(live_url + "/partnerships/rehabilitation/")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("#phases-title + div table tbody tr").count() == 12, "a row per region"
        assert page.locator("svg.works-timeline").count() == 12
        assert page.locator("#late-title ~ div table tbody tr").count() >= 1, "some centers are late"
        _checked(page, f"programme-{language}-{size}")
        page.goto(live_url + "/partnerships/rehabilitation/?region=04")
        assert page.locator("#phases-title + div table tbody tr").count() == 1
        _checked(page, f"programme-rsk-{language}-{size}")
        navigate_by(page, page.locator("#late-title ~ div table tbody a").first)
        assert page.locator("#phases-title ~ div table tbody tr").count() == 7
        _checked(page, f"works-{language}-{size}")
    finally:
        context.close()


def test_the_regional_coordinator_sees_their_region(browser, live_url) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, live_url, "region-rsk")
        page.goto(live_url + "/partnerships/rehabilitation/")
        assert page.locator("#phases-title + div table tbody tr").count() == 1
        assert page.locator("svg.works-timeline").count() == 1
        _checked(page, "programme-region-rsk")
    finally:
        context.close()
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    page = context.new_page()
    try:
        login(page, live_url, "partner-health-agadir")
        response = page.goto(live_url + "/partnerships/rehabilitation/")
        assert response is not None and response.status == 404
    finally:
        context.close()


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 80), (40, 120, 90)).save(path, format="PNG")
    return path


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_program_officer_enrols_a_center_and_adds_a_photo(browser, live_url, language, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The `program-officer` demo account at 390 px: the enrol page, then the new works page and a photo upload."""
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, live_url, "program-officer")
        page.goto(live_url + "/partnerships/rehabilitation/")
        navigate_by(page, page.locator("a[href='/partnerships/rehabilitation/enrol/']"))
        _checked(page, f"enrol-{language}-phone")
        page.locator("#id_center").select_option(index=1 if language == "ar" else 2)
        page.locator("#id_budget_mad").fill("850000.00")
        page.locator("#id_contractor").fill("Atlas BTP")
        navigate_by(page, page.locator("form.works-enrol button[type=submit]"))
        assert "/partnerships/rehabilitation/" in page.url and page.locator("#phases-title").count() == 1
        assert page.locator("#money-title").count() == 1
        page.locator("input[type=file]").set_input_files(str(_png(tmp_path / "works.png")))
        page.locator("input[name=caption]").fill("Façade" if language == "fr" else "الواجهة")
        navigate_by(page, page.locator("form[enctype='multipart/form-data'] button[type=submit]"))
        assert page.locator("img.works-photo").count() == 1
        assert page.locator("img.works-photo").evaluate("img => img.complete && img.naturalWidth") == 120
        _checked(page, f"works-photo-{language}-phone")
    finally:
        context.close()
