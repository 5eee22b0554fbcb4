"""Search ranks by name similarity across scripts, pages with a total, and stays within scope (issue 11)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from jisr.people import names
from jisr.people.models import Person
from jisr.people.names import person_keys
from jisr.people.selectors import SearchFilters, _searchable_people, person_search_page, visible_people
from tests.people.helpers import open_case

pytestmark = pytest.mark.django_db


def person(personas: Any, first_ar: str = "", last_ar: str = "", first_latin: str = "", last_latin: str = "",
           born: int = 1980, center: str = "center_a") -> Person:  # fmt: skip
    """A person stored with the keys the services compute (bulk, without the duplicate check)."""
    place = getattr(personas, center)
    return Person.objects.create(
        first_name_ar=first_ar, last_name_ar=last_ar, first_name_latin=first_latin, last_name_latin=last_latin,
        **person_keys(first_ar=first_ar, last_ar=last_ar, first_latin=first_latin, last_latin=last_latin),
        sex="M", birth_date=datetime.date(born, 5, 1), registered_at=place, commune=place.commune,
        province_id=place.province_id, region_code=place.region_code,
    )  # fmt: skip


@pytest.fixture
def families(personas: Any) -> dict[str, Person]:
    people = {
        "bouazza": person(personas, "أحمد", "بوعزة", "Ahmed", "Bouazza"),
        "idrissi": person(personas, "حمزة", "الإدريسي", "Hamza", "El Idrissi"),
        "berrada": person(personas, "أحمد", "برادة", "Ahmed", "Berrada"),
        "hamid": person(personas, "حميد", "التازي", "Hamid", "Tazi"),
        "mohamed": person(personas, "محمد", "أوحمو", "Mohamed", "Ouhammou"),
        "fatima": person(personas, "", "", "Fatima", "Ouhammou"),  # Latin script only
        "itto": person(personas, "إيطو", "اوحمو", "", ""),  # written without the hamza
        "hammou": person(personas, "", "", "Said", "Hammou"),  # another name with the same skeleton
    }
    return people


def names_of(page: Any) -> list[str]:
    return [f"{p.first_name_latin or p.first_name_ar} {p.last_name_latin or p.last_name_ar}" for p in page.results]


@pytest.mark.parametrize("query", ["أوحمو", "Ouhamou", "Ouhammou", "OUHAMMOU", "أُوحَمّو"])
def test_a_family_name_finds_the_family_first_in_either_script(personas, families, query) -> None:  # type: ignore[no-untyped-def]
    page = person_search_page(personas.worker_a, SearchFilters(query))
    ouhammou = {families["mohamed"].pk, families["fatima"].pk, families["itto"].pk}
    assert {p.pk for p in page.results[:3]} == ouhammou, names_of(page)
    unrelated = {families[name].pk for name in ("bouazza", "idrissi", "berrada", "hamid")}
    assert not unrelated & {p.pk for p in page.results}, names_of(page)


def test_the_same_spelling_comes_before_the_same_sound(personas, families) -> None:  # type: ignore[no-untyped-def]
    page = person_search_page(personas.worker_a, SearchFilters("Ouhamou"))
    assert page.results[-1] == families["hammou"]  # same skeleton, another spelling: last
    arabic = person_search_page(personas.worker_a, SearchFilters("أوحمو"))
    # the Arabic spellings first (exact after folding hamza), then the person known in Latin only
    assert arabic.results[:2] == sorted([families["mohamed"], families["itto"]], key=lambda p: p.name_ar_key)
    assert arabic.results[2] == families["fatima"]


def test_a_full_name_in_another_script_and_order_is_found_first(personas, families) -> None:  # type: ignore[no-untyped-def]
    for query in ("Mohammed Ouhamou", "أوحمو محمد", "Ouhammou Mhamed", "محمد اوحمو"):
        assert person_search_page(personas.worker_a, SearchFilters(query)).results[0] == families["mohamed"], query


def test_birth_year_then_commune_rank_people_of_the_same_name(personas) -> None:  # type: ignore[no-untyped-def]
    older = person(personas, "يونس", "الفاسي", "Younes", "El Fassi", born=1961)
    younger = person(personas, "يونس", "الفاسي", "Younes", "El Fassi", born=1990)
    elsewhere = person(personas, "يونس", "الفاسي", "Younes", "Elfassi", born=1990, center="center_rabat")
    national = personas.national
    assert person_search_page(national, SearchFilters("Younes Elfassi", birth_year=1961)).results[0] == older
    near = person_search_page(national, SearchFilters("Younes Elfassi", birth_year=1989)).results
    assert older == near[-1]
    by_commune = SearchFilters("Yunes El-Fassi", birth_year=1990, commune_code=personas.center_rabat.commune_id)
    assert person_search_page(national, by_commune).results == [elsewhere, younger, older]
    # the name comes first: a year or a commune never lifts another name above the same spelling
    other = person(personas, "", "", "Younes", "Fassi Fihri", born=1990)
    ranked = person_search_page(national, SearchFilters("Younes El Fassi", birth_year=1990)).results
    assert other not in ranked[:3]


def test_pages_have_a_total_and_a_page_past_the_end_is_the_last(personas) -> None:  # type: ignore[no-untyped-def]
    for index in range(30):
        person(personas, "", "", "Karim", "Amrani", born=1950 + index)
    first = person_search_page(personas.worker_a, SearchFilters("Amrani"), 1)
    second = person_search_page(personas.worker_a, SearchFilters("El Amrani"), 2)
    assert (first.count, len(first.results), first.num_pages, first.has_next()) == (30, 25, 2, True)
    assert (second.count, len(second.results), second.start_index(), second.end_index()) == (30, 5, 26, 30)
    assert not {p.pk for p in first.results} & {p.pk for p in second.results}
    beyond = person_search_page(personas.worker_a, SearchFilters("Amrani"), 9)
    assert (beyond.number, beyond.results) == (2, second.results)
    assert person_search_page(personas.worker_a, SearchFilters("Amrani"), 1, page_size=1000).page_size == 100


def test_search_stays_within_scope(personas, families) -> None:  # type: ignore[no-untyped-def]
    assert person_search_page(personas.worker_b, SearchFilters("Ouhammou")).count == 0
    open_case(personas, families["mohamed"])  # a case at center B makes him visible there
    assert person_search_page(personas.worker_b, SearchFilters("Ouhammou")).results == [families["mohamed"]]
    for name in ("analyst", "partner", "citizen", "outsider"):
        assert person_search_page(getattr(personas, name), SearchFilters("Ouhammou")).count == 0, name


def test_search_scope_is_the_scope_of_every_other_read(personas, families) -> None:  # type: ignore[no-untyped-def]
    open_case(personas, families["fatima"])
    person(personas, "", "", "Nadia", "Rifi", center="center_b")
    for name in ("national", "region_rsk", "manager_a", "worker_a", "worker_b", "analyst", "partner", "outsider"):
        user = getattr(personas, name)
        assert set(_searchable_people(user, Q())) == set(visible_people(user)), name
        named = Q(last_name_phonetic_key=names.phonetic_key("Rifi"))
        assert set(_searchable_people(user, named)) == set(visible_people(user).filter(named)), name


def test_the_api_answers_a_ranked_page_with_the_total(personas, families, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    answer = client.get("/api/v1/people", {"q": "Ouhamou", "page_size": 2}).json()
    assert (answer["count"], answer["page"], answer["page_size"]) == (4, 1, 2)
    assert answer["results"][0]["last_name_latin"] == "Ouhammou"
    second = client.get("/api/v1/people", {"q": "Ouhamou", "page_size": 2, "page": 2}).json()
    assert [p["last_name_latin"] for p in second["results"]][-1] == "Hammou"
    for bad in ({"q": "x", "page": 0}, {"q": "x", "page_size": 101}, {"q": "x", "birth_year": 1800}):
        assert client.get("/api/v1/people", bad).status_code == 422, bad
    assert client_for("worker_b").get("/api/v1/people", {"q": "Ouhamou"}).json()["count"] == 0


def test_the_page_shows_the_total_and_pages(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for index in range(27):
        person(personas, "كريم", "العمراني", "Karim", "Amrani", born=1950 + index)
    client = client_for("worker_a")
    page = client.get(reverse("people:search"), {"q": "العمراني", "birth_year": "١٩٦٠"}, HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert page.context["page"].count == 27 and page.context["results"][0].birth_date.year == 1960
    assert "page=2" in html and "birth_year=" in html
    second = client.get(reverse("people:search"), {"q": "العمراني", "page": "2"})
    assert len(second.context["results"]) == 2


@pytest.mark.parametrize(
    ("field", "value"), [("birth_year", "1700"), ("birth_year", "abc"), ("commune_code", "99.999")]
)
def test_a_wrong_year_or_commune_is_said_in_the_users_language(personas, client_for, field, value) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").get(
        reverse("people:search"), {"q": "Amrani", field: value}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert page.status_code == 200 and page.context["page"] is None
    assert page.context["form"].errors[field]
    assert 'aria-invalid="true"' in page.content.decode()


def test_the_search_page_is_404_for_those_without_people_access(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in ("analyst", "partner", "citizen", "outsider"):
        assert client_for(name).get(reverse("people:search"), {"q": "Amrani", "page": "2"}).status_code == 404, name
