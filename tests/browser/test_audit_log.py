"""The audit log as the national officer reads it in a browser, in Arabic and French: no axe-core WCAG 2.1
A/AA violation (with entries, and with filters that do not hold), filters driven by keyboard, and no
sideways scroll on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, login, run_jisr

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
# Entries with each kind of value, written as services write them (a center's capacity and access,
# a case's status and worker, a vulnerability, whose nature the page never shows).
SEED = """
from jisr.accounts.models import User
from jisr.cases.models import Case
from jisr.centers.models import Center
from jisr.core import audit
national = User.objects.get(username="national")
worker = User.objects.get(username="worker-agadir")
center = Center.objects.filter(is_jisr=True).order_by("code").first()
audit.record(actor=national, action="update", obj=center, changes={
    "capacity": [40, 1200], "wheelchair_accessible": [False, True],
    "address": ["", "Hay Mohammadi, rue 12, n° 45, une adresse assez longue pour passer à la ligne sur un téléphone"]})
case = Case.objects.order_by("reference").first()
audit.record(actor=national, action="update", obj=case, changes={
    "status": ["reception", "listening"], "assigned_to": [None, str(worker.pk)]})
audit.record(actor=worker, action="update", obj=case.person, changes={
    "vulnerability": [None, {"category": "violence_victim", "type": "", "severity": ""}]})
"""


@pytest.fixture(scope="module")
def seeded(live_env, live_url) -> str:  # type: ignore[no-untyped-def]
    run_jisr(live_env, "shell", "-c", SEED)
    return live_url


def _open(browser, live_url: str, language: str, **viewport: int):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", **({"viewport": viewport} if viewport else {}))
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    login(page, live_url, "national")
    return context, page


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr")])
def test_the_log_reads_without_violations_and_filters_by_keyboard(browser, seeded, language, direction) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, seeded, language)
    try:
        page.goto(seeded + "/accounts/audit/")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("table.audit-table tbody tr").count() > 0
        body = page.locator("main").inner_text()
        # The nature of a vulnerability is never shown (neither its code nor its label in either language; the
        # demo's social-watch rules may name violence in their titles, which are about no person); numbers are
        # grouped as the language writes them.
        hidden = ("violence_victim", "victim of violence", "victime de violence", "ضحية عنف")
        assert not any(word in body for word in hidden) and "1200" not in body
        assert axe_violations(page) == []
        # By keyboard: type a username in "person acting", press Enter.
        page.locator("#id_actor").fill("worker-agadir")
        with page.expect_navigation():
            page.locator("#id_actor").press("Enter")
        assert "actor=worker-agadir" in page.url
        assert page.locator("table.audit-table tbody tr").count() >= 1
        # Filters that do not hold: the summary lists each, and takes the focus.
        page.goto(
            seeded + "/accounts/audit/?date_from=2026-05-10&date_to=2026-05-01&object_type=cases.case&object_id=12"
        )
        assert page.locator(".error-summary li").count() == 2
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_no_sideways_scroll_on_a_phone(browser, seeded, language) -> None:  # type: ignore[no-untyped-def]
    context, page = _open(browser, seeded, language, **PHONE)
    try:
        for path in ["/accounts/audit/", "/accounts/audit/?object_type=centers.center", "/accounts/audit/?date_to=x"]:
            page.goto(seeded + path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
        assert axe_violations(page) == []
    finally:
        context.close()
