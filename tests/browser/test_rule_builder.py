"""The rule builder in a real browser, by keyboard only, in Arabic and French (issue 12).

A national officer writes "age of the head ≥ 60 AND (region = Souss-Massa OR members with a
disability ≥ 1)" without typing JSON: each select is changed with the arrow keys (every change
redraws the builder, and the focus must stay on the select), the parts are added with Enter on their
buttons, the preview's count changes, the rule is saved, and the page passes axe and fits 390 px.
The program's rule is written back as it was at the end, through the advanced view.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROGRAM = "/programs/direct-aid/"
START = {"field": "size", "op": ">=", "value": 1}
BUILT = {"all": [
    {"field": "head_age", "op": ">=", "value": 60},
    {"any": [{"field": "region_code", "op": "=", "value": "09"},
             {"field": "members_with_disability", "op": ">=", "value": 1}]},
]}  # fmt: skip


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until htmx has no request in flight and has swapped and settled what came back."""
    page.wait_for_timeout(30)
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def _choose(page, value: str) -> None:  # type: ignore[no-untyped-def]
    """Set the focused select to `value` with the arrow keys, one option at a time, as a keyboard user
    does; each step may redraw the builder, and the focus must come back to the same select."""
    select = _focused(page)
    for _step in range(80):
        current, target = page.evaluate(
            """([id, value]) => { const s = document.getElementById(id);
                return [s.selectedIndex, [...s.options].findIndex(o => o.value === value)]; }""",
            [select, value],
        )
        assert target >= 0, f"{value} is not offered by {select}"
        if current == target:
            return
        page.keyboard.press("ArrowDown" if target > current else "ArrowUp")
        _settled(page)
        assert _focused(page) == select, "the focus left the select being changed"
    raise AssertionError(f"{select} never reached {value}")


def _type(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("Control+a")
    page.keyboard.type(text)
    page.wait_for_timeout(800)  # the preview waits for a pause in typing
    _settled(page)


def _total(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("#preview").inner_text()


def _write_json(page, rule: object) -> None:  # type: ignore[no-untyped-def]
    """Write a rule in the advanced view, show it in the form, save (keyboard only)."""
    if not page.locator("#rule-advanced").evaluate("details => details.open"):
        page.focus("#rule-advanced summary")
        page.keyboard.press("Enter")
    page.focus("#id_rule")
    page.keyboard.press("Control+a")
    page.keyboard.type(json.dumps(rule))
    page.keyboard.press("Tab")  # to "Show this JSON in the form"
    page.keyboard.press("Enter")
    _settled(page)
    page.focus("button[value=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_rule_is_built_by_keyboard_previewed_and_saved(browser, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    login(page, live_url, "national")
    page.goto(live_url + PROGRAM)
    original = json.loads(page.locator("#id_rule").input_value())
    try:
        _write_json(page, START)
        assert page.locator("html").get_attribute("lang") == language
        before = _total(page)

        page.focus("#id_c-field")  # the only condition
        _choose(page, "head_age")
        page.keyboard.press("Tab")
        assert _focused(page) == "id_c-op"
        _choose(page, ">=")
        page.keyboard.press("Tab")
        assert _focused(page) == "id_c-value-0"
        _type(page, "60")
        after_age = _total(page)
        assert after_age != before

        page.keyboard.press("Tab")  # "Add a condition"
        page.keyboard.press("Tab")  # "Add a group of conditions"
        page.keyboard.press("Enter")
        _settled(page)
        assert _focused(page) == "id_c-1-0-field"  # the new group's first condition
        page.keyboard.press("Shift+Tab")
        assert _focused(page) == "id_c-1-match"
        _choose(page, "any")
        page.keyboard.press("Tab")
        _choose(page, "region_code")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert _focused(page) == "id_c-1-0-value-0"
        _choose(page, "09")
        page.keyboard.press("Tab")
        assert _focused(page) == "c-1-add-condition"
        page.keyboard.press("Enter")
        _settled(page)
        assert _focused(page) == "id_c-1-1-field"
        _choose(page, "members_with_disability")
        page.keyboard.press("Tab")
        _choose(page, ">=")
        page.keyboard.press("Tab")
        _type(page, "1")
        assert _total(page) not in (before, after_age)
        assert axe_violations(page) == []

        page.focus("button[value=save]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert json.loads(page.locator("#id_rule").input_value()) == BUILT
        assert page.locator(".alert-success").count() == 1
        assert axe_violations(page) == []

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_url + PROGRAM)
        _write_json(page, original)
        context.close()


def test_the_builder_works_without_javascript(browser, live_url) -> None:  # type: ignore[no-untyped-def]
    """Every button posts the page; the "update" button of the <noscript> gives a chosen field its operators."""
    context = browser.new_context(locale="ar-MA", java_script_enabled=False)
    context.add_cookies([{"name": "jisr_language", "value": "fr", "url": live_url}])
    page = context.new_page()
    login(page, live_url, "national")
    page.goto(live_url + PROGRAM)
    rule = json.loads(page.locator("#id_rule").input_value())
    parts = len(rule["all"]) if "all" in rule else 1
    navigate_by(page, page.locator("#c-add-condition"))
    assert page.locator(f"#id_c-{parts}-field").count() == 1
    page.select_option(f"#id_c-{parts}-field", "electricity")
    navigate_by(page, page.locator("noscript button[value=refresh]").first)
    assert page.locator(f"#id_c-{parts}-value-0 option[value=true]").count() == 1
    context.close()
