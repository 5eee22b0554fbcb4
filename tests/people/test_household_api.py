"""The household's composition through the API: read, start, join, change a relation, remove — with a
reason, audited as corrections, and nothing for callers out of scope (issue 11, item 2)."""

from __future__ import annotations

import pytest

from jisr.people.models import Correction
from tests.people.helpers import register

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def mother(personas):  # type: ignore[no-untyped-def]
    return register(personas, sex="F", first_name_latin="Khadija", last_name_latin="Ait Ali",
                    birth_date="1979-03-01", commune=personas.center_a.commune)  # fmt: skip


@pytest.fixture
def son(personas):  # type: ignore[no-untyped-def]
    return register(personas, sex="M", first_name_latin="Anas", last_name_latin="Ait Ali",
                    birth_date="2008-06-10", commune=personas.center_a.commune)  # fmt: skip


def _url(person, *rest: str) -> str:  # type: ignore[no-untyped-def]
    return "/".join([f"/api/v1/people/{person.pk}/household", *rest])


def test_a_household_is_started_joined_corrected_and_left_through_the_api(personas, client_for, mother, son) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    assert client.get(_url(mother)).json() == {"household_id": None, "members": [
        {"id": str(mother.pk), "first_name_ar": "", "last_name_ar": "", "first_name_latin": "Khadija",
         "last_name_latin": "Ait Ali", "relation_to_head": ""}]}  # fmt: skip

    started = client.post(_url(mother), {"reason": "she heads the family"}, content_type=JSON)
    assert started.status_code == 201
    assert started.json()["members"][0]["relation_to_head"] == "head"

    joined = client.put(_url(mother, "members", str(son.pk)), {"relation_to_head": "child", "reason": "her son"},
                        content_type=JSON)  # fmt: skip
    assert joined.status_code == 200
    assert [(m["first_name_latin"], m["relation_to_head"]) for m in joined.json()["members"]] == [
        ("Khadija", "head"), ("Anas", "child")]  # fmt: skip
    son.refresh_from_db()
    assert str(son.household_id) == started.json()["household_id"]

    left = client.post(_url(mother, "members", str(son.pk), "remove"), {"reason": "moved to Agadir"},
                       content_type=JSON)  # fmt: skip
    assert left.status_code == 200 and [m["first_name_latin"] for m in left.json()["members"]] == ["Khadija"]
    son.refresh_from_db()
    assert son.household_id is None
    reasons = set(Correction.objects.filter(person=son).values_list("reason", flat=True))
    assert reasons == {"her son", "moved to Agadir"}


def test_every_problem_is_named_and_nothing_changes(personas, client_for, mother, son) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    no_household = client.put(_url(mother, "members", str(son.pk)), {"relation_to_head": "child", "reason": "x"},
                              content_type=JSON)  # fmt: skip
    assert no_household.status_code == 422 and list(no_household.json()["errors"]) == ["__all__"]
    client.post(_url(mother), {"reason": "head"}, content_type=JSON)
    bad = client.put(_url(mother, "members", str(son.pk)), {"relation_to_head": "cousin"}, content_type=JSON)
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"reason", "relation_to_head"}
    not_a_member = client.post(_url(mother, "members", str(son.pk), "remove"), {"reason": "x"}, content_type=JSON)
    assert not_a_member.status_code == 404
    son.refresh_from_db()
    assert son.household_id is None


@pytest.mark.parametrize("outsider", ["worker_b", "partner", "analyst", "citizen", "outsider"])
def test_callers_out_of_scope_find_nothing(personas, client_for, mother, son, outsider) -> None:  # type: ignore[no-untyped-def]
    client = client_for(outsider)
    assert client.get(_url(mother)).status_code == 404
    assert client.post(_url(mother), {"reason": "x"}, content_type=JSON).status_code == 404
    put = client.put(_url(mother, "members", str(son.pk)), {"relation_to_head": "child", "reason": "x"},
                     content_type=JSON)  # fmt: skip
    assert put.status_code == 404
    mother.refresh_from_db()
    assert mother.household_id is None
