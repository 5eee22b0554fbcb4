"""A person carries their registering center's province and region (`Person.registered_place`): set at
registration, filled by the migration for existing persons, carried along when the center moves; a
coordinator's scope and search read them (docs/performance.md) and find exactly the persons they may see."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from jisr.centers.services import center_update
from jisr.people import selectors
from jisr.people.models import Person
from jisr.people.selectors import SearchFilters, person_search_page, visible_people
from jisr.territories.models import Commune
from tests.people.helpers import register
from tests.personas import OUJDA_COMMUNE, RABAT_COMMUNE

pytestmark = pytest.mark.django_db


def _place(person: Person) -> tuple[Any, str]:
    person = Person.objects.get(pk=person.pk)
    return person.registered_province_id, person.registered_region_code


@pytest.fixture
def sadiki(personas: Any) -> dict[str, Person]:
    name = {"first_name_latin": "Samir", "last_name_latin": "Sadiki"}
    return {
        "agadir": register(personas, **name, cin="SD1"),
        "oujda": register(personas, by="worker_b", center="center_b", **name, cin="SD2"),
    }


def test_registration_and_the_migration_set_the_registering_center_s_place(personas: Any, sadiki: Any) -> None:
    center_a, center_b = personas.center_a, personas.center_b
    assert _place(sadiki["agadir"]) == (center_a.province_id, center_a.region_code)
    assert _place(sadiki["oujda"]) == (center_b.province_id, center_b.region_code)
    Person.objects.update(registered_province=None, registered_region_code="")  # as the columns are added
    importlib.import_module("jisr.people.migrations.0008_registered_place").fill(apps, None)
    assert _place(sadiki["agadir"]) == (center_a.province_id, center_a.region_code)
    assert _place(sadiki["oujda"]) == (center_b.province_id, center_b.region_code)
    assert not Person.objects.filter(registered_at=None).exclude(registered_region_code="").exists()


def test_a_person_saved_again_keeps_the_place_without_a_query_more(
    personas: Any, sadiki: Any, django_assert_num_queries: Any
) -> None:
    person = Person.objects.get(pk=sadiki["agadir"].pk)
    person.phone = "+212600000001"
    with django_assert_num_queries(1):
        person.save(update_fields=["phone"])
    assert _place(person) == (personas.center_a.province_id, personas.center_a.region_code)


def test_a_center_that_moves_carries_its_persons(personas: Any, sadiki: Any) -> None:
    center_update(acting_user=personas.national, center=personas.center_a,
                  commune=Commune.objects.get(pk=RABAT_COMMUNE))  # fmt: skip
    rabat = Commune.objects.get(pk=RABAT_COMMUNE)
    assert _place(sadiki["agadir"]) == (rabat.province_id, rabat.region_id)
    oujda = Commune.objects.get(pk=OUJDA_COMMUNE)
    assert _place(sadiki["oujda"]) == (oujda.province_id, oujda.region_id)  # another center's: unchanged
    assert visible_people(personas.region_rsk).filter(pk=sadiki["agadir"].pk).exists()
    assert not visible_people(personas.province_agadir).filter(pk=sadiki["agadir"].pk).exists()


@pytest.mark.parametrize("persona", ["province_agadir", "region_rsk", "national", "worker_a", "worker_b"])
@pytest.mark.parametrize("small_scope", [10, 0])
def test_a_search_by_territory_finds_the_persons_in_scope(personas: Any, sadiki: Any, persona: str,
                                                          small_scope: int, monkeypatch: Any) -> None:  # fmt: skip
    """With no center list (SMALL_SCOPE_CENTERS 0: every coordinator's scope is read as a territory) or
    with it, a search finds exactly the persons of `visible_people`."""
    monkeypatch.setattr(selectors, "SMALL_SCOPE_CENTERS", small_scope)
    user = getattr(personas, persona)
    register(personas, by="worker_b", center="center_b", first_name_latin="Salma", last_name_latin="Sadiki")
    expected = set(visible_people(user).filter(last_name_latin="Sadiki").values_list("pk", flat=True))
    page = person_search_page(user, SearchFilters("Sadiki"), 1, 100)
    assert {person.pk for person in page.results} == expected
    assert page.count == len(expected)
