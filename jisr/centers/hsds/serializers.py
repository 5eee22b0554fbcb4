"""Jisr's centers directory as HSDS 3.0 objects.

Mapping: Organization → organization; Center → location (physical); CenterService → service and
service_at_location; ServiceType → taxonomy_term of the one "jisr-services" taxonomy; OpeningHours →
schedule. Sub-objects without a row of their own (address, phone, accessibility, language,
attribute) get stable UUIDs derived from their parent's, so that clients can diff successive
harvests. Empty values are omitted rather than sent as null: the schemas type them as strings.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from jisr.centers.hsds.selectors import TAXONOMY_CODE, TAXONOMY_ID
from jisr.centers.models import LANGUAGE_CHOICES, Center, CenterService, OpeningHours, Organization, ServiceType

WEEKDAY_CODES = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
HSDS_LANGUAGE_CODES = {"ary": "ary", "zgh": "zgh", "sgn": "sgn-MA"}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "")}


def _derived(parent: uuid.UUID, part: str) -> str:
    return str(uuid.uuid5(parent, part))


def _alternate(name_ar: str, name_fr: str) -> str:
    """The name in the other script: French when the response is in Arabic, Arabic otherwise."""
    return name_fr if (get_language() or "ar").startswith("ar") else name_ar


def _offset() -> str:
    offset = timezone.localtime().strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def taxonomy() -> dict[str, Any]:
    return {
        "id": str(TAXONOMY_ID),
        "name": "Jisr services",
        "description": "The services offered by Morocco's social centers (reception, listening, orientation, "
        "certified training, professional-project workshops, social incubation, mediation…).",
        "version": "1",
    }


def taxonomy_term(term: ServiceType) -> dict[str, Any]:
    return _compact(
        {
            "id": str(term.id),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "taxonomy": TAXONOMY_CODE,
            "taxonomy_id": str(TAXONOMY_ID),
            "language": (get_language() or "ar")[:2],
        }
    )


def organization(org: Organization) -> dict[str, Any]:
    return _compact(
        {
            "id": str(org.id),
            "name": org.name,
            "alternate_name": _alternate(org.name_ar, org.name_fr),
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
        }
    )


def schedule(slot: OpeningHours, *, location_id: uuid.UUID) -> dict[str, Any]:
    offset = _offset()
    return {
        "id": str(slot.id),
        "location_id": str(location_id),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": WEEKDAY_CODES[slot.weekday],
        "opens_at": f"{slot.opens_at:%H:%M}{offset}",
        "closes_at": f"{slot.closes_at:%H:%M}{offset}",
        "description": str(slot),
    }


def _accessibility(center: Center) -> list[dict[str, Any]]:
    features = [
        ("wheelchair", center.wheelchair_accessible, "Wheelchair accessible"),
        ("toilets", center.accessible_toilets, "Accessible toilets"),
        ("sign-language", center.sign_language, "Moroccan Sign Language available"),
        ("braille", center.braille_signage, "Braille signage"),
    ]
    items = [
        {"id": _derived(center.id, f"accessibility:{key}"), "location_id": str(center.id), "description": label}
        for key, present, label in features
        if present
    ]
    if center.accessibility_notes:
        items.append(
            {
                "id": _derived(center.id, "accessibility:notes"),
                "location_id": str(center.id),
                "description": "Notes",
                "details": center.accessibility_notes,
            }
        )
    return items


def location(center: Center) -> dict[str, Any]:
    """A center as an HSDS physical location, with its address, phone, accessibility and hours."""
    commune, province = center.commune, center.province
    address = {
        "id": _derived(center.id, "address"),
        "location_id": str(center.id),
        "address_1": center.address or commune.name,
        "city": commune.name,
        "region": commune.region.name,
        "state_province": province.name,
        "postal_code": "",
        "country": "MA",
        "address_type": "physical",
    }
    data: dict[str, Any] = {
        "id": str(center.id),
        "location_type": "physical",
        "organization_id": str(center.organization_id),
        "name": center.name,
        "alternate_name": _alternate(center.name_ar, center.name_fr),
        "description": center.description,
        "external_identifier": center.code,
        "external_identifier_type": "jisr_center_code",
        "addresses": [address],
        "accessibility": _accessibility(center),
        "phones": [{"id": _derived(center.id, "phone"), "location_id": str(center.id), "number": center.phone}]
        if center.phone
        else [],
        "schedules": [schedule(slot, location_id=center.id) for slot in center.opening_hours.all()],
    }
    if center.latitude is not None and center.longitude is not None:
        data["latitude"] = float(center.latitude)
        data["longitude"] = float(center.longitude)
    return _compact(data)


def _languages(service: CenterService) -> list[dict[str, Any]]:
    return [
        {
            "id": _derived(service.id, f"language:{code}"),
            "service_id": str(service.id),
            "name": str(LANGUAGE_NAMES.get(code, code)),
            "code": HSDS_LANGUAGE_CODES.get(code, code),
        }
        for code in service.languages
    ]


def _attributes(service: CenterService) -> list[dict[str, Any]]:
    return [
        {
            "id": _derived(service.id, "taxonomy"),
            "link_id": str(service.id),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(service.service_type_id),
            "taxonomy_term": taxonomy_term(service.service_type),
        }
    ]


def _last_modified(moment: datetime) -> str:
    return moment.isoformat()


def service_summary(service: CenterService) -> dict[str, Any]:
    """A service as an item of `/services` (service_list.json)."""
    center = service.center
    return _compact(
        {
            "id": str(service.id),
            "organization_id": str(center.organization_id),
            "name": f"{service.service_type.name} — {center.name}",
            "alternate_name": _alternate(service.service_type.name_ar, service.service_type.name_fr),
            "description": service.description or service.service_type.description,
            "email": center.email,
            "status": "active",
            "eligibility_description": service.eligibility,
            "last_modified": _last_modified(service.updated_at),
            "organization": organization(center.organization),
        }
    )


def service_at_location(service: CenterService, *, with_location: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(service.service_at_location_id),
        "service_id": str(service.id),
        "location_id": str(service.center_id),
        "description": f"{service.service_type.name} — {service.center.name}",
    }
    if with_location:
        data["location"] = location(service.center)
    return data


def service_full(service: CenterService) -> dict[str, Any]:
    """A service with its organization, location(s), schedules, languages and taxonomy term."""
    data = service_summary(service)
    center = service.center
    data.update(
        {
            "languages": _languages(service),
            "attributes": _attributes(service),
            "service_at_locations": [service_at_location(service)],
            "phones": [{"id": _derived(service.id, "phone"), "service_id": str(service.id), "number": center.phone}]
            if center.phone
            else [],
        }
    )
    return data


def service_at_location_full(service: CenterService) -> dict[str, Any]:
    """A service_at_location with its location and the service it delivers."""
    data = service_at_location(service)
    data["service"] = service_summary(service)
    return data
