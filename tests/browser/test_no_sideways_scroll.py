"""No page scrolls sideways on a phone (390 px wide), in Arabic (RTL) and French (LTR).

The pages are the ones the other browser tests visit, grouped by the persona who uses them; a
page whose link must be found on another page (a center, a case, a person, a program, a referral)
is reached through the first link of its list. A wide table may scroll inside its own box
(`.table-responsive`), never the whole page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(tempfile.gettempdir()) / "shots-h-small"  # looked at by a person, not asserted
# The first link of a list page, followed to reach a detail page: (list page, link selector); a
# list page may itself be one reached so (`@case`).
FIRST_OF = {
    "center": ("/centers/?q=Agadir", "main a[href^='/centers/'][href$='/']"),
    "territory": ("/territories/", "main table a[href^='/territories/']"),
    "case": ("/cases/", "main table a[href^='/cases/']"),
    "person": ("@case", "main a[href^='/people/'][href$='/']"),  # the person of the first case
    "program": ("/training/", "main table a[href^='/training/programs/']"),
    "referral": ("/referrals/", "main table a[href^='/referrals/']"),
}
PAGES: dict[str | None, list[str]] = {
    None: ["/", "/accounts/login/", "/centers/", "@center", "/territories/", "/territories/09/", "@territory"],
    "worker-agadir": ["/", "/people/", "/people/new/", "/cases/", "/cases/my-work/", "@case", "@person",
                      "/referrals/", "/referrals/?box=sent"],
    "manager-agadir": ["/", "/training/", "/training/modules/", "@program", "/training/verify/?code=ABCDE-23456",
                       "/privacy/requests/", "/cases/my-work/"],
    "analyst": ["/", "/cases/dashboard/"],
    "national": ["/", "/programs/", "/programs/coverage/?level=region", "/programs/amo-tadamon/",
                 "/registry/imports/", "/registry/households/?q=R", "/people/linkage/",
                 "/privacy/retention/?preview=1", "/accounts/profile/two-factor/setup/"],
    "partner-health-agadir": ["/", "/referrals/", "@referral"],
}  # fmt: skip


def _resolve(page, live_url: str, path: str) -> str | None:  # type: ignore[no-untyped-def]
    if not path.startswith("@"):
        return path
    list_page, selector = FIRST_OF[path[1:]]
    list_url = _resolve(page, live_url, list_page)
    if list_url is None:
        return None
    page.goto(live_url + list_url)
    return page.locator(selector).first.get_attribute("href") if page.locator(selector).count() else None


def _overflow(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """How much wider than the window the document is, and the outermost elements sticking out of it
    (not clipped by a scrolling box) to say what to fix."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const clipped = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
            const out = [...document.querySelectorAll('body *')].filter(el => {
                const r = el.getBoundingClientRect();
                return (r.width || r.height) && (r.right > width + 1 || r.left < -1) && !clipped(el); });
            const culprits = out.filter(el => !out.includes(el.parentElement))
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.'));
            return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits};
        }"""
    )


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("persona", list(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(browser, live_url, persona: str | None, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ar-MA", viewport=PHONE)
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    try:
        if persona:
            login(page, live_url, persona)
        wide: dict[str, object] = {}
        for path in PAGES[persona]:
            url = _resolve(page, live_url, path)
            assert url, f"{persona}: no link to follow for {path}"
            page.goto(live_url + url)
            page.wait_for_load_state("networkidle")
            measured = _overflow(page)
            if measured["scrollWidth"] > measured["innerWidth"]:  # type: ignore[operator]
                wide[url] = measured
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"{persona or 'public'}-{language}-{url.strip('/').replace('/', '_').replace('?', '_') or 'home'}"
            page.screenshot(path=str(SHOTS / f"{name[:120]}.png"), full_page=True)
        assert wide == {}, wide
    finally:
        context.close()
