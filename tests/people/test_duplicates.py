"""The duplicate check shows only plausible candidates, ranked, with one decision (issue 11, item 5)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.core.models import AuditLog
from jisr.people.models import Person
from jisr.people.selectors import Identity, duplicate_candidates
from tests.people.helpers import register

pytestmark = pytest.mark.django_db

# أمينة, إيمان and منى share the consonant skeleton "mn": different names that only sound alike.
NEW_PERSON = Identity(first_name_ar="أمينة", last_name_ar="العلمي", sex="F", birth_date=datetime.date(1990, 3, 1))


def test_a_person_born_in_1990_is_not_shown_distant_namesakes_from_other_provinces(personas) -> None:  # type: ignore[no-untyped-def]
    for year, first in ((1947, "إيمان"), (1962, "منى"), (1975, "إيمان"), (2003, "منى"), (2011, "إيمان")):
        register(personas, by="worker_b", center="center_b", sex="F", first_name_ar=first, last_name_ar="العلمي",
                 birth_date=datetime.date(year, 6, 1))  # fmt: skip
    register(personas, by="worker_b", center="center_b", sex="M", first_name_ar="أمين", last_name_ar="العلمي",
             birth_date=datetime.date(1990, 6, 1))  # fmt: skip
    assert duplicate_candidates(personas.worker_a, NEW_PERSON) == []


def test_the_plausible_ones_are_still_shown_best_first(personas) -> None:  # type: ignore[no-untyped-def]
    near = register(personas, by="worker_b", center="center_b", sex="F", first_name_ar="إيمان",
                    last_name_ar="العلمي", birth_date=datetime.date(1991, 6, 1))  # fmt: skip
    same_name_other_year = register(personas, sex="F", first_name_ar="أمينة", last_name_ar="العلمي",
                                    birth_date=datetime.date(1960, 1, 1))  # fmt: skip
    same_cin = register(personas, sex="M", first_name_ar="علي", last_name_ar="بناني", cin="JB77",
                        birth_date=datetime.date(1950, 1, 1))  # fmt: skip
    unknown_year = register(personas, sex="F", first_name_ar="منى", last_name_ar="العلمي")
    found = duplicate_candidates(personas.worker_a, Identity(**{**NEW_PERSON.__dict__, "cin": "JB77"}))
    assert [c.person for c in found] == [same_cin, same_name_other_year, near, unknown_year]
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_an_estimated_birth_date_widens_the_tolerance(personas) -> None:  # type: ignore[no-untyped-def]
    estimated = register(personas, sex="F", first_name_ar="إيمان", last_name_ar="العلمي",
                         approximate_age=str(timezone.localdate().year - 1986))  # fmt: skip
    assert [c.person for c in duplicate_candidates(personas.worker_a, NEW_PERSON)] == [estimated]
    far = Identity(**{**NEW_PERSON.__dict__, "birth_date": datetime.date(1975, 1, 1)})
    assert duplicate_candidates(personas.worker_a, far) == []


def test_a_shared_phone_of_another_generation_is_not_a_candidate(personas) -> None:  # type: ignore[no-untyped-def]
    register(personas, sex="F", first_name_ar="فاطمة", last_name_ar="التازي", phone="0612345678",
             birth_date=datetime.date(1958, 1, 1))  # fmt: skip
    sister = register(personas, sex="F", first_name_ar="خديجة", last_name_ar="التازي", phone="0612345678",
                      birth_date=datetime.date(1989, 1, 1))  # fmt: skip
    identity = Identity(first_name_ar="سعاد", last_name_ar="التازي", sex="F", phone="+212612345678",
                        birth_date=datetime.date(1990, 1, 1))  # fmt: skip
    assert [c.person for c in duplicate_candidates(personas.worker_a, identity)] == [sister]


def test_none_of_these_is_one_decision_recorded_once(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    first = register(personas, sex="F", first_name_ar="أمينة", last_name_ar="العلمي", birth_date="1990-03-01")
    second = register(personas, sex="F", first_name_ar="إيمان", last_name_ar="العلمي", birth_date="1990-07-01")
    client = client_for("worker_a")
    form = {"center": personas.center_a.pk, "first_name_latin": "Amina", "last_name_latin": "El Alami", "sex": "F",
            "birth_date": "1990-03-01"}  # fmt: skip
    stopped = client.post(reverse("people:create"), form)
    tokens = [c["set_aside_token"] for c in stopped.context["candidates"]]
    assert len(tokens) == 2 and 'name="none_of_these"' in stopped.content.decode()
    assert 'type="checkbox" name="set_aside"' not in stopped.content.decode()
    # The tokens ride along in the form, but only the button is the decision.
    again = client.post(reverse("people:create"), {**form, "set_aside": tokens})
    assert again.status_code == 200 and again.context["candidates"]
    created = client.post(reverse("people:create"), {**form, "set_aside": tokens, "none_of_these": "1"})
    assert created.status_code == 302 and Person.objects.count() == 3
    new = Person.objects.exclude(pk__in=[first.pk, second.pk]).get()
    [entry] = AuditLog.objects.filter(object_id=str(new.pk))
    assert entry.changes["set_aside_candidates"] == sorted([str(first.pk), str(second.pk)])
