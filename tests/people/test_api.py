"""`/api/v1/people`: intake with the duplicate check (409), search, detail and merges, scoped."""

from __future__ import annotations

import pytest

from jisr.people.models import Person
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_create_answers_409_with_candidates_then_201_once_set_aside(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    existing = register(personas, first_name_ar="خديجة", last_name_ar="العلوي", sex="F", birth_date="1975-01-01")
    client = client_for("worker_a")
    body = {
        "center_id": str(personas.center_a.pk),
        "sex": "F",
        "first_name_latin": "Khadija",
        "last_name_latin": "Alaoui",
        "approximate_age": "٥٠",
        "phone": "06 00 11 22 33",
    }
    conflict = client.post("/api/v1/people", body, content_type=JSON)
    assert conflict.status_code == 409
    [candidate] = conflict.json()["candidates"]
    assert candidate["id"] == str(existing.pk) and [r["code"] for r in candidate["reasons"]][0] == "transliteration"
    created = client.post(
        "/api/v1/people", {**body, "confirmed_not_duplicate_of": [candidate["set_aside_token"]]}, content_type=JSON
    )
    assert created.status_code == 201
    assert created.json()["phone"] == "+212600112233" and created.json()["birth_date_is_estimated"] is True


def test_masked_candidates_outside_the_scope(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    register(personas, first_name_ar="خديجة", last_name_ar="العلوي", sex="F", cin="JB31")
    checked = client_for("worker_b").post(
        "/api/v1/people/duplicates", {"cin": "jb31", "first_name_latin": "X", "last_name_latin": "Y"}, content_type=JSON
    )
    assert checked.status_code == 200
    [candidate] = checked.json()
    assert candidate["id"] is None and candidate["name"] is None and candidate["cin"] is None
    assert candidate["initials"] == "خ. ا." and candidate["in_scope"] is False


def test_validation_errors_are_422_in_the_users_language(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("worker_a").post(
        "/api/v1/people",
        {"center_id": str(personas.center_a.pk), "sex": "M", "first_name_ar": "محمد", "cin": "123"},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 422 and "errors" in response.json()
    assert not Person.objects.exists()


def test_search_and_detail_are_scoped(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="محمد", last_name_ar="الإدريسي", cin="J1")
    found = client_for("worker_a").get("/api/v1/people?q=Drissi").json()
    assert [p["id"] for p in found["results"]] == [str(person.pk)] and found["count"] == 1
    assert client_for("worker_b").get("/api/v1/people?q=Drissi").json()["results"] == []
    assert client_for("worker_a").get(f"/api/v1/people/{person.pk}").status_code == 200
    for name in ("worker_b", "region_rsk", "analyst", "partner", "citizen", "outsider"):
        assert client_for(name).get(f"/api/v1/people/{person.pk}").status_code == 404, name
        answer = client_for(name).get("/api/v1/people?q=J1").json()
        assert answer.get("results") == [] and answer["count"] == 0 or answer == {"detail": "Not found."}, name
    assert client_for(None).get(f"/api/v1/people/{person.pk}").status_code == 401


def test_creating_at_another_center_is_404(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("worker_b").post(
        "/api/v1/people",
        {"center_id": str(personas.center_a.pk), "sex": "M", "first_name_ar": "محمد", "last_name_ar": "ب"},
        content_type=JSON,
    )
    assert response.status_code == 404 and not Person.objects.exists()


def test_merge_and_undo_through_the_api(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    keep = register(personas, first_name_ar="محمد", last_name_ar="الإدريسي")
    absorb = register(personas, first_name_latin="Mohamed", last_name_latin="Drissi")
    body = {"absorb_id": str(absorb.pk), "reason": "same person"}
    assert client_for("worker_a").post(f"/api/v1/people/{keep.pk}/merge", body, content_type=JSON).status_code == 404
    merged = client_for("manager_a").post(f"/api/v1/people/{keep.pk}/merge", body, content_type=JSON)
    assert merged.status_code == 200
    merge_id = merged.json()["id"]
    assert client_for("manager_a").post(f"/api/v1/people/merges/{merge_id}/undo").status_code == 404
    undone = client_for("national").post(f"/api/v1/people/merges/{merge_id}/undo")
    assert undone.status_code == 200 and undone.json()["undone_at"]
