"""The centers services: scope (404 outside it), validation without partial writes, audit in the same transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jisr.centers import services
from jisr.centers.models import Center, CenterService, OpeningHours, Organization, ServiceType
from jisr.core.models import AuditLog
from jisr.territories.models import Commune
from tests.personas import AGADIR_COMMUNE, AGADIR_PROVINCE, OUJDA_COMMUNE, RABAT_COMMUNE

pytestmark = pytest.mark.django_db


def _new_center(personas, user, commune_code: str = AGADIR_COMMUNE, **extra) -> Center:  # type: ignore[no-untyped-def]
    return services.center_create(
        acting_user=user,
        code="new-center",
        name_ar="مركز جديد",
        name_fr="Nouveau centre",
        organization=personas.entraide,
        kind=Center.Kind.WOMEN,
        commune=Commune.objects.get(code=commune_code),
        **extra,
    )


def test_provincial_coordinator_creates_in_their_province_with_audit(personas) -> None:  # type: ignore[no-untyped-def]
    center = _new_center(personas, personas.province_agadir, capacity=120)
    assert center.province_id == AGADIR_PROVINCE
    assert center.region_code == "09"
    entry = AuditLog.objects.get(object_type="centers.center", object_id=str(center.pk))
    assert entry.action == "create"
    assert entry.actor == personas.province_agadir
    assert entry.changes["capacity"] == 120


def test_provincial_coordinator_cannot_create_in_another_province(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        _new_center(personas, personas.province_agadir, commune_code=OUJDA_COMMUNE)
    assert not Center.objects.filter(code="new-center").exists()


@pytest.mark.parametrize("name", ["manager_a", "worker_a", "analyst", "outsider", "partner"])
def test_only_coordinators_and_national_may_create(personas, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        _new_center(personas, getattr(personas, name))


def test_invalid_center_is_rejected_without_writing(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _new_center(personas, personas.national, latitude=Decimal("50"), phone="not a phone")
    assert {"latitude", "phone"} <= set(caught.value.message_dict)
    assert not Center.objects.filter(code="new-center").exists()
    assert not AuditLog.objects.filter(object_type="centers.center").exists()


def test_manager_updates_their_center_and_the_diff_is_audited(personas) -> None:  # type: ignore[no-untyped-def]
    services.center_update(
        acting_user=personas.manager_a, center=personas.center_a, capacity=80, phone="+212 528 00 00 00"
    )
    personas.center_a.refresh_from_db()
    assert personas.center_a.capacity == 80
    entry = AuditLog.objects.get(action="update", object_id=str(personas.center_a.pk))
    assert entry.changes["capacity"] == [None, 80]
    assert set(entry.changes) == {"capacity", "phone"}


def test_update_with_no_change_writes_no_audit(personas) -> None:  # type: ignore[no-untyped-def]
    services.center_update(acting_user=personas.manager_a, center=personas.center_a, name_fr=personas.center_a.name_fr)
    assert not AuditLog.objects.filter(action="update").exists()


@pytest.mark.parametrize("name", ["worker_b", "worker_a", "analyst", "region_rsk", "outsider"])
def test_outsiders_cannot_update(personas, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        services.center_update(acting_user=getattr(personas, name), center=personas.center_a, capacity=1)
    personas.center_a.refresh_from_db()
    assert personas.center_a.capacity is None


def test_invalid_update_leaves_the_record_untouched(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.center_update(
            acting_user=personas.national, center=personas.center_a, capacity=50, rehabilitation_budget_mad=Decimal(-5)
        )
    stored = Center.objects.get(pk=personas.center_a.pk)
    assert stored.capacity is None
    assert not AuditLog.objects.exists()


def test_moving_a_center_recomputes_its_territory(personas) -> None:  # type: ignore[no-untyped-def]
    rabat = Commune.objects.get(code=RABAT_COMMUNE)
    services.center_update(acting_user=personas.national, center=personas.center_a, commune=rabat)
    stored = Center.objects.get(pk=personas.center_a.pk)
    assert (stored.province_id, stored.region_code) == (rabat.province_id, rabat.region_id)


def test_a_manager_cannot_carry_their_center_to_another_province(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        services.center_update(
            acting_user=personas.manager_a, center=personas.center_a, commune=Commune.objects.get(code=OUJDA_COMMUNE)
        )


def test_set_services_keeps_updates_and_drops(personas) -> None:  # type: ignore[no-untyped-def]
    reception, listening, legal = (ServiceType.objects.get(code=c) for c in ("reception", "listening", "legal-aid"))
    center = personas.center_a
    services.center_set_services(
        acting_user=personas.manager_a,
        center=center,
        offers=[services.ServiceOffer(reception), services.ServiceOffer(listening, eligibility="Women")],
    )
    first_id = CenterService.objects.get(center=center, service_type=reception).pk
    services.center_set_services(
        acting_user=personas.manager_a,
        center=center,
        offers=[services.ServiceOffer(reception, languages=["ar", "zgh"]), services.ServiceOffer(legal)],
    )
    stored = {
        s.service_type.code: s for s in CenterService.objects.filter(center=center).select_related("service_type")
    }
    assert set(stored) == {"reception", "legal-aid"}
    assert stored["reception"].pk == first_id
    assert stored["reception"].languages == ["ar", "zgh"]
    assert AuditLog.objects.filter(action="update", object_id=str(center.pk)).count() == 2


def test_set_services_rejects_unknown_language_without_writing(personas) -> None:  # type: ignore[no-untyped-def]
    reception = ServiceType.objects.get(code="reception")
    with pytest.raises(ValidationError):
        services.center_set_services(
            acting_user=personas.manager_a,
            center=personas.center_a,
            offers=[services.ServiceOffer(reception), services.ServiceOffer(reception, languages=["xx"])],
        )
    assert not CenterService.objects.exists()


def test_service_add_and_remove(personas) -> None:  # type: ignore[no-untyped-def]
    literacy = ServiceType.objects.get(code="literacy")
    service = services.center_service_add(
        acting_user=personas.manager_a, center=personas.center_a, service_type=literacy
    )
    with pytest.raises(ValidationError):
        services.center_service_add(acting_user=personas.manager_a, center=personas.center_a, service_type=literacy)
    with pytest.raises(Http404):
        services.center_service_remove(acting_user=personas.worker_b, center_service=service)
    services.center_service_remove(acting_user=personas.manager_a, center_service=service)
    assert not CenterService.objects.exists()


def test_opening_hours_replace_and_reject_overlaps(personas) -> None:  # type: ignore[no-untyped-def]
    nine, one, two, five = (datetime.time(h) for h in (9, 13, 14, 17))
    slots = [services.OpeningSlot(1, nine, one), services.OpeningSlot(1, two, five)]
    services.center_set_opening_hours(acting_user=personas.manager_a, center=personas.center_a, slots=slots)
    assert OpeningHours.objects.filter(center=personas.center_a).count() == 2
    with pytest.raises(ValidationError):
        services.center_set_opening_hours(
            acting_user=personas.manager_a,
            center=personas.center_a,
            slots=[services.OpeningSlot(2, nine, five), services.OpeningSlot(2, one, five)],
        )
    assert OpeningHours.objects.filter(center=personas.center_a).count() == 2


def test_organization_create_and_update_are_scoped(personas) -> None:  # type: ignore[no-untyped-def]
    organization = services.organization_create(
        acting_user=personas.national, name_ar="جمعية", name_fr="Association", kind=Organization.Kind.ASSOCIATION
    )
    assert AuditLog.objects.filter(action="create", object_id=str(organization.pk)).exists()
    with pytest.raises(Http404):
        services.organization_create(
            acting_user=personas.province_agadir, name_ar="x", name_fr="x", kind=Organization.Kind.ASSOCIATION
        )
    with pytest.raises(Http404):
        services.organization_update(acting_user=personas.manager_a, organization=organization, acronym="A")
    services.organization_update(acting_user=personas.national, organization=organization, acronym="ASSO")
    organization.refresh_from_db()
    assert organization.acronym == "ASSO"


def test_delete_needs_delete_permission(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        services.center_delete(acting_user=personas.province_agadir, center=personas.center_a)
    # Center A is the anchor of memberships: deleting it would lose history, so it must be closed instead.
    with pytest.raises(ValidationError):
        services.center_delete(acting_user=personas.national, center=personas.center_a)
    rabat_id = personas.center_rabat.pk
    services.center_delete(acting_user=personas.national, center=personas.center_rabat)
    assert not Center.objects.filter(pk=rabat_id).exists()
    assert AuditLog.objects.filter(action="delete", object_id=str(rabat_id)).exists()
