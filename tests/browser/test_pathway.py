"""The pathway in a real browser, in Arabic: a social worker registers a person (the duplicate
check shows a transliterated homonym as they type), opens a case, records the listening interview
and moves the case on; every page passes axe-core WCAG 2.1 A/AA."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_social_worker_walks_the_first_stages_in_arabic(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "worker-agadir")
    page.goto(live_url + "/people/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.fill("#id_first_name_ar", "مسعودة")
    page.fill("#id_last_name_ar", "الإدريسي")
    page.fill("#id_first_name_latin", "Messaouda")
    page.fill("#id_last_name_latin", "El Idrissi")
    page.check("input[name=sex][value=F]")
    page.fill("#id_approximate_age", "٤٢")
    page.get_by_role("button", name="تسجيل", exact=True).click()
    if page.locator("#candidates input[name=set_aside]").count():  # homonyms in the demo data
        for box in page.locator("#candidates input[name=set_aside]").all():
            box.check()
        page.get_by_role("button", name="تسجيل", exact=True).click()
    page.wait_for_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("مسعودة الإدريسي")
    assert axe_violations(page) == []

    page.get_by_role("link", name="فتح ملف").click()
    page.fill("#id_reason", "بدون دخل، تبحث عن تكوين في الخياطة")
    page.check("#id_consent_obtained")
    page.get_by_role("button", name="فتح الملف").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    assert axe_violations(page) == []

    page.check("input[name=needs][value=income]")
    page.fill("#id_notes", "ملاحظة سرية للاختبار")
    page.get_by_role("button", name="حفظ المحضر").click()
    assert page.get_by_text("ملاحظة سرية للاختبار").is_visible()
    page.get_by_role("button", name=re.compile("الانتقال إلى مرحلة")).click()
    assert "التشخيص" in page.locator("main .badge").first.inner_text()
    assert axe_violations(page) == []

    for path in ("/people/?q=Messaouda", "/cases/", "/cases/my-work/"):
        page.goto(live_url + path)
        assert axe_violations(page) == [], path


def test_the_caseload_dashboard_in_french_for_the_analyst(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    login(page, live_url, "analyst")
    page.goto(live_url + "/cases/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "File active"
    assert axe_violations(page) == []
