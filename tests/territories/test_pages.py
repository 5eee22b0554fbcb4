"""The public territory pages: reachable anonymously, figures shown, unknown codes 404, queries pinned."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def detail(code: str) -> str:
    return reverse("territories:detail", args=[code])


def test_regions_page_is_public(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(1):
        response = client.get(reverse("territories:regions"))
    assert response.status_code == 200
    assert len(response.context["regions"]) == 12
    assert response.context["totals"]["population_2024"] == 36_828_330
    html = response.content.decode()
    assert detail("09") in html
    assert 'id="territory-map"' in html
    assert reverse("territories:boundaries", args=["regions"]) in html
    assert "vendor/leaflet/leaflet.js" in html


def test_numbers_follow_the_locale(client: Client) -> None:
    client.cookies["jisr_language"] = "en"
    assert "36,828,330" in client.get(reverse("territories:regions")).content.decode()
    client.cookies["jisr_language"] = "fr"
    assert "36\u202f828\u202f330" in client.get(reverse("territories:regions")).content.decode()


def test_region_page_lists_its_provinces(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(3):
        response = client.get(detail("09"))
    assert response.status_code == 200
    assert [p.code for p in response.context["provinces"]] == [
        "09.001",
        "09.163",
        "09.273",
        "09.541",
        "09.551",
        "09.581",
    ]
    assert detail("09.001") in response.content.decode()


def test_province_page_lists_its_communes(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(6):
        response = client.get(detail("09.001"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 13
    html = response.content.decode()
    assert detail("09.001.01.01") in html
    assert 'for="commune-search"' in html


def test_territory_pages_show_the_open_centers_with_a_link_to_the_directory(personas, client: Client) -> None:  # type: ignore[no-untyped-def]
    from jisr.centers.models import Center

    Center.objects.filter(pk=personas.center_a.pk).update(capacity=120)
    province = client.get(detail("09.001"))
    assert province.context["supply"].centers == 1
    assert province.context["supply"].capacity == 120
    assert "/centers/?region=09&amp;province=09.001" in province.content.decode()
    assert client.get(detail("04")).context["supply"].centers == 1
    Center.objects.filter(pk=personas.center_a.pk).update(status=Center.Status.INACTIVE)
    assert client.get(detail("09.001")).context["supply"].centers == 0


def test_province_page_paginates(client: Client) -> None:
    # Taroudannt has 89 communes: two pages of 50.
    first = client.get(detail("09.541")).context["page"]
    second = client.get(detail("09.541"), {"page": 2}).context["page"]
    assert first.paginator.count == 89
    assert len(first.object_list) == 50 and len(second.object_list) == 39
    assert not {c.code for c in first.object_list} & {c.code for c in second.object_list}
    assert client.get(detail("09.541"), {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("term", ["amskroud", "امسكروض"])
def test_province_page_searches_in_arabic_or_french(client: Client, term: str) -> None:
    response = client.get(detail("09.001"), {"q": term})
    assert [c.code for c in response.context["page"].object_list] == ["09.001.05.01"]


def test_other_levels_have_a_page(client: Client) -> None:
    commune = client.get(detail("06.141.01.0"))
    assert commune.status_code == 200
    assert len(commune.context["arrondissements"]) == 16
    assert client.get(detail("06.141.01.01")).status_code == 200
    assert client.get(detail("06.141.01.00")).status_code == 200
    casablanca = client.get(detail("06.141"))
    assert len(casablanca.context["prefectures"]) == 8


@pytest.mark.parametrize("code", ["99", "09.1", "nothing"])
def test_unknown_code_is_404(client: Client, code: str) -> None:
    assert client.get(detail(code)).status_code == 404


def test_logged_in_users_see_the_same_pages(client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("outsider").get(reverse("territories:regions")).status_code == 200
    assert client_for("outsider").get(detail("09.001")).status_code == 200


@pytest.mark.parametrize(("name", "expected"), [("regions", 12), ("provinces", 75)])
def test_boundaries_are_served_with_caching_headers(client: Client, name: str, expected: int) -> None:
    response = client.get(reverse("territories:boundaries", args=[name]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert len(json.loads(response.content)["features"]) == expected
    again = client.get(reverse("territories:boundaries", args=[name]), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_unknown_boundaries_are_404(client: Client) -> None:
    assert client.get(reverse("territories:boundaries", args=["arrondissements"])).status_code == 404


def test_commune_outlines_are_served_with_an_etag(client: Client) -> None:
    answer = client.get(reverse("territories:boundaries", args=["communes"]))
    assert answer.status_code == 200 and answer["ETag"] and "max-age=86400" in answer["Cache-Control"]
    assert len(json.loads(answer.content)["features"]) == 1503
    assert (
        client.get(reverse("territories:boundaries", args=["communes"]), HTTP_IF_NONE_MATCH=answer["ETag"]).status_code
        == 304
    )


def test_names_follow_the_language(client: Client) -> None:
    with translation.override("ar"):
        client.cookies["jisr_language"] = "ar"
        assert "سوس" in client.get(detail("09")).content.decode()
