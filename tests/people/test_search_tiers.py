"""A search that finds more persons than the count cap is read tier by tier (docs/performance.md): the
same persons in the same order as when every candidate is ranked at once, and a total that says "more
than" (issue 11)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import F
from django.urls import reverse

from jisr.people import search
from jisr.people.models import FamilySpelling, Person
from jisr.people.selectors import SearchFilters, person_search_page
from tests.people.helpers import open_case
from tests.people.test_search_ranking import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def hsn(personas: Any) -> dict[str, Person]:
    """Persons whose names share the skeleton "hsn" of Hassani, one or more in each tier of the score."""
    people = {
        "alone": person(personas, "", "", "", "Hassani", born=1970),  # spelled like the query: 100
        "ahmed": person(personas, "أحمد", "الحساني", "Ahmed", "Hassani", born=1980),  # family name: 90
        "karim": person(personas, "", "", "Karim", "El Hassani", born=1990),  # 90, with the article
        "fatima": person(personas, "", "", "Fatima", "Hassani", born=1980, center="center_rabat"),  # 90
        "omar": person(personas, "", "", "Hassani", "Omar", born=1985),  # given name: 85
        "hassan": person(personas, "حسن", "", "Hassan", "", born=1975),  # the skeleton as full name: 70
        "ali": person(personas, "", "", "Ali", "Housni", born=1980),  # the skeleton as family name: 60
        "housni": person(personas, "", "", "Housni", "Alaoui", born=1960),  # as given name: 55
        "hasnabi": person(personas, "", "", "Ali", "Hasnabi", born=1980),  # begins like it: 30
        "oujda": person(personas, "", "", "Said", "Hassani", born=1980, center="center_b"),  # elsewhere
    }
    open_case(personas, people["oujda"], center="center_a", by="worker_a")  # followed at center A
    merged = person(personas, "", "", "Nabil", "Hassani")
    Person.objects.filter(pk=merged.pk).update(merged_into=people["ahmed"])
    return people


def full_order(user: Any, filters: SearchFilters) -> list[Person]:
    page = person_search_page(user, filters, 1, page_size=search.MAX_PAGE_SIZE)
    assert not page.capped and page.count == len(page.results)
    return page.results


def test_the_ranking_of_hassani_by_tier(personas, hsn) -> None:  # type: ignore[no-untyped-def]
    expected = ["alone", "ahmed", "fatima", "karim", "oujda", "omar", "hassan", "ali", "housni", "hasnabi"]
    assert full_order(personas.national, SearchFilters("Hassani")) == [hsn[name] for name in expected]
    in_a = ["alone", "ahmed", "karim", "oujda", "omar", "hassan", "ali", "housni", "hasnabi"]  # Said Hassani by case
    assert full_order(personas.worker_a, SearchFilters("Hassani")) == [hsn[name] for name in in_a]


SEARCHES = [
    SearchFilters("Hassani"),
    SearchFilters("El Hassani", birth_year=1980),
    SearchFilters("Hassani", commune_code="placeholder"),
    SearchFilters("الحساني"),
    SearchFilters("Housni", birth_year=1961),
    SearchFilters("Hassan"),
]


@pytest.mark.parametrize("viewer", ["national", "worker_a", "region_rsk", "province_agadir"])
@pytest.mark.parametrize("filters", SEARCHES, ids=lambda f: f"{f.query}-{f.birth_year}-{f.commune_code}")
def test_a_capped_search_pages_like_the_full_ranking(personas, hsn, monkeypatch, viewer, filters) -> None:  # type: ignore[no-untyped-def]
    user = getattr(personas, viewer)
    if filters.commune_code == "placeholder":
        filters = SearchFilters(filters.query, commune_code=personas.center_rabat.commune_id)
    expected = full_order(user, filters)
    if len(expected) < 2:
        return
    cap = len(expected) - 1
    monkeypatch.setattr(search, "COUNT_CAP", cap)
    for size in (1, 2, 3):
        walked: list[Person] = []
        for number in range(1, -(-cap // size) + 1):
            page = person_search_page(user, filters, number, page_size=size)
            assert (page.capped, page.count, page.number) == (True, cap, number)
            walked.extend(page.results)
        assert walked[:cap] == expected[:cap], (size, walked, expected)
        # a page past the cap is the last one
        assert person_search_page(user, filters, 99, page_size=size).number == -(-cap // size)


def test_the_page_and_the_api_say_more_than(personas, hsn, client_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    client = client_for("worker_a")
    page = client.get(reverse("people:search"), {"q": "Hassani"}, HTTP_ACCEPT_LANGUAGE="en")
    caption = re.sub(r"<[^>]+>", "", page.content.decode().split("<caption>")[1].split("</caption>")[0])
    assert caption.startswith("More than 3 persons found — 1 to 3 shown"), caption
    answer = client.get("/api/v1/people", {"q": "Hassani", "page_size": 2, "page": 5}).json()
    assert (answer["count"], answer["count_capped"], answer["page"]) == (3, True, 2)
    assert len(answer["results"]) == 1
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    answer = client.get("/api/v1/people", {"q": "Hassani"}).json()
    assert (answer["count"], answer["count_capped"]) == (9, False)


def test_the_family_spelling_is_what_follows_the_given_name(personas) -> None:  # type: ignore[no-untyped-def]
    both = person(personas, "", "", "Karim", "El Hassani")
    family_only = person(personas, "", "", "", "Hassani")
    given_only = person(personas, "", "", "Karim", "")
    found = dict(
        Person.objects.filter(pk__in=[both.pk, family_only.pk, given_only.pk])
        .annotate(family=FamilySpelling(F("name_latin_key")))
        .values_list("pk", "family")
    )
    assert found == {both.pk: "hasani", family_only.pk: "", given_only.pk: ""}
