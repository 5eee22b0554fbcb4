"""Documents on the case page in a real browser, in Arabic and French, on a phone: a social worker adds a
scanned report, sees it listed (kind, format, date, who), is refused a PDF named as a photograph with the
reason on the form; the case page and the upload page pass axe-core and do not scroll sideways at 390 px."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import ar, axe_violations, login, navigate_by

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_worker_adds_a_document_to_a_case_and_sees_it_listed(browser, live_url, language: str) -> None:  # type: ignore[no-untyped-def]
    folder = Path(tempfile.mkdtemp(prefix="jisr-documents-"))
    report, disguised = folder / f"bilan-{language}.pdf", folder / "carte.jpg"
    report.write_bytes(PDF)
    disguised.write_bytes(PDF)  # a PDF named as a photograph
    shots = Path(os.environ.get("JISR_SHOTS", folder))
    context = browser.new_context(locale="ar-MA", viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page = context.new_page()
    try:
        login(page, live_url, "worker-agadir")
        page.goto(live_url + "/cases/?status=open")
        navigate_by(page, page.locator("main table a[href^='/cases/']").first)
        case_url = page.url
        section = page.locator("#documents")
        section.locator("summary").last.click()  # "Add a document"
        assert axe_violations(page) == [] and _fits(page)

        page.set_input_files("#id_document-file", str(report))
        page.select_option("#id_document-kind", "medical")
        page.fill("#id_document-title", f"Bilan {language}")
        navigate_by(page, section.locator("button[type=submit]"))
        assert page.url.split("#")[0] == case_url
        item = page.locator("#documents li", has_text=f"Bilan {language}")
        assert item.count() == 1 and "PDF" in item.inner_text()
        assert re.search(r"\d{2}/\d{2}/\d{4}", item.inner_text())  # added on day/month/year
        assert item.locator("a[href^='/documents/']").first.get_attribute("href")
        assert axe_violations(page) == [] and _fits(page)
        page.screenshot(path=str(shots / f"case-documents-{language}-390.png"), full_page=True)

        page.locator("#documents summary").last.click()
        page.set_input_files("#id_document-file", str(disguised))
        page.select_option("#id_document-kind", "identity")
        navigate_by(page, page.locator("#documents button[type=submit]"))
        assert "/documents/cases/" in page.url  # the upload page, with the form and its error
        summary = page.locator(".error-summary")
        assert summary.is_visible() and ".jpg" in summary.inner_text()
        if language == "ar":
            assert page.locator("h1").inner_text() == ar("Add a document")
        assert axe_violations(page) == [] and _fits(page)
        page.screenshot(path=str(shots / f"upload-refused-{language}-390.png"), full_page=True)
    finally:
        context.close()
