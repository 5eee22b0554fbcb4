"""Every write to the centers directory: centers, their services and hours, organizations.

Each service checks the acting user's permission over the record's declared anchor with
`scope.require` and answers Http404 to anyone outside it (no hint that the record exists), validates
with `full_clean`, and writes its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import LANGUAGE_CHOICES, Center, CenterService, OpeningHours, Organization, ServiceType
from jisr.core import audit, scope
from jisr.territories.models import Commune

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User

# The fields a person may set on a center; the territory denormalization and timestamps are derived.
CENTER_EDITABLE_FIELDS = frozenset(
    {
        "code",
        "name_ar",
        "name_fr",
        "name_en",
        "organization",
        "kind",
        "is_jisr",
        "status",
        "commune",
        "address",
        "latitude",
        "longitude",
        "capacity",
        "phone",
        "email",
        "description",
        "wheelchair_accessible",
        "accessible_toilets",
        "sign_language",
        "braille_signage",
        "accessibility_notes",
        "rehabilitation_status",
        "rehabilitation_budget_mad",
    }
)
ORGANIZATION_EDITABLE_FIELDS = frozenset(
    {"name_ar", "name_fr", "name_en", "acronym", "kind", "sector", "description", "website", "email", "province"}
)
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGE_CHOICES)


def _check_fields(changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Fields that cannot be set here: {sorted(unknown)}")


def _place_in_commune(center: Center) -> None:
    # The province and region are denormalized so that scope filters need no join.
    center.province_id = center.commune.province_id
    center.region_code = center.commune.region_id


@transaction.atomic
def center_create(
    *,
    acting_user: User,
    code: str,
    name_ar: str,
    name_fr: str,
    organization: Organization,
    kind: str,
    commune: Commune,
    **details: Any,
) -> Center:
    """Create a center; needs centers.add_center over the commune's province (else Http404)."""
    _check_fields(details, CENTER_EDITABLE_FIELDS)
    scope.require(acting_user, "centers.add_center", commune)
    center = Center(
        code=code, name_ar=name_ar, name_fr=name_fr, organization=organization, kind=kind, commune=commune, **details
    )
    _place_in_commune(center)
    center.full_clean()
    center.save()
    audit.record(actor=acting_user, action="create", obj=center, changes=audit.snapshot(center))
    return center


# Kept in step by the works services once a center is in the programme (docs/decisions.md).
WORKS_SUMMARY_FIELDS = ("rehabilitation_status", "rehabilitation_budget_mad")


def _refuse_works_fields(center: Center, changes: dict[str, Any]) -> None:
    """A center in the rehabilitation programme takes its status and budget from its works record."""
    from jisr.centers.works.models import CenterWorks

    differs = [name for name in WORKS_SUMMARY_FIELDS if name in changes and changes[name] != getattr(center, name)]
    if differs and CenterWorks.objects.filter(center_id=center.pk).exists():
        raise ValidationError(
            {name: _("This center is in the rehabilitation programme: change its phase and budget on its works "
                     "page.") for name in differs}
        )  # fmt: skip


@transaction.atomic
def center_update(*, acting_user: User, center: Center, **changes: Any) -> Center:
    """Change a center's fields; moving it to another commune also needs the right over the destination."""
    _check_fields(changes, CENTER_EDITABLE_FIELDS)
    scope.require(acting_user, "centers.change_center", center)
    new_commune = changes.get("commune")
    if new_commune is not None and new_commune.pk != center.commune_id:
        # A center-level grant follows the center: it must not be able to carry it to another province.
        scope.require(acting_user, "centers.change_center", new_commune)
    _refuse_works_fields(center, changes)
    before = audit.snapshot(center)
    for name, value in changes.items():
        setattr(center, name, value)
    _place_in_commune(center)
    center.full_clean()
    after = audit.snapshot(center)
    changed = audit.diff(before, after)
    if changed:
        center.save(update_fields=[*changed, "updated_at"])
        if {"province", "region_code"} & set(changed):
            # the persons it registered carry its province and region (people.Person.registered_place)
            center.registered_people.update(  # type: ignore[attr-defined]
                registered_province_id=center.province_id, registered_region_code=center.region_code
            )
        audit.record(actor=acting_user, action="update", obj=center, changes=changed)
    return center


