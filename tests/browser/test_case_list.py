"""The case list in a real browser (issue 12): a social worker flags a case and finds it by its flag (a
badge in words), the manager reassigns the cases of a page together — selected by keyboard, confirmed,
in Arabic and then back in French; every page passes axe-core and none scrolls sideways at 390 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ar, axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
STAGE = "reception"  # a handful of demo cases, all of the Agadir pilot center in the manager's list


def _fr(text: str) -> str:
    from django.utils import translation

    with translation.override("fr"):
        return translation.gettext(text)


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_worker_flags_a_case_and_filters_the_list_by_flag(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "worker-agadir")
    page.goto(live_url + "/cases/?status=open")
    navigate_by(page, page.locator("main table a[href^='/cases/']").first)
    case_url, reference = page.url, page.locator("h1 span[dir=ltr]").inner_text()
    page.locator("summary", has_text=ar("Flag this case")).click()
    page.select_option("#id_flag-kind", "safety_risk")
    page.fill("#id_flag-reason", "تهديدات من أحد الأقارب")
    navigate_by(page, page.get_by_role("button", name=ar("Set the flag")))
    assert page.locator("#flags-title + ul .jisr-flag").inner_text().strip() == ar("safety risk")
    assert axe_violations(page) == []

    page.goto(live_url + "/cases/?flag=safety_risk")
    rows = page.locator("main table tbody tr")
    assert reference in [rows.nth(i).locator("td a").first.inner_text() for i in range(rows.count())]
    badge = page.locator("main table tbody tr", has_text=reference).locator(".jisr-flag")
    assert badge.inner_text().strip() == ar("safety risk")  # words, not a colour alone
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    page.reload()
    assert _fits(page)
    assert page.locator("main table thead").evaluate("(head) => getComputedStyle(head).position") == "absolute"

    page.goto(case_url)  # leave the demo as it was: the flag cleared, with its reason
    page.locator("#flags-title + ul summary").first.click()
    page.locator("#flags-title + ul input[name='unflag-reason']").first.fill("زال الخطر")
    navigate_by(page, page.get_by_role("button", name=ar("Clear the flag")))
    assert page.locator("#flags-title + ul .jisr-flag").count() == 0
    assert page.locator("#history-title + ol li", has_text="زال الخطر").count() == 1  # kept with its reason


def _reassign_page(page, live_url: str, worker: str, words) -> list[str]:  # type: ignore[no-untyped-def]
    """Select every case of the page by keyboard, choose `worker`, confirm; the ids of the cases reassigned."""
    page.goto(live_url + f"/cases/?status={STAGE}")
    assert axe_violations(page) == []
    select_all = page.locator("#select-all")
    assert select_all.is_visible()
    select_all.focus()
    page.keyboard.press("Space")
    boxes = page.locator("main table input[name=cases]")
    assert boxes.count() > 0 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    chosen = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
    page.select_option("#id_worker", label=worker)
    navigate_by(page, page.get_by_role("button", name=words("Reassign the selected cases…")))
    assert page.get_by_role("heading", level=1).inner_text() == words("Reassign the selected cases")
    assert page.locator("main table tbody tr").count() == len(chosen)
    assert axe_violations(page) == []
    navigate_by(page, page.get_by_role("button", name=words("Confirm the reassignment")))
    assert page.locator(".alert-success").count() == 1
    cells = page.locator("main table tbody td[data-label]", has_text=worker)
    assert cells.count() >= len(chosen)
    return chosen


def test_the_manager_reassigns_a_page_of_cases_in_arabic_and_back_in_french(page, live_url) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "manager-agadir")
    moved = _reassign_page(page, live_url, "manager-agadir", ar)
    page.set_viewport_size(PHONE)
    page.goto(live_url + f"/cases/?status={STAGE}")
    assert _fits(page) and axe_violations(page) == []

    page.context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    back = _reassign_page(page, live_url, "worker-agadir", _fr)
    assert sorted(back) == sorted(moved)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.set_viewport_size(PHONE)
    page.reload()
    assert _fits(page) and axe_violations(page) == []
