import pytest

from jisr.territories.models import Commune, Province, Region


@pytest.mark.django_db
def test_territories_loaded_once_for_the_suite() -> None:
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Commune.objects.count() == 1503


def test_personas_have_the_roles_they_need(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.core.scope import user_scope

    assert "centers.change_center" in user_scope(personas.manager_a).grants_by_permission
    assert user_scope(personas.outsider).grants_by_permission == {}
