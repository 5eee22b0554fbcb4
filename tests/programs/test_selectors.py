"""Programs are read through selectors: an outsider gets 404 whether the program exists or not."""

from __future__ import annotations

import pytest
from django.http import Http404

from jisr.programs import selectors
from jisr.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def amo(personas) -> Program:  # type: ignore[no-untyped-def]
    return Program.objects.create(code="amo", name_ar="أمو", name_fr="AMO", name_en="AMO", rule={})


def test_a_reader_of_programs_gets_the_program_and_the_list(personas, amo) -> None:  # type: ignore[no-untyped-def]
    assert selectors.program_get(personas.national, "amo") == amo
    assert list(selectors.program_list(personas.national)) == [amo]


@pytest.mark.parametrize("name", ["outsider", "citizen", "partner"])
def test_someone_without_the_permission_cannot_tell_a_program_exists(personas, amo, name) -> None:  # type: ignore[no-untyped-def]
    user = getattr(personas, name)
    for code in ("amo", "missing"):
        with pytest.raises(Http404):
            selectors.program_get(user, code)
    with pytest.raises(Http404):
        selectors.program_list(user)


def test_an_unknown_program_is_404_even_for_a_reader(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        selectors.program_get(personas.national, "missing")
