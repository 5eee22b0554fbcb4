"""Khadamati in a real browser: a citizen signs up by keyboard alone, in Arabic and in French, reading the code
that the console SMS backend printed (as in `make demo`); declares whom they act for; the Agadir office
opens the declaration. Every page has no axe-core WCAG 2.1 A/AA violation, none scrolls sideways at 390 px,
and at 200 % zoom no text leaves the window."""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations, login, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(tempfile.gettempdir()) / "shots-khadauth"
PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 640, "height": 400}
DESKTOP = {"width": 1280, "height": 800}
# The elements that stick out of the window, to say what to fix when a page scrolls sideways.
WIDEST = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')].filter(element => {
        const box = element.getBoundingClientRect();
        return box.right > width + 1 || box.left < -1;
    }).slice(0, 5).map(element => element.tagName + '.' + element.className);
}"""
NUMBERS = {"ar": "0670000101", "fr": "0670000102"}


@pytest.fixture(scope="module")
def khadamati(live_env) -> Iterator[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    """A server of the demo database whose standard output (the console SMS backend) goes to a file."""
    output = Path(tempfile.mkdtemp(prefix="jisr-sms-")) / "stdout.txt"
    with output.open("w") as stdout, serve({**live_env, "JISR_SMS_BACKEND": "jisr.core.sms.backends.ConsoleBackend"},
                                           stdout=stdout) as url:  # fmt: skip
        yield url, output


def _code_sent_to(output: Path, number: str) -> str:
    """The code of the last text message the console backend printed for `number` (+212…)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = re.findall(rf"SMS to {re.escape(number)}\n[^\n]*?(\d{{6}})", output.read_text(encoding="utf-8"))
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no text message to {number}")


