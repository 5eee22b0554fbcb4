"""A coordinator's search looks at cases only where they add someone: a case held at its person's registering
center is marked so (opening, transfer, merge) and skipped (docs/performance.md); the persons found stay
exactly those the user may see."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from jisr.cases import handover, services
from jisr.cases.models import Case
from jisr.people import search
from jisr.people.models import Person
from jisr.people.selectors import SearchFilters, person_search_page, visible_people
from jisr.people.services import person_merge, person_unmerge
from tests.people.helpers import register
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def _open(personas: Any, person: Person, center: str, by: str) -> Case:
    return services.case_open(acting_user=getattr(personas, by), person=person, center=getattr(personas, center),
                              reason="x", channel="walk_in", consent_obtained=True)  # fmt: skip


def _transfer(case: Case, *, by: Any, to: Any, accepted_by: Any) -> Case:
    transfer = handover.case_transfer_request(acting_user=by, case=case, to_center=to, note="n", consent_obtained=True)
    return handover.case_transfer_accept(acting_user=accepted_by, transfer=transfer)


def _flag(case: Case) -> bool:
    return Case.objects.get(pk=case.pk).at_registering_center


@pytest.fixture
def bennis(personas: Any) -> dict[str, Any]:
    """Persons of one family name, each seen from another center through a case, or not."""
    manager_b = make_user("p-manager-b-bennis", "center_manager", center=personas.center_b)
    name = {"first_name_latin": "Karim", "last_name_latin": "Bennis"}
    people = {
        "home": register(personas, **name, cin="BK1"),  # registered at A, case at A
        "visitor": register(personas, by="worker_b", center="center_b", **name, cin="BK2"),  # from B, case at A
        "moved": register(personas, **name, cin="BK3"),  # registered at A, case at B then moved to A
        "away": register(personas, **name, cin="BK4"),  # registered at A, case at A then moved to B
        "keep": register(personas, by="worker_b", center="center_b", **name, cin="BK5"),  # from B, no case
        "absorb": register(personas, first_name_latin="Karim", last_name_latin="Benis", cin="BK6"),  # A, case at A
    }
    cases = {
        "home": _open(personas, people["home"], "center_a", "worker_a"),
        "visitor": _open(personas, people["visitor"], "center_a", "worker_a"),
        "moved": _open(personas, people["moved"], "center_b", "worker_b"),
        "away": _open(personas, people["away"], "center_a", "worker_a"),
        "absorb": _open(personas, people["absorb"], "center_a", "worker_a"),
    }
    _transfer(cases["moved"], by=manager_b, to=personas.center_a, accepted_by=personas.manager_a)
    _transfer(cases["away"], by=personas.manager_a, to=personas.center_b, accepted_by=manager_b)
    return {"people": people, "cases": cases}


def test_a_case_knows_whether_it_is_held_at_its_persons_registering_center(personas, bennis) -> None:  # type: ignore[no-untyped-def]
    cases = bennis["cases"]
    assert _flag(cases["home"]) and _flag(cases["absorb"])  # opened where the person was registered
    assert not _flag(cases["visitor"])  # opened at A for a person registered at B
    assert _flag(cases["moved"])  # opened at B, transferred to A, where the person was registered
    assert not _flag(cases["away"])  # the other way round
    keep, absorb = bennis["people"]["keep"], bennis["people"]["absorb"]
    merge = person_merge(acting_user=personas.national, keep=keep, absorb=absorb, reason="same person")
    assert Case.objects.get(pk=cases["absorb"].pk).person_id == keep.pk
    assert not _flag(cases["absorb"])  # now the case of a person registered at B, held at A
    person_unmerge(acting_user=personas.national, merge=merge)
    assert _flag(cases["absorb"])


def _found(user: Any, query: str) -> list[Person]:
    page = person_search_page(user, SearchFilters(query), 1, page_size=search.MAX_PAGE_SIZE)
    assert not page.capped and page.count == len(page.results)
    return page.results


# Who sees whom, written out from the rule (registered at a center in scope, or a case held there)
# after "absorb" was merged into "keep" (a person registered at B whose case is now held at A).
EXPECTED = {
    "worker_a": {"home", "visitor", "moved", "away", "keep"},
    "manager_a": {"home", "visitor", "moved", "away", "keep"},
    "province_agadir": {"home", "visitor", "moved", "away", "keep"},
    "worker_b": {"visitor", "away", "keep"},
    "region_rsk": set(),
    "national": {"home", "visitor", "moved", "away", "keep"},
}


@pytest.mark.parametrize("viewer", sorted(EXPECTED))
def test_the_search_finds_whom_the_user_may_see_through_either_anchor(personas, bennis, viewer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    people = bennis["people"]
    person_merge(acting_user=personas.national, keep=people["keep"], absorb=people["absorb"], reason="same person")
    user = getattr(personas, viewer)
    expected = {people[name].pk for name in EXPECTED[viewer]}
    found = _found(user, "Bennis")
    assert {person.pk for person in found} == expected
    visible = visible_people(user).filter(pk__in=[p.pk for p in people.values()])
    assert set(visible.values_list("pk", flat=True)) == expected
    if len(found) > 1:  # the same persons when the count is capped and the pages are read tier by tier
        cap = len(found) - 1
        monkeypatch.setattr(search, "COUNT_CAP", cap)
        pages = [person_search_page(user, SearchFilters("Bennis"), number, 2) for number in (1, 2, 3)]
        assert all(page.capped for page in pages)
        assert [p for page in pages for p in page.results][:cap] == found[:cap]


def test_the_migration_marks_existing_cases(personas, bennis) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    migration = importlib.import_module("jisr.cases.migrations.0016_case_at_registering_center")
    Case.objects.update(at_registering_center=False)  # as the column is added: false everywhere
    migration.mark_cases_at_registering_center(apps, None)
    cases = bennis["cases"]
    assert [_flag(cases[name]) for name in ("home", "visitor", "moved", "away", "absorb")] == [
        True, False, True, False, True
    ]  # fmt: skip
