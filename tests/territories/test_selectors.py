"""The one commune-by-code lookup, and the commune's declared anchor."""

from __future__ import annotations

import pytest

from jisr.core import scope
from jisr.territories import selectors
from tests.personas import AGADIR_COMMUNE, AGADIR_PROVINCE, OUJDA_COMMUNE

pytestmark = pytest.mark.django_db


def test_commune_by_code_finds_the_exact_code_only(personas) -> None:  # type: ignore[no-untyped-def]
    commune = selectors.commune_by_code(AGADIR_COMMUNE)
    assert commune is not None and commune.province_id == AGADIR_PROVINCE
    assert selectors.commune_by_code("99.999.99.99") is None
    assert selectors.commune_by_code("") is None


def test_communes_by_codes_loads_the_known_ones_in_one_query(personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        found = selectors.communes_by_codes([AGADIR_COMMUNE, OUJDA_COMMUNE, "nope", AGADIR_COMMUNE])
    assert set(found) == {AGADIR_COMMUNE, OUJDA_COMMUNE}


def test_a_commune_sits_in_its_province_and_region(personas) -> None:  # type: ignore[no-untyped-def]
    commune = selectors.commune_by_code(AGADIR_COMMUNE)
    assert commune is not None
    anchor = scope.anchor_of(commune)
    assert (anchor.region_code, anchor.province_code, anchor.center_id) == (commune.region_id, AGADIR_PROVINCE, None)
    # A center-level grant does not reach a commune; a national one does.
    assert not scope.may(personas.manager_a, "centers.add_center", commune)
    assert scope.may(personas.national, "centers.add_center", commune)