def _tab_to(page, selector: str, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element matching `selector` has the focus (the keyboard user's way to reach it)."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement && document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def _press_enter_and_wait(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _check(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe at desktop width, then no sideways scroll at 390 px, then no text out of the window at 200 %."""
    assert axe_violations(page) == [], (name, page.url)
    page.set_viewport_size(PHONE)
    page.reload()
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, (name, page.url, sideways, page.evaluate(WIDEST))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    # 200 % zoom of a 1280 × 800 window is a 640 × 400 window of CSS pixels: the browser lays the page out,
    # and evaluates its media queries, as it does when the reader zooms.
    page.set_viewport_size(ZOOM_200)
    page.reload()
    outside = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth, out = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, text = node.textContent.trim();
                const hidden = '.visually-hidden, .visually-hidden-focusable, .table-responsive';
                if (!text || !node.parentElement || node.parentElement.closest(hidden)) continue;
                const range = document.createRange(); range.selectNodeContents(node);
                for (const rect of range.getClientRects()) {
                    if (rect.width && (rect.left < -1 || rect.right > width + 1)) out.push(text.slice(0, 40));
                }
            }
            return out;
        }"""
    )
    sideways = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(SHOTS / f"{name}-zoom200.png"), full_page=True)
    assert outside == [] and sideways <= 0, (name, page.url, outside, sideways, page.evaluate(WIDEST))
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_citizen_signs_up_by_keyboard_and_declares_whom_they_act_for(browser, khadamati, language) -> None:  # type: ignore[no-untyped-def]
    url, output = khadamati
    context = browser.new_context(locale="ar-MA" if language == "ar" else "fr-MA")
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    page = context.new_page()
    page.goto(url + "/khadamati/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    _check(page, f"{language}-welcome")
    # The skip link is the first stop of the keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    _tab_to(page, "main a[href='/khadamati/sign-in/']")
    _press_enter_and_wait(page)
    _check(page, f"{language}-sign-in")

    _tab_to(page, "input[name=destination]")
    page.keyboard.type(NUMBERS[language])
    _press_enter_and_wait(page)
    assert page.url.endswith("/khadamati/sign-in/code/")
    code = _code_sent_to(output, "+212" + NUMBERS[language][1:])
    # A wrong code first: the error summary takes the focus and names the field.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'code'")  # autofocus
    page.keyboard.type(f"{(int(code) + 1) % 10**6:06d}")
    _press_enter_and_wait(page)
    assert page.locator(".error-summary").count() == 1 and page.locator("#id_code").input_value() != code
    _check(page, f"{language}-code-error")
    _tab_to(page, "input[name=code]")
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    _press_enter_and_wait(page)
    assert page.url.endswith("/khadamati/sign-in/name/")
    _check(page, f"{language}-name")
    _tab_to(page, "input[name=first_name]")
    page.keyboard.type("Amina" if language == "fr" else "أمينة")
    page.keyboard.press("Tab")
    page.keyboard.type("Berrada" if language == "fr" else "برادة")
    _press_enter_and_wait(page)
    assert page.url.endswith("/khadamati/")
    assert page.locator("form[action='/khadamati/sign-out/']").count() == 1
    _check(page, f"{language}-my-space")

    # Declare a minor child: province, then commune, then the form (the file is chosen like a keyboard user's
    # file dialog would, everything else by keys).
    _tab_to(page, "main a[href='/khadamati/representations/new/']")
    _press_enter_and_wait(page)
    _check(page, f"{language}-place-province")
    _tab_to(page, "select[name=province]")
    for _press in range(page.evaluate("[...document.querySelector('select[name=province]').options]"
                                      ".findIndex(option => option.value === '09.001')")):  # fmt: skip
        page.keyboard.press("ArrowDown")  # down to Agadir Ida-Ou-Tanane, whose office is in the demo
    assert page.evaluate("document.activeElement.value") == "09.001"
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    assert "province=" in page.url
    _check(page, f"{language}-place-commune")
    _tab_to(page, "select[name=commune]")
    page.keyboard.press("ArrowDown")
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    assert "commune=" in page.url
    _check(page, f"{language}-declaration")
    _tab_to(page, "input[name=relation]")  # a radio group is one stop; the arrows choose in it
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "minor_child"
    _tab_to(page, "input[name=first_name]")
    page.keyboard.type("Yassine")
    page.keyboard.press("Tab")
    page.keyboard.type("Berrada")
    _tab_to(page, "input[name=birth_date]")
    page.keyboard.type("04052016")  # a child's date, in whichever order the browser's date field asks
    _tab_to(page, "input[name=civil_register_id]")
    page.keyboard.type("12345" + NUMBERS[language][-4:])
    page.locator("input[name=document]").set_input_files(
        files=[{"name": "acte.png", "mimeType": "image/png", "buffer": _png()}]
    )
    _tab_to(page, "input[name=declaration]")
    page.keyboard.press("Space")
    _tab_to(page, "main button[type=submit]")
    _press_enter_and_wait(page)
    assert re.search(r"/khadamati/representations/[0-9a-f-]{36}/$", page.url), page.content()
    _check(page, f"{language}-declared")
    # A staff page answers 404 in the citizen layout.
    page.goto(url + "/people/")
    assert page.locator("#main-nav").count() == 0
    _check(page, f"{language}-404")
    context.close()


def test_the_agadir_office_pages(browser, khadamati) -> None:  # type: ignore[no-untyped-def]
    url, _output = khadamati
    for language in ("ar", "fr"):
        context = browser.new_context()
        context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
        page = context.new_page()
        login(page, url, "khadamati-officer-agadir")
        page.goto(url + "/khadamati/office/representations/?status=")
        _check(page, f"{language}-office-list")
        # The declarations of Agadir made by the citizens of the test above (it runs first in this file), still
        # waiting (the demo's parent has a verified one).
        page.goto(url + "/khadamati/office/representations/?status=pending")
        link = page.locator("main table a[href^='/khadamati/office/representations/']").first
        assert link.count() == 1
        page.goto(url + (link.get_attribute("href") or ""))
        assert page.locator("form[action$='/verify/']").count() == 1
        _check(page, f"{language}-office-declaration")
        context.close()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (240, 240, 240)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_link_drawn_as_a_button_has_its_text_in_the_middle(browser, khadamati, language) -> None:  # type: ignore[no-untyped-def]
    """The header's "Sign in" is a link drawn as a small button, 44 px high for the finger: its words sit in the
    middle of the box (a link does not centre them by itself, a <button> does)."""
    url, _output = khadamati
    context = browser.new_context(locale="ar-MA" if language == "ar" else "fr-MA")
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    page = context.new_page()
    page.goto(url + "/khadamati/")
    offsets = page.evaluate(
        """() => [...document.querySelectorAll('a.btn')].map((link) => {
            const box = link.getBoundingClientRect(), range = document.createRange();
            range.selectNodeContents(link);
            const text = range.getBoundingClientRect();
            return [box.height, Math.abs((box.top + box.bottom) / 2 - (text.top + text.bottom) / 2)];
        })"""
    )
    assert offsets and all(height >= 44 and offset <= 2 for height, offset in offsets), offsets
    context.close()
