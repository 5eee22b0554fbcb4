"""Khadamati's back office and the card's verification page in a real browser, in Arabic and French: the queues,
a step's list, a request's page, the medical committee's page (with a convocation's outcome to record), the social
assessment (filled and saved), the decision's page, a card withdrawn (the reason, the confirmation), the
instrument's versions and edit page, and the public verification page. Every page has no axe-core WCAG 2.1 A/AA
violation at desktop width and none scrolls sideways at 390 px."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, run_jisr, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(tempfile.gettempdir()) / "shots-koffice"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Requests of Agadir at each step, and a card, written into the test server's database.
SETUP = """
from jisr.accounts.models import User
from tests.khadamati.office_helpers import request_at
from jisr.khadamati import services_office
from jisr.territories.models import Province
import datetime, pathlib
officer = User.objects.get(username="khadamati-officer-agadir")
citizen = User.objects.get(username="citizen")
ids = {status: str(request_at(status, applicant=citizen, days_ago=days).pk) for status, days in
       [("submitted", 40), ("medical_committee", 3), ("social_assessment", 2), ("committee_decision", 1)]}
card = services_office.card_create(acting_user=officer, province=Province.objects.get(code="09.001"),
    holder={"first_name": "Salma", "last_name": "Idrissi", "birth_date": datetime.date(1990, 4, 2), "cin": "JB424242"})
ids["card"] = card.verification_code
from django.utils import timezone
from jisr.khadamati.models import Convocation
medical = User.objects.get(username="khadamati-medical-agadir")
Convocation.objects.create(request_id=ids["medical_committee"],
    scheduled_at=timezone.now() - datetime.timedelta(days=1), place="Hôpital Hassan II, Agadir", channel="sms",
    created_by=medical, created_at=timezone.now())
for language in ("ar", "fr"):
    issued = request_at("card_issued", applicant=citizen)
    withdrawn = services_office.card_create(acting_user=officer, province=issued.province, request=issued,
        holder={"first_name": issued.first_name, "last_name": issued.last_name, "birth_date": issued.birth_date,
                "cin": issued.cin})
    ids["withdraw_" + language] = str(withdrawn.pk)
    ids["withdraw_code_" + language] = withdrawn.verification_code
pathlib.Path("{out}").write_text(repr(ids))
"""


@pytest.fixture(scope="module")
def office(live_env):  # type: ignore[no-untyped-def]
    out = Path(tempfile.mkdtemp(prefix="jisr-office-")) / "ids.txt"
    run_jisr(live_env, "shell", "-c", SETUP.replace("{out}", str(out)))
    ids = eval(out.read_text())  # noqa: S307 — our own repr of a dict of strings
    with serve(live_env) as url:
        yield url, ids


def _check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    assert axe_violations(page) == [], (name, page.url)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    assert sideways <= 0, (name, page.url, sideways)
    assert axe_violations(page) == [], (name, "390", page.url)
    page.set_viewport_size(DESKTOP)


def _context(browser, url: str, language: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    return context


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_office_pages(browser, office, language) -> None:  # type: ignore[no-untyped-def]
    url, ids = office
    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "khadamati-officer-agadir")
    page.goto(url + "/khadamati/office/queues/")
    _check(page, f"{language}-queues")
    page.goto(url + "/khadamati/office/queues/documents/")
    assert page.locator("main table tbody tr").count() >= 1
    _check(page, f"{language}-queue-documents")
    page.goto(url + f"/khadamati/office/requests/{ids['submitted']}/")
    _check(page, f"{language}-request")
    context.close()

    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "khadamati-medical-agadir")
    page.goto(url + f"/khadamati/office/requests/{ids['medical_committee']}/medical/")
    _check(page, f"{language}-medical")
    context.close()

    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "khadamati-secretary-agadir")
    page.goto(url + f"/khadamati/office/requests/{ids['committee_decision']}/decision/")
    _check(page, f"{language}-decision")
    context.close()


def test_the_social_assessment_is_filled_and_scored(browser, office) -> None:  # type: ignore[no-untyped-def]
    url, ids = office
    for language in ("fr", "ar"):
        context = _context(browser, url, language)
        page = context.new_page()
        login(page, url, "khadamati-social-agadir")
        page.goto(url + f"/khadamati/office/requests/{ids['social_assessment']}/assessment/")
        _check(page, f"{language}-assessment")
        if language == "fr":
            # an empty form: every problem at once, in a summary that links to each item
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".error-summary a").count() >= 17
            _check(page, f"{language}-assessment-errors")
            for group in page.locator("main input[type=radio][value=moderate]").all():
                group.check()
            for factor in page.locator("main input[type=radio][value=neither]").all():
                factor.check()
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            assert "/assessment/" not in page.url
            assert page.get_by_text("50,0").count() + page.get_by_text("50.0").count() >= 1  # 34 of 68
        context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_card_withdrawn_then_not_valid(browser, office, language) -> None:  # type: ignore[no-untyped-def]
    url, ids = office
    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "khadamati-officer-agadir")
    page.goto(url + f"/khadamati/office/cards/{ids['withdraw_' + language]}/withdraw/")
    _check(page, f"{language}-card-withdraw")
    page.fill("textarea[name=reason]", "La décision de la commission a été annulée en appel.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main input[name=confirmed]").count() == 1  # the confirmation, nothing done yet
    assert axe_violations(page) == [], (language, "confirmation")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.screenshot(path=str(SHOTS / f"{language}-card-withdraw-confirm-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    with page.expect_navigation():
        page.locator("main form button.btn-danger").click()
    assert "/khadamati/office/requests/" in page.url
    page.goto(url + f"/khadamati/card/{ids['withdraw_code_' + language]}/")
    assert page.locator(".kh-verdict.alert-danger").count() == 1  # "This card is not valid."
    context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_convocation_outcome_and_the_instrument_pages(browser, office, language) -> None:  # type: ignore[no-untyped-def]
    url, ids = office
    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "khadamati-medical-agadir")
    page.goto(url + f"/khadamati/office/requests/{ids['medical_committee']}/medical/")
    assert page.locator("main form[action$='/outcome/']").count() == 1
    _check(page, f"{language}-medical-outcome")
    context.close()

    context = _context(browser, url, language)
    page = context.new_page()
    login(page, url, "national")
    page.goto(url + "/khadamati/office/instrument/")
    _check(page, f"{language}-instrument")
    page.goto(url + page.locator("main a[href*='/khadamati/office/instrument/']").first.get_attribute("href"))
    _check(page, f"{language}-instrument-edit")
    context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_verification_page(browser, office, language) -> None:  # type: ignore[no-untyped-def]
    url, ids = office
    context = _context(browser, url, language)
    page = context.new_page()
    page.goto(url + f"/khadamati/card/{ids['card']}/")
    assert "Salma" not in page.content() and "JB424242" not in page.content()
    _check(page, f"{language}-verify-valid")
    response = page.goto(url + "/khadamati/card/" + "x" * 22 + "/")
    assert response is not None and response.status == 404
    _check(page, f"{language}-verify-unknown")
    context.close()
