"""The people forms as a social worker of Agadir uses them, in Arabic and French at phone width: every
error at once in a focused summary linked to the fields, the duplicate check's one decision, and the
correction of a record and of a household. axe-core finds nothing; nothing scrolls sideways."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Screenshots to look at, where JISR_SHOTS says (none otherwise).
SHOTS = Path(os.environ["JISR_SHOTS"]) if os.environ.get("JISR_SHOTS") else None
FUTURE = (datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=40)).isoformat()


def _check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert axe_violations(page) == [], name


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_people_forms_at_phone_width(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    login(page, live_url, "worker-agadir")
    page.goto(live_url + "/people/new/")
    page.fill("#id_last_name_latin", "Ouhammou")
    page.fill("#id_first_name_latin", "Itto")
    page.fill("#id_birth_date", FUTURE)
    page.fill("#id_cin", "12AB")
    page.fill("#id_phone", "abc")
    page.fill("#id_commune_code", "99.999")
    navigate_by(page, page.locator("main form button[type=submit]").last)
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    for field in ("birth_date", "cin", "phone", "commune_code", "sex"):
        target = "#id_sex_0" if field == "sex" else f"#id_{field}"
        assert summary.locator(f"a[href='{target}']").count() == 1, field
    _check(page, f"{language}-intake-errors")

    page.fill("#id_birth_date", "1990-03-01")
    page.fill("#id_cin", "")
    page.fill("#id_phone", "06 61 23 45 67")
    page.fill("#id_commune_code", "09.001.01.01")
    page.check("#id_sex_0")
    navigate_by(page, page.locator("main form button[type=submit]").last)
    if page.locator("button[name=none_of_these]").count():
        _check(page, f"{language}-intake-candidates")
        navigate_by(page, page.locator("button[name=none_of_these]"))
    assert "/people/new/" not in page.url
    person_url = page.url

    navigate_by(page, page.locator("main a[href$='/edit/']"))
    _check(page, f"{language}-correction")
    page.fill("#id_phone", "abc")
    navigate_by(page, page.locator("main form button[type=submit]").last)
    assert page.locator(".error-summary a[href='#id_phone']").count() == 1
    assert page.locator(".error-summary a[href='#id_reason']").count() == 1
    _check(page, f"{language}-correction-errors")
    page.fill("#id_phone", "0700112233")
    page.fill("#id_reason", "رقم جديد" if language == "ar" else "nouveau numéro")
    navigate_by(page, page.locator("main form button[type=submit]").last)
    if page.locator("button[name=none_of_these]").count():  # the new phone is another record's
        _check(page, f"{language}-correction-candidates")
        navigate_by(page, page.locator("button[name=none_of_these]"))
    assert page.url == person_url
    _check(page, f"{language}-person-corrected")

    navigate_by(page, page.locator("main a[href$='/household/']"))
    _check(page, f"{language}-household-start")
    page.fill("#id_reason", "تصحيح" if language == "ar" else "correction")
    navigate_by(page, page.locator("main form button[type=submit]").first)
    _check(page, f"{language}-household")
    context.close()
