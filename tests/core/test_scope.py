"""may_access and scope_filter for every persona level, cache invalidation and ended memberships."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from jisr.accounts.models import Membership, Role
from jisr.centers.models import Center
from jisr.core.scope import Anchor, AnchorFields, forget_scope, may_access, scope_filter, user_scope
from tests.personas import AGADIR_COMMUNE, make_center

VIEW = "centers.view_center"
CENTER_FIELDS = AnchorFields(region="region_code", province="province_id", center="id", organization="organization_id")


def _anchor(center: Center) -> Anchor:
    return Anchor(
        region_code=center.region_code,
        province_code=center.province_id,
        center_id=center.id,
        organization_id=center.organization_id,
    )


@pytest.fixture
def world(personas):  # type: ignore[no-untyped-def]
    """The personas, a second Agadir-province center, and a center run by the health partner."""
    personas.center_a2 = make_center(code="test-agadir-2", commune_code=AGADIR_COMMUNE, organization=personas.entraide)
    personas.partner_center = make_center(
        code="test-health", commune_code=AGADIR_COMMUNE, organization=personas.health_partner
    )
    # Partner agents hold no permission by default: give their role one, as a national officer would.
    Role.objects.get(slug="partner_agent").permissions.add(
        Permission.objects.get(content_type__app_label="centers", codename="view_center")
    )
    return personas


def _visible(world, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    user = getattr(world, name)
    return set(scope_filter(Center.objects.all(), user, VIEW, CENTER_FIELDS).values_list("code", flat=True))


ALL = {"test-agadir", "test-agadir-2", "test-oujda", "test-rabat", "test-health"}
EXPECTED = {
    "national": ALL,
    "analyst": ALL,
    "region_rsk": {"test-rabat"},
    "province_agadir": {"test-agadir", "test-agadir-2", "test-health"},
    "manager_a": {"test-agadir"},
    "worker_a": {"test-agadir"},
    "worker_b": {"test-oujda"},
    "partner": {"test-health"},
    "citizen": set(),
    "outsider": set(),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_scope_filter_per_persona(world, name, expected) -> None:  # type: ignore[no-untyped-def]
    assert _visible(world, name) == expected


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_may_access_agrees_with_scope_filter(world, name, expected) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, name)
    for center in Center.objects.filter(code__in=ALL):
        assert may_access(user, VIEW, _anchor(center)) == (center.code in expected), center.code


def test_named_cases(world) -> None:  # type: ignore[no-untyped-def]
    assert may_access(world.region_rsk, VIEW, _anchor(world.center_rabat))
    assert not may_access(world.region_rsk, VIEW, _anchor(world.center_a))  # Agadir is not in Rabat-Salé-Kénitra
    assert may_access(world.province_agadir, VIEW, _anchor(world.center_a))
    assert not may_access(world.province_agadir, VIEW, _anchor(world.center_b))
    assert may_access(world.manager_a, "centers.change_center", _anchor(world.center_a))
    assert not may_access(world.manager_a, "centers.change_center", _anchor(world.center_a2))
    assert may_access(world.partner, VIEW, Anchor(organization_id=world.health_partner.id))
    assert not may_access(world.partner, VIEW, Anchor(organization_id=world.entraide.id))


def test_a_permission_the_role_lacks_gives_nothing_even_in_scope(world) -> None:  # type: ignore[no-untyped-def]
    assert not may_access(world.worker_a, "centers.change_center", _anchor(world.center_a))
    assert not may_access(world.analyst, "core.view_audit", Anchor())
    assert may_access(world.national, "core.view_audit", Anchor())


def test_scope_is_cached_until_forgotten(world) -> None:  # type: ignore[no-untyped-def]
    user = world.worker_a
    assert _visible(world, "worker_a") == {"test-agadir"}
    Membership.objects.create(user=user, role=Role.objects.get(slug="social_worker"), center=world.center_b)
    assert _visible(world, "worker_a") == {"test-agadir"}  # still the cached scope
    forget_scope(user)
    assert _visible(world, "worker_a") == {"test-agadir", "test-oujda"}


def test_ended_memberships_give_nothing(world) -> None:  # type: ignore[no-untyped-def]
    yesterday = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(user=world.manager_a).update(ends_on=yesterday)
    forget_scope(world.manager_a)
    assert _visible(world, "manager_a") == set()
    assert not may_access(world.manager_a, VIEW, _anchor(world.center_a))
    assert user_scope(world.manager_a).role_slugs == frozenset()


def test_memberships_not_started_yet_give_nothing(world) -> None:  # type: ignore[no-untyped-def]
    Membership.objects.filter(user=world.worker_b).update(starts_on=timezone.localdate() + timedelta(days=1))
    forget_scope(world.worker_b)
    assert _visible(world, "worker_b") == set()


def test_inactive_users_have_no_scope(world) -> None:  # type: ignore[no-untyped-def]
    world.national.is_active = False
    world.national.save(update_fields=["is_active"])
    forget_scope(world.national)
    assert _visible(world, "national") == set()


# --- Anchors declared on the models: in_scope, may, require, get_or_404 -------------------------------


def test_a_declared_anchor_filters_like_the_hand_written_fields(world) -> None:  # type: ignore[no-untyped-def]
    from jisr.core.scope import anchor_fields, in_scope

    assert anchor_fields(Center) == CENTER_FIELDS
    for user in world.all_users().values():
        by_hand = set(scope_filter(Center.objects.all(), user, VIEW, CENTER_FIELDS).values_list("pk", flat=True))
        declared = set(in_scope(user, VIEW, Center).values_list("pk", flat=True))
        assert declared == by_hand


def test_via_follows_the_related_models_anchor(world) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import CaseStatusChange
    from jisr.core.scope import anchor_fields

    assert anchor_fields(CaseStatusChange) == AnchorFields(
        region="case__region_code", province="case__province_id", center="case__center_id"
    )


def test_may_and_require_read_the_anchor_from_the_record(world) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    from jisr.core.scope import anchor_of, may, require

    assert anchor_of(world.center_a) == _anchor(world.center_a)
    assert may(world.worker_a, VIEW, world.center_a)
    assert not may(world.worker_b, VIEW, world.center_a)
    require(world.worker_a, VIEW, world.center_a)
    with pytest.raises(Http404):
        require(world.worker_b, VIEW, world.center_a)
    with pytest.raises(Http404):
        require(world.citizen, VIEW)


def test_get_or_404_answers_404_for_missing_forbidden_and_malformed_ids(world) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from django.http import Http404

    from jisr.core.scope import get_or_404

    assert get_or_404(world.worker_a, VIEW, Center, pk=world.center_a.pk) == world.center_a
    for lookup in ({"pk": world.center_b.pk}, {"pk": uuid.uuid4()}, {"pk": "not-a-uuid"}):
        with pytest.raises(Http404):
            get_or_404(world.worker_a, VIEW, Center, **lookup)


def test_a_model_without_a_declared_anchor_is_refused_loudly() -> None:
    from jisr.core.scope import anchor_fields
    from jisr.territories.models import Region

    with pytest.raises(LookupError, match="@anchored"):
        anchor_fields(Region)
