"""Turn a planned demo center into rows: the center, its opening hours and its services.

Each center draws from its own random stream seeded by its code, so its details do not depend on
which other centers are loaded (the small variant's centers equal the full variant's). Primary keys
are UUID5 of the code for the same reason: two fresh loads give byte-identical rows.
"""

from __future__ import annotations

import datetime
import random
import uuid

from jisr.centers.models import Center, CenterService, OpeningHours, Organization, ServiceType
from jisr.demo.centers import SEED, PlannedCenter
from jisr.demo.geography import point_in_province
from jisr.demo.names import center_names, street_address
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN

DEMO_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, DEMO_EMAIL_DOMAIN)

JISR_SERVICES = [
    "reception",
    "listening",
    "orientation",
    "certified-training",
    "professional-project",
    "social-incubation",
    "health-social-mediation",
    "psychological-support",
    "legal-aid",
]
KIND_SERVICES: dict[str, list[str]] = {
    Center.Kind.WOMEN: ["reception", "listening", "orientation", "certified-training", "legal-aid"],
    Center.Kind.DISABILITY: [
        "reception",
        "orientation",
        "day-care",
        "health-social-mediation",
        "psychological-support",
    ],
    Center.Kind.DISABILITY_ORIENTATION: ["reception", "listening", "orientation", "legal-aid"],
    Center.Kind.ELDERLY: ["residential-care", "health-social-mediation", "psychological-support"],
    Center.Kind.CHILD_PROTECTION: ["residential-care", "listening", "psychological-support", "legal-aid"],
    Center.Kind.EDUCATION_TRAINING: ["reception", "orientation", "certified-training"],
    Center.Kind.APPRENTICESHIP: ["certified-training", "professional-project"],
    Center.Kind.KINDERGARTEN: ["day-care"],
    Center.Kind.SOCIAL_SUPPORT: ["reception", "listening", "orientation", "legal-aid"],
}
ELIGIBILITY: dict[str, str] = {
    "certified-training": "النساء والشباب من 15 إلى 35 سنة / Femmes et jeunes de 15 à 35 ans",
    "professional-project": "خريجو التكوين الإشهادي / Lauréats de la formation certifiante",
    "social-incubation": "حاملو مشاريع مدرة للدخل / Porteurs de projets générateurs de revenus",
    "day-care": "الأطفال من 3 إلى 6 سنوات / Enfants de 3 à 6 ans",
    "residential-care": "بعد بحث اجتماعي وقرار اللجنة / Après enquête sociale et décision de la commission",
    "legal-aid": "الأشخاص في وضعية هشاشة / Personnes en situation de vulnérabilité",
}
DEFAULT_ELIGIBILITY = "مفتوح للجميع بدون موعد / Ouvert à toutes et à tous, sans rendez-vous"
CAPACITY: dict[str, tuple[int, int]] = {
    Center.Kind.MULTIFUNCTION: (200, 600),
    Center.Kind.KINDERGARTEN: (30, 90),
    Center.Kind.ELDERLY: (40, 150),
    Center.Kind.CHILD_PROTECTION: (30, 120),
}
RESIDENTIAL_KINDS = {Center.Kind.ELDERLY, Center.Kind.CHILD_PROTECTION}
# Telephone area codes (after +212 5) by region.
AREA_CODES = {"01": "39", "02": "36", "03": "35", "04": "37", "05": "23", "06": "22"}
AREA_CODES |= {"07": "24", "08": "35", "09": "28", "10": "28", "11": "28", "12": "28"}
AMAZIGH_REGIONS = {"02", "05", "07", "08", "09", "10"}
SPANISH_REGIONS = {"01", "11", "12"}
WEEKDAYS = [1, 2, 3, 4, 5]


def demo_uuid(*parts: str) -> uuid.UUID:
    """A stable primary key for a demo row, derived from its natural key."""
    return uuid.uuid5(DEMO_NAMESPACE, "/".join(parts))


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _phone(rng: random.Random, region_code: str) -> str:
    digits = " ".join(str(rng.randint(10, 99)) for _ in range(3))
    return f"+212 5 {AREA_CODES[region_code]} {digits}"


