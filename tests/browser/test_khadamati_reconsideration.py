"""The citizen's keyboard-only journey through a refusal and a refused document, in Arabic and in French: the demo
citizen signs in (the code read from the console SMS backend), opens the refused request from "My requests", reads
the reasons, asks for a reconsideration (first without grounds: the error summary; then with them), then opens the
request whose document the office refused, reads why and by when, and sends the new file. Every page: no axe-core
violation, no sideways scroll at 390 px, no text out at 200 % zoom (screenshots in shots-kreconsider)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import test_khadamati as khadamati_pages
from tests.browser.conftest import REPO, serve
from tests.browser.test_khadamati import _png, _press_enter_and_wait, _tab_to
from tests.browser.test_khadamati_requests import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Two fresh cases for the demo citizen, made as the demo makes them: a refused request and a submitted one whose
# first document the office refused. Printed: the two requests' ids.
PREPARE = """
from jisr.accounts.models import User
from jisr.demo import khadamati as demo
from jisr.khadamati.models import Request
citizen = User.objects.get(username="citizen")
office = {role: demo._account(f"khadamati-{role}-agadir") for role in ("officer", "medical", "social", "secretary")}
person = {"first_name": citizen.first_name, "last_name": citizen.last_name, "birth_date": "1984-03-12", "sex": "F",
          "cin": "JA100001", "province_id": "09.001", "region_code": "09"}
demo._refused_request(citizen, office, person)
demo._request_with_a_refused_document(citizen, office, person)
mine = Request.objects.filter(applicant=citizen).order_by("-created_at")
print(mine.filter(status="refused").first().pk, mine.filter(request_documents__status="refused").first().pk)
"""


@pytest.fixture(scope="module")
def khadamati(live_env) -> Iterator[tuple[str, Path, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """A server of the demo database whose standard output (the console SMS backend) goes to a file; the sign-in
    codes per number are not limited here (the other modules have already asked for the demo citizen's)."""
    env = {**live_env, "JISR_SMS_BACKEND": "jisr.core.sms.backends.ConsoleBackend",
           "JISR_OTP_SENDS_PER_DESTINATION": "100"}  # fmt: skip
    output = Path(tempfile.mkdtemp(prefix="jisr-sms-")) / "stdout.txt"
    with output.open("w") as stdout, serve(env, stdout=stdout) as url:
        yield url, output, env


@pytest.fixture(autouse=True)
def _shots(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(khadamati_pages, "SHOTS", Path(tempfile.gettempdir()) / "shots-kreconsider")


def _prepare(env: dict[str, str]) -> tuple[str, str]:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "shell", "-c", PREPARE], env=env, cwd=REPO, check=True, capture_output=True,
        text=True,
    )  # fmt: skip
    refused, to_replace = done.stdout.split()[-2:]
    return refused, to_replace


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_reconsideration_and_a_replaced_document_by_keyboard(browser, khadamati, language) -> None:  # type: ignore[no-untyped-def]
    url, output, env = khadamati
    refused, to_replace = _prepare(env)
    context = browser.new_context(locale="ar-MA" if language == "ar" else "fr-MA")
    context.add_cookies([{"name": "jisr_language", "value": language, "url": url}])
    page = context.new_page()
    _sign_in(page, url, output)
    _tab_to(page, "main a[href='/khadamati/requests/']")
    _press_enter_and_wait(page)
    _tab_to(page, f"main a[href='/khadamati/requests/{refused}/']", limit=120)
    _press_enter_and_wait(page)
    assert page.locator("#decision-title").count() == 1
    khadamati_pages._check(page, f"{language}-refused")

    # Without grounds: the error summary takes the focus and links to the field; then the grounds, and it goes.
    _tab_to(page, "main form[action$='/reconsideration/'] button[type=submit]", limit=120)
    _press_enter_and_wait(page)
    assert page.locator(".error-summary a[href='#id_grounds']").count() == 1
    khadamati_pages._check(page, f"{language}-reconsideration-problem")
    _tab_to(page, "textarea[name=grounds]", limit=120)
    page.keyboard.type("A new report of my physiotherapist shows that the limitation lasts.")
    _tab_to(page, "main form[action$='/reconsideration/'] button[type=submit]")
    _press_enter_and_wait(page)
    assert page.url == f"{url}/khadamati/requests/{refused}/", page.url
    assert page.locator("main form[action$='/reconsideration/']").count() == 0
    assert "physiotherapist" in page.locator(".kh-timeline").inner_text()
    khadamati_pages._check(page, f"{language}-reconsideration-asked")

    # The refused document: its reason and deadline, then the new file (the file dialog is the system's).
    page.goto(f"{url}/khadamati/requests/")
    _tab_to(page, f"main a[href='/khadamati/requests/{to_replace}/']", limit=120)
    _press_enter_and_wait(page)
    assert page.locator("main form[action$='/replace/']").count() == 1
    khadamati_pages._check(page, f"{language}-document-refused")
    page.locator("main form[action$='/replace/'] input[type=file]").set_input_files(
        files=[{"name": "identity-sharp.png", "mimeType": "image/png", "buffer": _png()}]
    )
    _tab_to(page, "main form[action$='/replace/'] input[type=file]", limit=120)
    _tab_to(page, "main form[action$='/replace/'] button[type=submit]")
    _press_enter_and_wait(page)
    assert page.locator("main form[action$='/replace/']").count() == 0
    assert "identity-sharp.png" in page.locator("main").inner_text()
    khadamati_pages._check(page, f"{language}-document-replaced")
    context.close()
