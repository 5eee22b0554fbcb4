"""People pages: each persona sees only what their memberships allow; outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jisr.people.models import Person, PersonMerge
from jisr.people.services import person_merge
from tests.people.helpers import register

pytestmark = pytest.mark.django_db

NO_PEOPLE_ACCESS = ("analyst", "partner", "citizen", "outsider")


def test_search_page_is_for_staff_with_people_access(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="محمد", last_name_ar="الإدريسي")
    page = client_for("worker_a").get(reverse("people:search"), {"q": "Mohamed Drissi"})
    assert page.status_code == 200 and person.last_name_ar in page.content.decode()
    assert "الإدريسي" not in client_for("worker_b").get(reverse("people:search"), {"q": "Drissi"}).content.decode()
    for name in NO_PEOPLE_ACCESS:
        assert client_for(name).get(reverse("people:search")).status_code == 404, name
    assert client_for(None).get(reverse("people:search")).status_code == 302


def test_person_page_is_404_outside_the_scope(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="فاطمة", last_name_ar="بناني", sex="F", cin="JB55")
    url = reverse("people:detail", args=[person.pk])
    for name in ("worker_a", "manager_a", "province_agadir", "national"):
        page = client_for(name).get(url)
        assert page.status_code == 200 and "JB55" in page.content.decode(), name
    for name in ("worker_b", "region_rsk", *NO_PEOPLE_ACCESS):
        assert client_for(name).get(url).status_code == 404, name


def test_intake_shows_candidates_then_registers_after_confirmation(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    first = register(personas, first_name_ar="يوسف", last_name_ar="العلمي", birth_date="1988-02-03")
    client = client_for("worker_a")
    form = {
        "center": personas.center_a.pk,
        "first_name_latin": "Youssef",
        "last_name_latin": "El Alami",
        "sex": "M",
        "birth_date": "١٩٨٨-٠٢-٠٣",
    }
    live = client.post(reverse("people:duplicate_check"), form, HTTP_HX_REQUEST="true")
    assert live.status_code == 200 and "العلمي" in live.content.decode()
    stopped = client.post(reverse("people:create"), form)
    assert stopped.status_code == 200 and Person.objects.count() == 1
    [token] = [c["set_aside_token"] for c in stopped.context["candidates"]]
    assert stopped.context["candidates"][0]["id"] == first.pk
    created = client.post(reverse("people:create"), {**form, "set_aside": [token], "none_of_these": "1"})
    assert created.status_code == 302 and Person.objects.count() == 2


def test_intake_errors_are_shown_next_to_fields_and_nothing_is_written(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").post(
        reverse("people:create"),
        {"center": personas.center_a.pk, "first_name_ar": "محمد", "sex": "M", "cin": "12"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200 and not Person.objects.exists()
    assert page.context["form"].errors["first_name_ar"] or page.context["form"].errors["cin"]


def test_intake_is_404_without_the_permission(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in ("region_rsk", "province_agadir", *NO_PEOPLE_ACCESS):
        assert client_for(name).get(reverse("people:create")).status_code == 404, name
        assert client_for(name).post(reverse("people:duplicate_check"), {}).status_code == 404, name


def test_a_worker_cannot_register_at_a_center_outside_their_scope(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_b").post(
        reverse("people:create"),
        {"center": personas.center_a.pk, "first_name_ar": "محمد", "last_name_ar": "التازي", "sex": "M"},
    )
    assert page.status_code == 200 and "center" in page.context["form"].errors
    assert not Person.objects.exists()


def test_merge_pages(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    keep = register(personas, first_name_ar="محمد", last_name_ar="الإدريسي")
    absorb = register(personas, first_name_latin="Mohamed", last_name_latin="Drissi")
    url = reverse("people:merge", args=[keep.pk])
    for name in ("worker_a", "worker_b", *NO_PEOPLE_ACCESS):
        assert client_for(name).get(url).status_code == 404, name
    manager = client_for("manager_a")
    assert absorb.last_name_latin in manager.get(url, {"q": "Drissi"}).content.decode()
    refused = manager.post(url + f"?absorb={absorb.pk}", {"absorb": absorb.pk, "reason": "same"})
    assert refused.status_code == 200 and not PersonMerge.objects.exists()
    done = manager.post(url, {"absorb": absorb.pk, "reason": "same person", "confirm": "on"})
    assert done.status_code == 302 and PersonMerge.objects.get().absorbed == absorb


def test_merge_history_and_undo_for_national_officers_only(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    keep = register(personas, first_name_ar="محمد", last_name_ar="الإدريسي")
    absorb = register(personas, first_name_latin="Mohamed", last_name_latin="Drissi")
    merge = person_merge(acting_user=personas.manager_a, keep=keep, absorb=absorb, reason="same")
    for name in ("manager_a", "worker_a", "region_rsk", *NO_PEOPLE_ACCESS):
        assert client_for(name).get(reverse("people:merges")).status_code == 404, name
        assert client_for(name).get(reverse("people:merge_undo", args=[merge.pk])).status_code == 404, name
    national = client_for("national")
    assert "الإدريسي" in national.get(reverse("people:merges")).content.decode()
    assert national.post(reverse("people:merge_undo", args=[merge.pk]), {"confirm": "on"}).status_code == 302
    merge.refresh_from_db()
    assert merge.undone_by == personas.national


def test_search_query_count_is_pinned(personas, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for index in range(30):
        register(personas, first_name_ar="محمد", last_name_ar=f"الإدريسي{'ي' * index}", phone=f"06610001{index:02d}")
    client = client_for("worker_a")
    with django_assert_max_num_queries(11):  # 11th: the scope read as the ids of its centers
        page = client.get(reverse("people:search"), {"q": "محمد"})
    assert len(page.context["results"]) == 25 and page.context["page"].count == 30


def test_vulnerabilities_are_read_only_with_the_sensitive_right_and_audited(client, personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.core.models import AuditLog
    from jisr.people.services import vulnerability_set

    person = register(personas, first_name_ar="زينب", last_name_ar="البقالي", sex="F")
    vulnerability_set(acting_user=personas.worker_a, person=person, category="violence_victim")
    page = reverse("people:detail", args=[person.pk])
    client.force_login(personas.province_agadir)  # sees the person, not their sensitive data
    content = client.get(page).content.decode()
    assert client.get(page).status_code == 200 and "violence" not in content and "عنف" not in content
    assert client.get(f"/api/v1/people/{person.pk}").json()["vulnerabilities"] is None
    assert not AuditLog.objects.filter(action="view", object_id=str(person.pk)).exists()
    client.force_login(personas.worker_a)
    assert "ضحية عنف" in client.get(page).content.decode()
    assert client.get(f"/api/v1/people/{person.pk}").json()["vulnerabilities"] == ["violence_victim"]
    reads = AuditLog.objects.filter(action="view", object_id=str(person.pk), actor=personas.worker_a)
    assert reads.count() == 2 and reads.first().changes == {"read": ["violence_victim"]}