def _center(plan: PlannedCenter, rng: random.Random, organization: Organization) -> Center:
    commune = plan.commune
    name_ar, name_fr, name_en = center_names(plan.name_key, commune.name_ar, commune.name_fr, plan.duplicate_index)
    latitude, longitude = point_in_province(rng, commune.province_id, at_seat=plan.at_seat)
    low, high = CAPACITY.get(plan.kind, (40, 250))
    new_generation = plan.is_jisr
    sign_language = rng.random() < (0.5 if new_generation else 0.08)
    return Center(
        id=demo_uuid("center", plan.code),
        code=plan.code,
        organization=organization,
        kind=plan.kind,
        is_jisr=plan.is_jisr,
        status=Center.Status.ACTIVE if plan.is_jisr or rng.random() > 0.03 else Center.Status.INACTIVE,
        commune=commune,
        province_id=commune.province_id,
        region_code=commune.region_id,
        name_ar=name_ar,
        name_fr=name_fr,
        name_en=name_en,
        address=street_address(rng, commune.name_fr),
        latitude=latitude,
        longitude=longitude,
        capacity=rng.randint(low, high) // 5 * 5,
        phone=_phone(rng, commune.region_id),
        email=f"{plan.code}@{DEMO_EMAIL_DOMAIN}",
        description=(
            "مركز من الجيل الجديد لبرنامج جسر: الاستقبال والإنصات والتوجيه والتكوين الإشهادي والاحتضان الاجتماعي.\n"
            "Centre de nouvelle génération du programme Jisr : accueil, écoute, orientation, formation certifiante "
            "et incubation sociale."
            if new_generation
            else ""
        ),
        # New-generation centers are rehabilitated to accessibility standards; older ones vary.
        wheelchair_accessible=new_generation or rng.random() < 0.45,
        accessible_toilets=(rng.random() < 0.9) if new_generation else (rng.random() < 0.3),
        sign_language=sign_language,
        braille_signage=rng.random() < (0.3 if new_generation else 0.04),
        accessibility_notes="Rampe d'accès et place de stationnement réservée." if new_generation else "",
        rehabilitation_status=plan.rehabilitation_status,
        rehabilitation_budget_mad=plan.budget_mad,
    )


def _opening_hours(center: Center, rng: random.Random) -> list[OpeningHours]:
    if center.kind in RESIDENTIAL_KINDS:
        slots = [(day, "08:00", "20:00") for day in range(1, 8)]  # residential homes receive visitors all week
    else:
        slots = [(day, "08:30", "16:30") for day in WEEKDAYS]
        if center.is_jisr or rng.random() < 0.3:
            slots.append((6, "09:00", "12:30"))
    return [
        OpeningHours(
            id=demo_uuid("hours", center.code, str(day)),
            center=center,
            weekday=day,
            opens_at=_time(opens),
            closes_at=_time(closes),
        )
        for day, opens, closes in slots
    ]


def _languages(center: Center, rng: random.Random) -> list[str]:
    languages = ["ar", "ary"]
    if center.region_code in AMAZIGH_REGIONS or rng.random() < 0.1:
        languages.append("zgh")
    if rng.random() < 0.6:
        languages.append("fr")
    if center.region_code in SPANISH_REGIONS and rng.random() < 0.4:
        languages.append("es")
    if rng.random() < 0.05:
        languages.append("en")
    if center.sign_language:
        languages.append("sgn")
    return languages


def _services(center: Center, rng: random.Random, service_types: dict[str, ServiceType]) -> list[CenterService]:
    wanted = JISR_SERVICES if center.is_jisr else KIND_SERVICES.get(center.kind, [])
    codes = [code for code in wanted if code in service_types]
    others = sorted(set(service_types) - set(codes))
    if not codes:
        # The taxonomy in this database does not use the expected codes: offer a few of its terms.
        codes = rng.sample(others, k=min(3, len(others)))
    elif center.is_jisr and others:
        codes += rng.sample(others, k=min(2, len(others)))
    return [
        CenterService(
            id=demo_uuid("service", center.code, code),
            service_at_location_id=demo_uuid("service-at-location", center.code, code),
            center=center,
            service_type=service_types[code],
            eligibility=ELIGIBILITY.get(code, DEFAULT_ELIGIBILITY),
            languages=_languages(center, rng),
        )
        for code in codes
    ]


def build_center_rows(
    plan: PlannedCenter, organization: Organization, service_types: dict[str, ServiceType]
) -> tuple[Center, list[OpeningHours], list[CenterService]]:
    """The center of `plan` with its weekly hours and services, validated field by field."""
    rng = random.Random(f"{SEED}:{plan.code}")  # noqa: S311 — demo data, not security
    center = _center(plan, rng, organization)
    # Field validation only: the foreign keys come from the database and uniqueness from the plan.
    center.clean_fields(exclude=["organization", "commune", "province"])
    return center, _opening_hours(center, rng), _services(center, rng, service_types)
