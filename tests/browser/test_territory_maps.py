"""The territory maps in a real browser: polygons drawn from the committed GeoJSON, no external
request (no tile server), and no axe-core WCAG 2.1 A/AA violation, in Arabic (RTL) and French."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAPS = [("/territories/", 12), ("/territories/09/", 6), ("/territories/09.001/", 1)]


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize(("path", "polygons"), MAPS)
def test_map_draws_the_polygons_offline(page, live_url, language: str, path: str, polygons: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(live_url) else None)
    page.context.add_cookies([{"name": "jisr_language", "value": language, "url": live_url}])
    page.goto(live_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("#territory-map path.leaflet-interactive").count() == polygons
    assert outside == []
    assert axe_violations(page) == []


def test_clicking_a_region_opens_its_page(page, live_url) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page.goto(live_url + "/territories/")
    page.wait_for_load_state("networkidle")
    page.locator("#territory-map path.leaflet-interactive").nth(8).click(force=True)
    page.wait_for_url(f"{live_url}/territories/*/")
    assert page.locator("h1").count() == 1
    assert page.locator("#territory-map path.leaflet-interactive").count() >= 1
