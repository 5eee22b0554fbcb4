"""Khadamati's requests in a real browser, by keyboard alone, in Arabic and French: the demo citizen signs in
(06 00 00 00 01, the code read from the console SMS backend), starts a card application, leaves it, resumes
it from "My requests", joins the documents and submits it; then reads the granted request of the demo with
its reasons, and gives then withdraws the consent to be referred. Every page: no axe-core violation, no sideways
scroll at 390 px, no text out at 200 % zoom (screenshots in the temporary folder's shots-kreq)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from tests.browser import test_khadamati as khadamati_pages
from tests.browser.test_khadamati import _code_sent_to, _png, _press_enter_and_wait, _tab_to
from tests.browser.test_khadamati import khadamati as khadamati  # noqa: F401, PLC0414 — the server fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DEMO_CITIZEN = "0600000001"


@pytest.fixture(autouse=True)
def _shots(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(khadamati_pages, "SHOTS", Path(tempfile.gettempdir()) / "shots-kreq")


def _check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    khadamati_pages._check(page, f"requests-{name}")


def _submit_primary(page) -> None:  # type: ignore[no-untyped-def]
    _tab_to(page, "main form button[type=submit]:not([name])", limit=80)
    _press_enter_and_wait(page)


def _sign_in(page, url: str, output: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/khadamati/sign-in/")
    _tab_to(page, "input[name=destination]")
    page.keyboard.type(DEMO_CITIZEN)
    _press_enter_and_wait(page)
    code = _code_sent_to(output, "+212" + DEMO_CITIZEN[1:])
    page.wait_for_function("document.activeElement && document.activeElement.name === 'code'")
    page.keyboard.type(code)
    _press_enter_and_wait(page)
    assert page.url.endswith("/khadamati/"), page.url


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_citizen_starts_leaves_resumes_and_submits_a_card_request_by_keyboard(browser, khadamati, language) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    url, output = khadamati
    context = browser.new_context(locale="ar-MA" if language == "ar" else "fr-MA")
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    page = context.new_page()
    _sign_in(page, url, output)
    _tab_to(page, "main a[href='/khadamati/requests/']")
    _press_enter_and_wait(page)
    _check(page, f"{language}-list")
    _tab_to(page, "main a[href='/khadamati/requests/new/']")
    _press_enter_and_wait(page)
    _check(page, f"{language}-new")
    _tab_to(page, "input[name=request_type]")
    page.keyboard.press("Space")  # the first type: the card, first application
    assert page.evaluate("document.activeElement.value") == "card-first"
    _submit_primary(page)
    assert re.search(r"/requests/[0-9a-f-]{36}/step/person/$", page.url), page.url
    request_path = page.url.split("/step/")[0]
    _check(page, f"{language}-person")
    _tab_to(page, "input[name=birth_date]")
    page.keyboard.type("12031984")
    _tab_to(page, "input[name=sex]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=cin]")
    page.keyboard.type("JA1234" + ("56" if language == "ar" else "57"))
    _tab_to(page, "select[name=province]")
    for _press in range(page.evaluate("[...document.querySelector('select[name=province]').options]"
                                      ".findIndex(option => option.value === '09.001')")):  # fmt: skip
        page.keyboard.press("ArrowDown")
    # Leave: the draft is saved, and "My requests" offers to resume it at the next step.
    _tab_to(page, "main button[name=leave]")
    _press_enter_and_wait(page)
    assert page.url.endswith("/khadamati/requests/")
    _tab_to(page, f"main a[href='{request_path.removeprefix(url)}/step/situation/']", limit=80)
    _press_enter_and_wait(page)
    _check(page, f"{language}-situation")
    _tab_to(page, "input[name=disability_kind]")
    page.keyboard.press("Space")
    _submit_primary(page)
    assert page.url.endswith("/step/documents/")
    for index, code in enumerate(("identity", "medical_report")):
        _tab_to(page, "select[name=code]", limit=80)
        for _press in range(index + 1):
            page.keyboard.press("ArrowDown")
        page.locator("input[name=document]").set_input_files(
            files=[{"name": f"{code}.png", "mimeType": "image/png", "buffer": _png()}]
        )  # the file dialog is the system's; everything else by keys
        _tab_to(page, "main button[name=upload]", limit=80)
        _press_enter_and_wait(page)
    _check(page, f"{language}-documents")
    _tab_to(page, "main form:not([enctype]):not([action]) button[type=submit]:not([name])", limit=80)
    _press_enter_and_wait(page)
    assert page.url.endswith("/step/review/")
    # Submitting without the ticks: the error summary says what is missing, then the ticks, then it goes.
    _submit_primary(page)
    assert page.locator(".error-summary").count() == 1
    _check(page, f"{language}-review-problems")
    _tab_to(page, "input[name=consent]", limit=80)
    page.keyboard.press("Space")
    _tab_to(page, "input[name=declared]")
    page.keyboard.press("Space")
    _submit_primary(page)
    assert page.url == request_path + "/", page.url
    assert page.locator(".kh-timeline li").count() == 2
    _check(page, f"{language}-submitted")
    context.close()


def test_the_granted_request_shows_its_decision_and_reasons(browser, khadamati) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    url, output = khadamati
    context = browser.new_context()
    page = context.new_page()
    _sign_in(page, url, output)  # once: the codes per number are limited
    for language in ("ar", "fr"):
        context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
        page.goto(url + "/khadamati/requests/")
        href = page.locator("li.kh-card:has(.kh-status-granted) a.kh-card-title").first.get_attribute("href")
        assert href
        page.goto(url + href)
        assert page.locator("#decision-title").count() == 1
        _check(page, f"{language}-granted")
        # The consent to be referred: not ticked, the error summary; ticked, given; then withdrawn again.
        give, withdraw = "main form[action$='/consent/']", "main form[action$='/consent/withdraw/']"
        with page.expect_navigation():
            page.locator(f"{give} button[type=submit]").click()
        assert page.locator(".error-summary a[href='#id_agree']").count() == 1
        _check(page, f"{language}-referral-problem")
        page.locator("input[name=agree]").check()
        with page.expect_navigation():
            page.locator(f"{give} button[type=submit]").click()
        assert page.locator(withdraw).count() == 1
        _check(page, f"{language}-referral-given")
        with page.expect_navigation():
            page.locator(f"{withdraw} button[type=submit]").click()
        assert page.locator(give).count() == 1
    context.close()