@transaction.atomic
def center_delete(*, acting_user: User, center: Center) -> None:
    """Delete a center with no history attached; one with history must be closed instead."""
    scope.require(acting_user, "centers.delete_center", center)
    snapshot = audit.snapshot(center)
    center_pk, center_name = str(center.pk), str(center)
    try:
        center.delete()
    except ProtectedError as exc:
        raise ValidationError(_("This center has records attached to it: close it instead of deleting it.")) from exc
    audit.record(
        actor=acting_user,
        action="delete",
        object_type="centers.center",
        object_id=center_pk,
        object_repr=center_name,
        changes=snapshot,
    )


@dataclass(frozen=True)
class ServiceOffer:
    """One service a center offers, as given to `center_set_services`."""

    service_type: ServiceType
    eligibility: str = ""
    languages: Sequence[str] = field(default_factory=tuple)
    description: str = ""


def _check_languages(languages: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(languages))
    unknown = [code for code in cleaned if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            {"languages": _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}},
        )
    return cleaned


def _services_snapshot(center: Center) -> dict[str, Any]:
    return {
        row["service_type__code"]: [row["eligibility"], row["languages"]]
        for row in center.services.values("service_type__code", "eligibility", "languages")
    }


@transaction.atomic
def center_set_services(*, acting_user: User, center: Center, offers: Sequence[ServiceOffer]) -> list[CenterService]:
    """Make the center offer exactly `offers`: keep matching services, update them, drop the others."""
    scope.require(acting_user, "centers.change_center", center)
    by_type: dict[Any, ServiceOffer] = {}
    for offer in offers:
        if offer.service_type.pk in by_type:
            raise ValidationError(
                {"services": _("A service is listed twice: %(name)s.") % {"name": offer.service_type}}
            )
        by_type[offer.service_type.pk] = offer
    before = _services_snapshot(center)
    center.services.exclude(service_type_id__in=list(by_type)).delete()
    existing = {service.service_type_id: service for service in center.services.all()}
    to_create: list[CenterService] = []
    to_update: list[CenterService] = []
    for type_id, offer in by_type.items():
        service = existing.get(type_id) or CenterService(center=center, service_type=offer.service_type)
        service.updated_at = timezone.now()
        service.eligibility = offer.eligibility
        service.description = offer.description
        service.languages = _check_languages(offer.languages)
        service.full_clean(exclude=["center", "service_type"], validate_unique=False, validate_constraints=False)
        (to_update if type_id in existing else to_create).append(service)
    CenterService.objects.bulk_update(to_update, ["eligibility", "description", "languages", "updated_at"])
    CenterService.objects.bulk_create(to_create)
    after = _services_snapshot(center)
    changed = audit.diff(before, after) | {code: [before[code], None] for code in before if code not in after}
    if changed:
        audit.record(actor=acting_user, action="update", obj=center, changes={"services": changed})
    return list(center.services.select_related("service_type"))


@transaction.atomic
def center_service_add(
    *,
    acting_user: User,
    center: Center,
    service_type: ServiceType,
    eligibility: str = "",
    languages: Sequence[str] = (),
    description: str = "",
) -> CenterService:
    """Add one service to a center (a ValidationError if the center already offers it)."""
    scope.require(acting_user, "centers.change_center", center)
    if center.services.filter(service_type=service_type).exists():
        raise ValidationError({"service_type": _("This center already offers this service.")})
    service = CenterService(
        center=center,
        service_type=service_type,
        eligibility=eligibility,
        description=description,
        languages=_check_languages(languages),
    )
    service.full_clean()
    service.save()
    audit.record(actor=acting_user, action="create", obj=service, changes=audit.snapshot(service))
    return service


@transaction.atomic
def center_service_remove(*, acting_user: User, center_service: CenterService) -> None:
    """Stop offering a service at a center."""
    scope.require(acting_user, "centers.change_center", center_service)
    snapshot = audit.snapshot(center_service)
    service_pk, service_name = str(center_service.pk), str(center_service)
    center_service.delete()
    audit.record(
        actor=acting_user,
        action="delete",
        object_type="centers.centerservice",
        object_id=service_pk,
        object_repr=service_name,
        changes=snapshot,
    )


