"""The people selectors read through the anchors Person declares: its registering center and the
centers of its cases; the persona who must not see gets nothing, or a 404."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from jisr.core.scope import AnchorFields, anchor_fields
from jisr.people import selectors
from jisr.people.linkage import pair_get
from jisr.people.models import BY_CASE, REGISTERED, Consent, LinkagePair, LinkageRun, Person
from tests.people.helpers import open_case, register

pytestmark = pytest.mark.django_db


def test_person_declares_both_sides_and_its_records_follow_them() -> None:
    assert anchor_fields(Person, REGISTERED).center == "registered_at_id"
    assert anchor_fields(Person, BY_CASE) == AnchorFields(
        region="cases__region_code", province="cases__province_id", center="cases__center_id"
    )
    assert anchor_fields(Consent, BY_CASE).center == "person__cases__center_id"
    with pytest.raises(LookupError):
        anchor_fields(Person)  # no default: a person is never read through one side only


def test_a_person_with_several_cases_is_one_row(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="سعاد", last_name_ar="الوزاني", sex="F")
    open_case(personas, person)
    open_case(personas, person)
    assert list(selectors.visible_people(personas.worker_b)) == [person]
    assert list(selectors.visible_people(personas.region_rsk)) == []


def test_may_person_follows_either_anchor(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="رشيد", last_name_ar="السوسي")
    assert selectors.may_person(personas.worker_a, "people.view_person", person)
    assert not selectors.may_person(personas.worker_b, "people.view_person", person)
    open_case(personas, person)
    assert selectors.may_person(personas.worker_b, "people.view_person", person)
    assert not selectors.may_person(personas.outsider, "people.view_person", person)


def test_person_get_is_404_for_a_malformed_id(personas) -> None:  # type: ignore[no-untyped-def]
    for bad in ("not-a-uuid", uuid.uuid4()):
        with pytest.raises(Http404):
            selectors.person_get(personas.national, bad)


def test_intake_centers_are_those_where_the_user_registers(personas) -> None:  # type: ignore[no-untyped-def]
    assert list(selectors.registering_centers(personas.worker_a)) == [personas.center_a]
    assert list(selectors.registering_centers(personas.outsider)) == []
    assert selectors.registering_center_get(personas.worker_a, personas.center_a.pk) == personas.center_a
    for center_id in (personas.center_b.pk, uuid.uuid4(), "x"):
        with pytest.raises(Http404):
            selectors.registering_center_get(personas.worker_a, center_id)


def test_a_linkage_pair_is_404_outside_the_scope(personas) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    left = register(personas, first_name_ar="محمد", last_name_ar="العلمي")
    right = register(personas, first_name_latin="Mohamed", last_name_latin="Alami")
    run = LinkageRun.objects.create(threshold=0.9, started_at=timezone.now(), status=LinkageRun.Status.DONE)
    pair = LinkagePair.objects.create(run=run, left=left, right=right, match_weight=9.0, match_probability=0.99,
                                      cluster="c1")  # fmt: skip
    assert pair_get(personas.manager_a, pair.pk) == pair
    for name in ("worker_b", "worker_a", "outsider"):
        with pytest.raises(Http404):
            pair_get(getattr(personas, name), pair.pk)
    LinkagePair.objects.filter(pk=pair.pk).update(status=LinkagePair.Status.REJECTED)
    with pytest.raises(Http404):
        pair_get(personas.manager_a, pair.pk)  # decided: nothing left to decide
