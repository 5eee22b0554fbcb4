"""`/api/v1/territories`: authentication required, figures and counts right, unknown codes → 404."""

from __future__ import annotations

import pytest
from django.test import Client

from jisr.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db

BASE = "/api/v1/territories"


@pytest.fixture
def api(personas) -> Client:  # type: ignore[no-untyped-def]
    """A client that sends a bearer token of the outsider: any authenticated user may read territories."""
    _, raw = token_issue(user=personas.outsider, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.parametrize(
    "path", ["/regions", "/provinces", "/provinces?region=09", "/communes", "/communes?province=09.001", "/09.001"]
)
def test_anonymous_gets_401(client, path: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(BASE + path)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_an_invalid_token_gets_401(db) -> None:  # type: ignore[no-untyped-def]
    response = Client(headers={"Authorization": "Bearer jisr_not-a-token"}).get(f"{BASE}/regions")
    assert response.status_code == 401


def test_regions(api: Client) -> None:
    response = api.get(f"{BASE}/regions")
    assert response.status_code == 200
    regions = response.json()
    assert len(regions) == 12
    assert sum(region["population_2024"] for region in regions) == 36_828_330
    assert sum(region["province_count"] for region in regions) == 75
    souss = next(region for region in regions if region["code"] == "09")
    assert souss == {
        "code": "09",
        "name_ar": souss["name_ar"],
        "name_fr": "Souss-Massa",
        "population_2024": souss["population_2024"],
        "households_2024": souss["households_2024"],
        "province_count": 6,
    }


def test_session_user_is_accepted(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("worker_a").get(f"{BASE}/regions")
    assert response.status_code == 200
    assert len(response.json()) == 12


def test_provinces_of_a_region(api: Client) -> None:
    assert len(api.get(f"{BASE}/provinces").json()) == 75
    provinces = api.get(f"{BASE}/provinces", {"region": "09"}).json()
    assert [p["code"] for p in provinces] == ["09.001", "09.163", "09.273", "09.541", "09.551", "09.581"]
    agadir = provinces[0]
    assert agadir["region_code"] == "09"
    assert agadir["kind"] == "prefecture"
    assert agadir["population_2024"] == 721_431
    assert agadir["commune_count"] == 13


def test_unknown_filter_codes_are_404(api: Client) -> None:
    for path, params in [
        ("/provinces", {"region": "99"}),
        ("/provinces", {"region": "9"}),
        ("/communes", {"province": "09.1"}),
    ]:
        response = api.get(BASE + path, params)
        assert response.status_code == 404, (path, params)
        assert response.json()["detail"]


def test_communes_are_paginated_with_limit_and_offset(api: Client) -> None:
    first = api.get(f"{BASE}/communes", {"province": "09.001", "limit": 10}).json()
    assert first["count"] == 13
    assert len(first["items"]) == 10
    rest = api.get(f"{BASE}/communes", {"province": "09.001", "limit": 10, "offset": 10}).json()
    assert len(rest["items"]) == 3
    items = first["items"] + rest["items"]
    assert len({item["code"] for item in items}) == 13
    assert sum(item["population_2024"] for item in items) == 721_431
    agadir = next(item for item in items if item["code"] == "09.001.01.01")
    assert agadir["kind"] == "urban"
    assert agadir["province_code"] == "09.001" and agadir["region_code"] == "09"
    assert agadir["population_2024"] == 504_768
    assert {item["kind"] for item in items} == {"urban", "rural"}
    assert api.get(f"{BASE}/communes", {"limit": 1}).json()["count"] == 1503


@pytest.mark.parametrize("query", [{"limit": 2**70}, {"offset": 2**70}, {"limit": 0}, {"offset": -1}])
def test_communes_pagination_is_bounded(api: Client, query: dict[str, int]) -> None:
    # Found by tests/test_api_fuzz.py: a limit or an offset past 64 bits reached the database (500).
    assert api.get(f"{BASE}/communes", query).status_code == 422


def test_communes_search_in_both_languages(api: Client) -> None:
    by_french = api.get(f"{BASE}/communes", {"province": "09.001", "search": "amskroud"}).json()
    assert [item["code"] for item in by_french["items"]] == ["09.001.05.01"]
    by_arabic = api.get(f"{BASE}/communes", {"province": "09.001", "search": "امسكروض"}).json()
    assert [item["code"] for item in by_arabic["items"]] == ["09.001.05.01"]


@pytest.mark.parametrize(
    ("code", "level", "region", "province", "commune"),
    [
        ("09", "region", None, None, None),
        ("09.001", "province", "09", None, None),
        ("06.141.01.00", "prefecture_of_arrondissements", "06", "06.141", None),
        ("09.001.01.01", "commune", "09", "09.001", None),
        ("06.141.01.01", "arrondissement", "06", "06.141", "06.141.01.0"),
    ],
)
def test_any_territory_by_code(
    api: Client, code: str, level: str, region: str | None, province: str | None, commune: str | None
) -> None:
    response = api.get(f"{BASE}/{code}")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["level"]) == (code, level)
    assert (body["region_code"], body["province_code"], body["commune_code"]) == (region, province, commune)
    assert body["population_2024"] > 0 and body["households_2024"] > 0
    assert body["name_ar"] and body["name_fr"]


def test_territory_figures(api: Client) -> None:
    agadir = api.get(f"{BASE}/09.001").json()
    assert agadir["population_2024"] == 721_431
    assert agadir["kind"] == "prefecture"
    assert api.get(f"{BASE}/09.001.05.01").json()["kind"] == "rural"


@pytest.mark.parametrize("code", ["99", "9", "09.1", "09.001.99.99", "abc"])
def test_unknown_code_is_404_json(api: Client, code: str) -> None:
    response = api.get(f"{BASE}/{code}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