@dataclass(frozen=True)
class OpeningSlot:
    """One weekly opening slot, as given to `center_set_opening_hours`."""

    weekday: int
    opens_at: datetime.time
    closes_at: datetime.time


def _check_slots(slots: Sequence[OpeningSlot]) -> None:
    by_day: dict[int, list[OpeningSlot]] = {}
    for slot in slots:
        if slot.weekday not in OpeningHours.Weekday.values:
            raise ValidationError({"weekday": _("Choose a day of the week.")})
        if slot.closes_at <= slot.opens_at:
            raise ValidationError(
                {"closes_at": _("%(day)s: the closing time must be after the opening time.") % _day_label(slot)}
            )
        by_day.setdefault(slot.weekday, []).append(slot)
    for day_slots in by_day.values():
        day_slots.sort(key=lambda slot: slot.opens_at)
        for earlier, later in zip(day_slots, day_slots[1:], strict=False):
            if later.opens_at < earlier.closes_at:
                raise ValidationError({"opens_at": _("%(day)s: two opening slots overlap.") % _day_label(later)})


def _day_label(slot: OpeningSlot) -> dict[str, str]:
    return {"day": str(OpeningHours.Weekday(slot.weekday).label)}


@transaction.atomic
def center_set_opening_hours(*, acting_user: User, center: Center, slots: Sequence[OpeningSlot]) -> list[OpeningHours]:
    """Replace the center's weekly opening hours with `slots` (checked for order and overlaps)."""
    scope.require(acting_user, "centers.change_center", center)
    _check_slots(slots)
    before = [str(hours) for hours in center.opening_hours.all()]
    center.opening_hours.all().delete()
    created = OpeningHours.objects.bulk_create(
        [OpeningHours(center=center, weekday=s.weekday, opens_at=s.opens_at, closes_at=s.closes_at) for s in slots]
    )
    after = [str(hours) for hours in sorted(created, key=lambda h: (h.weekday, h.opens_at))]
    if before != after:
        audit.record(actor=acting_user, action="update", obj=center, changes={"opening_hours": [before, after]})
    return created


@transaction.atomic
def organization_create(*, acting_user: User, name_ar: str, name_fr: str, kind: str, **details: Any) -> Organization:
    """Create an organization; a provincial one needs centers.add_organization over its province."""
    _check_fields(details, ORGANIZATION_EDITABLE_FIELDS)
    organization = Organization(name_ar=name_ar, name_fr=name_fr, kind=kind, **details)
    # A new organization has no id yet to be granted over: only its territory counts.
    scope.require(acting_user, "centers.add_organization", organization, anchor="territory")
    organization.full_clean()
    organization.save()
    audit.record(actor=acting_user, action="create", obj=organization, changes=audit.snapshot(organization))
    return organization


@transaction.atomic
def organization_update(*, acting_user: User, organization: Organization, **changes: Any) -> Organization:
    """Change an organization's fields (centers.change_organization over it, else Http404)."""
    _check_fields(changes, ORGANIZATION_EDITABLE_FIELDS)
    scope.require(acting_user, "centers.change_organization", organization)
    before = audit.snapshot(organization)
    for name, value in changes.items():
        setattr(organization, name, value)
    organization.full_clean()
    changed = audit.diff(before, audit.snapshot(organization))
    if changed:
        organization.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=acting_user, action="update", obj=organization, changes=changed)
    return organization


@transaction.atomic
def center_edit(
    *,
    acting_user: User,
    center: Center,
    changes: Mapping[str, Any],
    offers: Sequence[ServiceOffer],
    slots: Sequence[OpeningSlot],
) -> Center:
    """Save a center's fields, services and opening hours together: a bad opening slot undoes the rest."""
    center_update(acting_user=acting_user, center=center, **changes)
    center_set_services(acting_user=acting_user, center=center, offers=offers)
    center_set_opening_hours(acting_user=acting_user, center=center, slots=slots)
    return center
