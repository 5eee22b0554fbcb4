"""A registry import through the page in a real browser, as in `make demo` (no broker: the work runs in
a thread of the web process): the page answers at once, its progress bar moves, the import can be
cancelled between chunks, and a finished import shows its counts and its error report."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ar, axe_violations, login, navigate_by, run_jisr

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def files(live_env, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("registry-files")
    for name, households in (("small", "2000"), ("large", "400000")):
        run_jisr(live_env, "registry", "generate", "--households", households, "--seed", "11",
                 "--out", str(folder / f"{name}.csv"))  # fmt: skip
    return {name: folder / f"{name}.csv" for name in ("small", "large")}


def _upload(page, live_url: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_url + "/registry/imports/")
    page.set_input_files("#id_file", str(path))
    navigate_by(page, page.get_by_role("button", name=ar("Import"), exact=True))


def test_an_import_shows_its_progress_then_its_counts_and_errors(page, live_url, files) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "national")
    _upload(page, live_url, files["small"])
    expect(page.locator("#progress dl")).to_be_visible(timeout=60_000)  # the page polls until the job is done
    assert page.locator("#progress").get_by_text(ar("Households created")).is_visible()
    assert page.get_by_role("link", name=ar("Download the error report (CSV)")).is_visible()
    assert axe_violations(page) == []


def test_a_large_import_can_be_cancelled_between_chunks(page, live_url, files) -> None:  # type: ignore[no-untyped-def]
    login(page, live_url, "national")
    _upload(page, live_url, files["large"])
    navigate_by(page, page.get_by_role("button", name=ar("Cancel the import")))  # still running: it answered at once
    expect(page.locator("#progress dl")).to_be_visible(timeout=120_000)
    assert ar("cancelled") in page.locator("#progress p").first.inner_text()
    created = page.locator("#progress dt", has_text=ar("Households created")).locator("xpath=following-sibling::dd[1]")
    assert 0 <= int("".join(filter(str.isdigit, created.inner_text()))) < 400_000
