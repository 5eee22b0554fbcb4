"""Arabic reads right in a real browser: numbers and phones keep their digit order inside Arabic
sentences, and the error pages come in the site's layout and the user's language at phone width.

The digit order is read from the layout itself: each digit of the figure is located on screen
(a DOM Range per character) and the digits are read left to right, as the eye reads a number;
`innerText` alone gives the logical order, which is right even when the screen shows `154 3`.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.browser.conftest import ar, axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE_WIDTH = {"width": 390, "height": 844}

# The figure matched by `pattern` (group 1) in the element's text: its digits in reading (logical)
# order, the same digits in the order they appear on screen from left to right, and whether the
# figure sits in a left-to-right isolate (an element with unicode-bidi: isolate and direction: ltr,
# or the U+2066 … U+2069 characters around it).
FIGURE_ON_SCREEN = """([element, pattern]) => {
  const nodes = [];
  let text = "";
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push([node, text.length]);
    text += node.data;
  }
  const match = new RegExp(pattern).exec(text);
  if (!match) return null;
  const start = match.index + match[0].indexOf(match[1]);
  const end = start + match[1].length;
  const placed = [];
  let isolated = text[start - 1] === "\\u2066" && text[end] === "\\u2069";
  for (const [node, offset] of nodes) {
    for (let i = Math.max(start - offset, 0); i < Math.min(end - offset, node.data.length); i++) {
      if (!/[0-9]/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      placed.push([Math.round(box.top), box.left, node.data[i]]);
      const style = getComputedStyle(node.parentElement);
      isolated = isolated || (style.unicodeBidi === "isolate" && style.direction === "ltr");
    }
  }
  placed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    logical: match[1].replace(/[^0-9]/g, ""),
    onScreen: placed.map((p) => p[2]).join(""),
    isolated: isolated,
  };
}"""


def _use_language(page, live_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])


def _figure(locator, pattern: str) -> dict:  # type: ignore[no-untyped-def]
    figure = locator.evaluate(f"(element) => ({FIGURE_ON_SCREEN})([element, {pattern!r}])")
    assert figure, f"no figure matching {pattern!r} in {locator.inner_text()!r}"
    return figure


def _assert_reads_left_to_right(figure: dict, what: str) -> None:
    assert figure["onScreen"] == figure["logical"], f"{what}: {figure['logical']} shows as {figure['onScreen']}"
    assert figure["isolated"], f"{what} is not isolated as a left-to-right run"


def test_numbers_and_phones_keep_their_digit_order_in_arabic(page, live_url) -> None:  # type: ignore[no-untyped-def]
    _use_language(page, live_url, "ar")
    page.goto(live_url + "/centers/")
    count = page.locator("main h2").first
    _assert_reads_left_to_right(_figure(count, r"(\d[\d\s]*\d|\d)"), "the directory count")
    assert axe_violations(page) == []

    page.goto(live_url + "/territories/")
    page.goto(live_url + page.locator("main table a").first.get_attribute("href"))
    supply = page.locator("main dd:has(a[href*='/centers/'])").first
    # The capacity is the last figure of "N centers — M Jisr new-generation, capacity C persons".
    _assert_reads_left_to_right(_figure(supply, r"(\d[\d\s]*\d|\d)\D*$"), "a territory's capacity")
    assert axe_violations(page) == []

    login(page, live_url, "worker-agadir")
    page.goto(live_url + "/people/new/")
    page.fill("#id_first_name_ar", "سعيد")
    page.fill("#id_last_name_ar", "أوحمو")
    page.check("input[name=sex][value=M]")
    page.fill("#id_phone", "abc")
    navigate_by(page, page.locator("main form button[type=submit]"))
    hint = page.locator(".invalid-feedback", has_text="06").first
    _assert_reads_left_to_right(_figure(hint, r"(06[\d ]*\d)"), "the national example of the phone hint")
    _assert_reads_left_to_right(_figure(hint, r"(\+212[\d ]*\d)"), "the international example of the phone hint")


def _assert_error_page(page, language: str, status_title: str) -> None:  # type: ignore[no-untyped-def]
    direction = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator("main h1").inner_text() == status_title
    assert page.locator("main a[href='/']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_error_pages_at_phone_width(browser, live_url, language) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override(language):
        not_found = translation.gettext("Page not found")
        form_refused = translation.gettext("The form could not be sent")
    context = browser.new_context(locale="ar-MA", viewport=PHONE_WIDTH)
    page = context.new_page()
    _use_language(page, live_url, language)
    response = page.goto(f"{live_url}/no-such-page/")
    assert response.status == 404
    _assert_error_page(page, language, not_found)

    login(page, live_url, "partner-health-agadir")
    response = page.goto(f"{live_url}/people/{uuid.uuid4()}/")
    assert response.status == 404
    _assert_error_page(page, language, not_found)
    assert page.locator("main a[href='/people/']").is_visible(), "the way back to the list"

    context.clear_cookies()  # logged out, to reach the login form
    _use_language(page, live_url, language)
    page.goto(live_url + "/accounts/login/")
    context.clear_cookies()  # the CSRF cookie goes: the form's token no longer matches anything
    _use_language(page, live_url, language)
    page.fill("input[name=username]", "worker-agadir")
    page.fill("input[name=password]", "jisr-demo")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert re.search(r"/accounts/login/$", page.url)
    _assert_error_page(page, language, form_refused)
    context.close()


def test_arabic_error_page_text_is_arabic(page, live_url) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/no-such-page/")
    assert page.locator("main h1").inner_text() == ar("Page not found")
