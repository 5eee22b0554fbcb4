"""Intake, duplicates, visibility and merges of the beneficiary index, through its services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from jisr.core.models import AuditLog
from jisr.people.corrections import person_correct
from jisr.people.models import Person, PersonMerge, Vulnerability
from jisr.people.selectors import person_get, person_search, visible_people
from jisr.people.services import (
    DuplicatesFound,
    person_create,
    person_merge,
    person_unmerge,
    vulnerability_set,
)
from tests.people.helpers import open_case, register

pytestmark = pytest.mark.django_db

IDRISSI_AR = {"first_name_ar": "محمد", "last_name_ar": "الإدريسي", "birth_date": datetime.date(1990, 5, 4)}


def test_intake_normalizes_what_was_typed_and_audits(personas) -> None:  # type: ignore[no-untyped-def]
    person = person_create(
        acting_user=personas.worker_a,
        center=personas.center_a,
        sex="F",
        first_name_latin="  Fatima   Zahra ",
        last_name_latin="Bennani",
        cin="jb ١٢٣٤٥",
        phone="٠٦ ١٢ ٣٤ ٥٦ ٧٨",
        approximate_age="٤٥",
        commune=personas.center_a.commune,
    )
    person.refresh_from_db()
    assert person.first_name_latin == "Fatima Zahra"
    assert person.cin == "JB12345"
    assert person.phone == "+212612345678"
    assert person.birth_date_is_estimated and person.birth_date.year == timezone.localdate().year - 45
    assert person.province_id == personas.center_a.province_id and person.region_code == personas.center_a.region_code
    assert person.name_phonetic_key == "ftmzhrbn"
    assert AuditLog.objects.filter(object_id=str(person.pk), action="create", actor=personas.worker_a).exists()


@pytest.mark.parametrize(
    ("identity", "field", "message"),
    [
        ({"first_name_ar": "محمد"}, "first_name_ar", "Enter the first name and the family name"),
        ({**IDRISSI_AR, "cin": "123456"}, "cin", "one or two letters, then up to six digits"),
        ({**IDRISSI_AR, "approximate_age": "30"}, "approximate_age", "not both"),
        ({**IDRISSI_AR, "birth_date": datetime.date(2999, 1, 1)}, "birth_date", "in the future"),
        ({"first_name_ar": "أمينة", "last_name_ar": "س", "approximate_age": "200"}, "approximate_age", "between 0"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(personas, identity, field, message) -> None:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            person_create(acting_user=personas.worker_a, center=personas.center_a, sex="M", **identity)
        assert message in " ".join(refused.value.message_dict[field])
    assert not Person.objects.exists() and not AuditLog.objects.exists()


def test_messages_are_in_the_users_language(personas) -> None:  # type: ignore[no-untyped-def]
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        person_create(acting_user=personas.worker_a, center=personas.center_a, sex="M", first_name_ar="محمد")
    assert "الاسم" in refused.value.message_dict["first_name_ar"][0]


def test_a_worker_cannot_register_at_another_center(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        person_create(acting_user=personas.worker_b, center=personas.center_a, sex="M", **IDRISSI_AR)
    with pytest.raises(Http404):
        person_create(acting_user=personas.partner, center=personas.center_a, sex="M", **IDRISSI_AR)


def test_a_transliterated_duplicate_is_caught_with_its_reasons(personas) -> None:  # type: ignore[no-untyped-def]
    first = register(personas, **IDRISSI_AR)
    with pytest.raises(DuplicatesFound) as found:
        person_create(
            acting_user=personas.worker_a,
            center=personas.center_a,
            sex="M",
            first_name_latin="Mohammed",
            last_name_latin="Drissi",
            approximate_age=str(timezone.localdate().year - 1990),
        )
    [candidate] = found.value.candidates
    assert candidate.person == first and candidate.in_scope
    assert candidate.reasons == ["transliteration", "birth_date_near"]
    second = person_create(
        acting_user=personas.worker_a,
        center=personas.center_a,
        sex="M",
        first_name_latin="Mohammed",
        last_name_latin="Drissi",
        confirmed_not_duplicate_of=[first.pk],
    )
    entry = AuditLog.objects.get(object_id=str(second.pk), action="create")
    assert entry.changes["set_aside_candidates"] == [str(first.pk)]


def test_same_cin_and_same_phone_rank_first(personas) -> None:  # type: ignore[no-untyped-def]
    by_cin = register(personas, first_name_ar="خديجة", last_name_ar="العلوي", sex="F", cin="AB1234")
    by_phone = register(personas, first_name_ar="سعاد", last_name_ar="العلوي", sex="F", phone="0612345678")
    with pytest.raises(DuplicatesFound) as found:
        person_create(
            acting_user=personas.worker_a,
            center=personas.center_a,
            sex="F",
            first_name_latin="Khadija",
            last_name_latin="Alaoui",
            cin="ab 1234",
            phone="+212 6 12 34 56 78",
        )
    ranked = found.value.candidates
    assert [c.person for c in ranked] == [by_cin, by_phone]
    assert ranked[0].reasons[:2] == ["cin", "transliteration"] and ranked[1].reasons == ["phone"]


def test_a_candidate_outside_the_scope_is_flagged_not_hidden(personas) -> None:  # type: ignore[no-untyped-def]
    register(personas, **IDRISSI_AR, cin="JB99")
    with pytest.raises(DuplicatesFound) as found:
        person_create(acting_user=personas.worker_b, center=personas.center_b, sex="M", cin="JB99", **{
            "first_name_latin": "Ali", "last_name_latin": "Tazi"})  # fmt: skip
    [candidate] = found.value.candidates
    assert candidate.reasons == ["cin"] and not candidate.in_scope


def test_visibility_follows_the_registering_center_and_the_cases(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, **IDRISSI_AR)
    for name in ("worker_a", "manager_a", "province_agadir", "national"):
        assert person_get(getattr(personas, name), person.pk) == person
    for name in ("worker_b", "region_rsk", "analyst", "partner", "citizen", "outsider"):
        with pytest.raises(Http404):
            person_get(getattr(personas, name), person.pk)
    open_case(personas, person, center="center_b")
    assert person_get(personas.worker_b, person.pk) == person
    assert list(visible_people(personas.worker_b)) == [person]


def test_search_finds_a_person_in_either_script_and_by_identifier(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, **IDRISSI_AR, cin="J445566", phone="0661000111")
    register(personas, first_name_ar="أحمد", last_name_ar="التازي")
    for query in ("محمد", "محمد الادريسي", "Mohamed", "mohammed el idrissi", "Drissi", "الإدريسي", "j445566",
                  "0661 000 111", "+212661000111", "٠٦٦١٠٠٠١١١"):  # fmt: skip
        assert list(person_search(personas.worker_a, query)) == [person], query
    assert list(person_search(personas.worker_b, "Mohamed")) == []
    assert list(person_search(personas.worker_a, "")) == []


def test_update_recomputes_keys_and_audits_the_diff(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, **IDRISSI_AR)
    person_correct(acting_user=personas.worker_a, person=person, last_name_ar="العلمي", reason="typo")
    person.refresh_from_db()
    assert person.name_phonetic_key == "mhmdlm"
    entry = AuditLog.objects.get(object_id=str(person.pk), action="update")
    assert entry.changes["last_name_ar"] == ["الإدريسي", "العلمي"]
    with pytest.raises(Http404):
        person_correct(acting_user=personas.worker_b, person=person, last_name_ar="x", reason="typo")


def test_disability_details_only_for_a_disability(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, **IDRISSI_AR)
    vulnerability_set(acting_user=personas.worker_a, person=person, category="disability",
                      disability_type="visual", severity="severe")  # fmt: skip
    with pytest.raises(ValidationError):
        vulnerability_set(acting_user=personas.worker_a, person=person, category="elderly", severity="severe")
    assert list(person.vulnerabilities.values_list("category", flat=True)) == ["disability"]


def test_merge_moves_everything_and_unmerge_restores_it_exactly(personas) -> None:  # type: ignore[no-untyped-def]
    keep = register(personas, **IDRISSI_AR)
    absorb = register(personas, first_name_latin="Mohamed", last_name_latin="Drissi", cin="JB777")
    case = open_case(personas, absorb, center="center_a", by="worker_a")
    vulnerability_set(acting_user=personas.worker_a, person=keep, category="elderly")
    vulnerability_set(acting_user=personas.worker_a, person=absorb, category="elderly")
    vulnerability_set(acting_user=personas.worker_a, person=absorb, category="homeless")
    with pytest.raises(Http404):
        person_merge(acting_user=personas.worker_a, keep=keep, absorb=absorb, reason="same CIN")
    with pytest.raises(ValidationError):
        person_merge(acting_user=personas.manager_a, keep=keep, absorb=absorb, reason=" ")
    merge = person_merge(acting_user=personas.manager_a, keep=keep, absorb=absorb, reason="same person")
    case.refresh_from_db()
    keep.refresh_from_db()
    assert case.person == keep and keep.cin == "JB777"
    assert sorted(keep.vulnerabilities.values_list("category", flat=True)) == ["elderly", "homeless"]
    assert list(person_search(personas.worker_a, "Drissi")) == [keep]
    with pytest.raises(Http404):
        person_get(personas.worker_a, absorb.pk)
    with pytest.raises(Http404):
        person_unmerge(acting_user=personas.manager_a, merge=merge)
    restored = person_unmerge(acting_user=personas.national, merge=merge)
    case.refresh_from_db()
    keep.refresh_from_db()
    assert restored.merged_into is None and restored.cin == "JB777" and keep.cin is None
    assert case.person == restored
    assert Vulnerability.objects.filter(person=restored).count() == 2
    assert PersonMerge.objects.get().undone_by == personas.national
    with pytest.raises(ValidationError):
        person_unmerge(acting_user=personas.national, merge=merge)
