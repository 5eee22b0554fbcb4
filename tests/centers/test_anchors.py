"""The centers app's declared anchors give what the hand-written anchors gave."""

from __future__ import annotations

import pytest

from jisr.centers.models import Organization
from jisr.core.scope import Anchor, anchor_of
from tests.personas import AGADIR_PROVINCE

pytestmark = pytest.mark.django_db


def test_a_national_organization_is_only_under_national_grants_and_its_own() -> None:
    national = Organization(name_ar="و", name_fr="Ministère", kind=Organization.Kind.MINISTRY)
    assert anchor_of(national) == Anchor(organization_id=national.pk)
    assert anchor_of(national, "territory") == Anchor()


def test_a_provincial_organization_sits_in_its_province_and_region(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.territories.models import Province

    province = Province.objects.get(code=AGADIR_PROVINCE)
    local = Organization(name_ar="ج", name_fr="Association", kind=Organization.Kind.ASSOCIATION, province=province)
    assert anchor_of(local) == Anchor(province.region_id, AGADIR_PROVINCE, None, local.pk)
    assert anchor_of(local, "territory") == Anchor(province.region_id, AGADIR_PROVINCE)


def test_a_center_sits_in_its_territory_and_organization(personas) -> None:  # type: ignore[no-untyped-def]
    center = personas.center_a
    assert anchor_of(center) == Anchor(center.region_code, center.province_id, center.pk, center.organization_id)
