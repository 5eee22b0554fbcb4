"""The directory filters and the scoped reads."""

from __future__ import annotations

import pytest
from django.http import Http404

from jisr.centers import selectors
from jisr.centers.models import Center, CenterService, ServiceType
from jisr.centers.selectors import DirectoryFilters
from tests.personas import AGADIR_PROVINCE, OUJDA_COMMUNE, RSK_REGION

pytestmark = pytest.mark.django_db


def _codes(filters: DirectoryFilters) -> set[str]:
    return {center.code for center in selectors.center_directory(filters)}


def test_search_matches_names_in_every_language_and_the_code(personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_b.pk).update(name_ar="دار الأمل", name_en="House of hope")
    assert _codes(DirectoryFilters(search="الأمل")) == {"test-oujda"}
    assert _codes(DirectoryFilters(search="hope")) == {"test-oujda"}
    assert _codes(DirectoryFilters(search="Centre test-rab")) == {"test-rabat"}
    assert _codes(DirectoryFilters(search="TEST-AGA")) == {"test-agadir"}


def test_territory_filters(personas) -> None:  # type: ignore[no-untyped-def]
    assert _codes(DirectoryFilters(region=RSK_REGION)) == {"test-rabat"}
    assert _codes(DirectoryFilters(province=AGADIR_PROVINCE)) == {"test-agadir"}
    assert _codes(DirectoryFilters(commune=OUJDA_COMMUNE)) == {"test-oujda"}


def test_kind_service_jisr_and_rehabilitation_filters(personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_b.pk).update(
        kind=Center.Kind.WOMEN, is_jisr=False, rehabilitation_status=Center.Rehabilitation.WORKS
    )
    CenterService.objects.create(center=personas.center_a, service_type=ServiceType.objects.get(code="legal-aid"))
    assert _codes(DirectoryFilters(kind=Center.Kind.WOMEN)) == {"test-oujda"}
    assert _codes(DirectoryFilters(service="legal-aid")) == {"test-agadir"}
    assert _codes(DirectoryFilters(jisr_only=True)) == {"test-agadir", "test-rabat"}
    assert _codes(DirectoryFilters(rehabilitation_status="works")) == {"test-oujda"}


def test_closed_centers_are_left_out_of_the_directory(personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_b.pk).update(status=Center.Status.INACTIVE)
    assert "test-oujda" not in _codes(DirectoryFilters())
    assert "test-oujda" in _codes(DirectoryFilters(include_closed=True))


def test_center_get_is_public_and_404_for_unknown(personas) -> None:  # type: ignore[no-untyped-def]
    assert selectors.center_get(personas.center_a.pk) == personas.center_a
    with pytest.raises(Http404):
        selectors.center_get("not-a-uuid")


def test_center_get_for_edit_is_scoped(personas) -> None:  # type: ignore[no-untyped-def]
    assert selectors.center_get_for_edit(personas.manager_a, personas.center_a.pk) == personas.center_a
    for user in (personas.worker_b, personas.worker_a, personas.analyst, personas.outsider):
        with pytest.raises(Http404):
            selectors.center_get_for_edit(user, personas.center_a.pk)


def test_editable_center_ids(personas) -> None:  # type: ignore[no-untyped-def]
    everything = list(Center.objects.all())
    assert selectors.editable_center_ids(personas.manager_a, everything) == {personas.center_a.pk}
    assert selectors.editable_center_ids(personas.region_rsk, everything) == {personas.center_rabat.pk}
    assert selectors.editable_center_ids(personas.analyst, everything) == set()
    assert len(selectors.editable_center_ids(personas.national, everything)) == 3
