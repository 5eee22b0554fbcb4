"""Correcting a person and a household, with reason and history (issue 11, item 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from jisr.core.models import AuditLog
from jisr.people.corrections import household_member_set, household_start, person_correct
from jisr.people.models import Correction, Person
from jisr.people.names import person_keys
from jisr.people.services import DuplicatesFound
from jisr.privacy.export import person_export
from tests.people.helpers import register

pytestmark = pytest.mark.django_db

JSON = "application/json"
OUTSIDERS = ("worker_b", "partner", "analyst", "citizen", "outsider")


@pytest.fixture
def person(personas):  # type: ignore[no-untyped-def]
    return register(personas, sex="F", first_name_ar="فاطمة", last_name_ar="بناني", first_name_latin="Fatima",
                    last_name_latin="Benani", birth_date="1985-04-02", phone="0612345678",
                    commune=personas.center_a.commune)  # fmt: skip


def test_a_correction_is_audited_old_to_new_with_its_reason_and_recomputes_the_keys(personas, person) -> None:  # type: ignore[no-untyped-def]
    correction = person_correct(acting_user=personas.worker_a, person=person, reason="typo in the first name",
                                first_name_latin="Fatiha", phone="0700112233")  # fmt: skip
    person.refresh_from_db()
    assert person.first_name_latin == "Fatiha"
    keys = person_keys(first_ar=person.first_name_ar, last_ar=person.last_name_ar, first_latin="Fatiha",
                       last_latin=person.last_name_latin)  # fmt: skip
    assert person.name_latin_key == keys["name_latin_key"] and person.name_latin_key.startswith("fatiha ")
    assert correction.changes == {"first_name_latin": ["Fatima", "Fatiha"], "phone": ["+212612345678", "+212700112233"]}
    entry = AuditLog.objects.get(object_id=str(person.pk), action="update")
    assert entry.changes["reason"] == "typo in the first name" and entry.changes["phone"][1] == "+212700112233"


def test_a_correction_needs_a_reason_and_reports_every_error_at_once(personas, person) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        person_correct(acting_user=personas.worker_a, person=person, reason=" ", cin="12AB", phone="abc",
                       birth_date="1890-01-01", commune_code="99.999")  # fmt: skip
    assert {"reason", "cin", "phone", "birth_date", "commune_code"} <= set(refused.value.message_dict)
    assert not Correction.objects.exists() and not AuditLog.objects.filter(action="update").exists()
    with pytest.raises(ValidationError):
        person_correct(acting_user=personas.worker_a, person=person, reason="nothing", first_name_ar="فاطمة")


def test_fields_sent_back_unchanged_are_not_checked_again(personas, person) -> None:  # type: ignore[no-untyped-def]
    Person.objects.filter(pk=person.pk).update(phone="12")  # imported before the phone rules
    person.refresh_from_db()
    person_correct(acting_user=personas.worker_a, person=person, reason="moved", phone="12", address="حي السلام")
    person.refresh_from_db()
    assert person.address == "حي السلام" and person.phone == "12"


def test_an_identity_change_runs_the_duplicate_check_again(personas, person) -> None:  # type: ignore[no-untyped-def]
    other = register(personas, sex="F", first_name_ar="فاطمة", last_name_ar="العلوي", birth_date="1985-04-02")
    with pytest.raises(DuplicatesFound) as found:
        person_correct(acting_user=personas.worker_a, person=person, reason="married name", last_name_ar="العلوي")
    assert [c.person for c in found.value.candidates] == [other]
    person_correct(acting_user=personas.worker_a, person=person, reason="married name", last_name_ar="العلوي",
                   confirmed_not_duplicate_of=[other.pk])  # fmt: skip
    assert Correction.objects.get().changes["set_aside_candidates"] == [str(other.pk)]


def test_the_person_sees_the_corrections_in_their_data_export(personas, person) -> None:  # type: ignore[no-untyped-def]
    person_correct(acting_user=personas.worker_a, person=person, reason="new number", phone="0700112233")
    document = person_export(acting_user=personas.manager_a, person_id=person.pk)
    [correction] = document["corrections"]
    assert correction["reason"] == "new number"
    assert correction["changes"]["phone"] == ["+212612345678", "+212700112233"]
    assert "corrected_by" not in correction


def test_outside_the_scope_a_correction_is_404(personas, person) -> None:  # type: ignore[no-untyped-def]
    for name in OUTSIDERS:
        with pytest.raises(Http404):
            person_correct(acting_user=getattr(personas, name), person=person, reason="x", address="y")


def test_household_composition_is_corrected_with_history(personas, person) -> None:  # type: ignore[no-untyped-def]
    household = household_start(acting_user=personas.worker_a, person=person, reason="lives with her son")
    son = register(personas, sex="M", first_name_ar="يوسف", last_name_ar="بناني", birth_date="2010-01-01")
    household_member_set(acting_user=personas.worker_a, member=son, household=household,
                         relation_to_head="child", reason="declared by the mother")  # fmt: skip
    son.refresh_from_db()
    assert son.household == household and son.relation_to_head == "child"
    with pytest.raises(ValidationError) as refused:
        household_member_set(acting_user=personas.worker_a, member=son, household=household, relation_to_head="x",
                             reason="")  # fmt: skip
    assert {"reason", "relation_to_head"} <= set(refused.value.message_dict)
    household_member_set(acting_user=personas.worker_a, member=son, household=None, relation_to_head="",
                         reason="left for studies")  # fmt: skip
    son.refresh_from_db()
    assert son.household is None
    assert [c.reason for c in son.corrections.order_by("corrected_at")] == [
        "declared by the mother",
        "left for studies",
    ]
    stranger = register(personas, by="worker_b", center="center_b", first_name_ar="علي", last_name_ar="التازي")
    with pytest.raises(Http404):
        household_member_set(acting_user=personas.worker_a, member=stranger, household=household,
                             relation_to_head="child", reason="x")  # fmt: skip
    with pytest.raises(Http404):
        household_member_set(acting_user=personas.worker_b, member=stranger, household=household,
                             relation_to_head="child", reason="x")  # fmt: skip


def test_the_edit_page_corrects_and_shows_the_history(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("people:edit", args=[person.pk])
    client = client_for("worker_a")
    assert (
        reverse("people:edit", args=[person.pk])
        in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    refused = client.post(url, {**data, "phone": "abc", "cin": "12AB"}, HTTP_ACCEPT_LANGUAGE="en")
    assert {"phone", "cin", "reason"} <= set(refused.context["form"].errors)
    assert 'href="#id_reason"' in refused.content.decode()
    saved = client.post(url, {**data, "address": "دوار أيت باها", "reason": "moved"})
    assert saved.status_code == 302
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "moved" in page and "دوار أيت باها" in page


def test_the_household_page_adds_a_member(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    household_start(acting_user=personas.worker_a, person=person, reason="x")
    person.refresh_from_db()
    son = register(personas, sex="M", first_name_ar="يوسف", last_name_ar="بناني", birth_date="2010-01-01")
    url = reverse("people:household", args=[person.pk])
    client = client_for("worker_a")
    assert "يوسف" in client.get(url, {"q": "يوسف بناني"}).content.decode()
    refused = client.post(url, {"member": son.pk, "action": "add", "relation_to_head": "child", "reason": ""})
    assert "reason" in refused.context["form"].errors
    added = client.post(url, {"member": son.pk, "action": "add", "relation_to_head": "child", "reason": "son"})
    assert added.status_code == 302
    son.refresh_from_db()
    assert son.household_id == person.household_id


def test_pages_and_api_are_404_for_those_who_must_not_correct(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in OUTSIDERS:
        client = client_for(name)
        assert client.get(reverse("people:edit", args=[person.pk])).status_code == 404, name
        assert client.get(reverse("people:household", args=[person.pk])).status_code == 404, name
        patch = client.patch(f"/api/v1/people/{person.pk}", {"reason": "x", "address": "y"}, content_type=JSON)
        assert patch.status_code in (401, 404), name
    assert not Correction.objects.exists()


def test_the_api_corrects_with_every_error_at_once(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    url = f"/api/v1/people/{person.pk}"
    refused = client.patch(url, {"phone": "abc", "cin": "12AB", "birth_date": "2999-01-01"}, content_type=JSON)
    assert refused.status_code == 422
    assert {"phone", "cin", "birth_date", "reason"} <= set(refused.json()["errors"])
    done = client.patch(url, {"phone": "0700112233", "reason": "new number"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["changes"]["phone"][1] == "+212700112233"
    other = register(personas, sex="F", first_name_ar="فاطمة", last_name_ar="العلوي", birth_date="1985-04-02")
    conflict = client.patch(url, {"last_name_ar": "العلوي", "reason": "married name"}, content_type=JSON)
    assert conflict.status_code == 409 and conflict.json()["candidates"][0]["id"] == str(other.pk)
    token = conflict.json()["candidates"][0]["set_aside_token"]
    accepted = client.patch(url, {"last_name_ar": "العلوي", "reason": "married name",
                                  "confirmed_not_duplicate_of": [token]}, content_type=JSON)  # fmt: skip
    assert accepted.status_code == 200
