"""Grow the demo directory to a national-scale number of centers, deterministically.

The demo holds about 3,300 centers; the benchmark multiplies the non-Jisr ones across random
communes (seeded) with their services and opening hours, with bulk inserts only.
"""

from __future__ import annotations

import random
import uuid

from django.db import transaction

from jisr.centers.models import Center, CenterService, OpeningHours
from jisr.territories.models import Commune

PREFIX = "bench-"
BATCH = 2000


@transaction.atomic
def scale_centers(target: int, *, seed: int = 20261123) -> int:
    """Add synthetic centers until the directory holds `target` centers; returns how many were added."""
    existing = Center.objects.count()
    missing = target - existing
    if missing <= 0:
        return 0
    rng = random.Random(seed + existing)
    communes = list(Commune.objects.values_list("code", "province_id", "region_id", "name_ar", "name_fr"))
    weights = [max(population, 1) for population in Commune.objects.values_list("population_2024", flat=True)]
    templates = list(
        Center.objects.filter(is_jisr=False).prefetch_related("services", "opening_hours").order_by("code")[:500]
    )
    added = 0
    while added < missing:
        chunk = min(BATCH, missing - added)
        centers, services, hours = [], [], []
        picks = rng.choices(communes, weights=weights, k=chunk)
        for offset, (code, province, region, name_ar, name_fr) in enumerate(picks):
            template = templates[(added + offset) % len(templates)]
            number = existing + added + offset
            center = Center(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                code=f"{PREFIX}{number:07d}",
                organization_id=template.organization_id,
                kind=template.kind,
                is_jisr=False,
                commune_id=code,
                province_id=province,
                region_code=region,
                name_ar=f"{template.name_ar.split('–')[0].strip()} – {name_ar} {number}",
                name_fr=f"{template.name_fr.split('–')[0].strip()} – {name_fr} {number}",
                name_en=f"{template.name_en.split('–')[0].strip()} – {name_fr} {number}",
                capacity=template.capacity,
                phone=template.phone,
                latitude=template.latitude,
                longitude=template.longitude,
            )
            centers.append(center)
            services += [
                CenterService(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    service_at_location_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    center=center,
                    service_type_id=service.service_type_id,
                    eligibility=service.eligibility,
                    languages=service.languages,
                )
                for service in template.services.all()
            ]
            hours += [
                OpeningHours(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    center=center,
                    weekday=slot.weekday,
                    opens_at=slot.opens_at,
                    closes_at=slot.closes_at,
                )
                for slot in template.opening_hours.all()
            ]
        Center.objects.bulk_create(centers, batch_size=BATCH)
        CenterService.objects.bulk_create(services, batch_size=BATCH)
        OpeningHours.objects.bulk_create(hours, batch_size=BATCH)
        added += chunk
    return added
