"""The centers' layers of the social map (`jisr.core.maplayers`): supply per territory.

A center is *operational* when it is open and not in the rehabilitation programme's planned, studies
or works stages; *under rehabilitation* in the works stage; *planned* at the planned or studies
stage. Places are the capacities of the operational centers; services, their active services.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, CenterService
from jisr.core.maplayers import Layer, Point, TerritoryFields, grouped

FIELDS = TerritoryFields(commune="commune_id", province="province_id", region="region_code")
SERVICE_FIELDS = TerritoryFields(commune="center__commune_id", province="center__province_id",
                                 region="center__region_code")  # fmt: skip
Stage = Center.Rehabilitation
NOT_YET = [Stage.PLANNED, Stage.STUDIES, Stage.WORKS]
KINDS_SHOWN = {
    "women": ([Center.Kind.WOMEN], _("Operational women's centers")),
    "disability": ([Center.Kind.DISABILITY, Center.Kind.DISABILITY_ORIENTATION],
                   _("Operational centers for persons with disabilities")),
    "elderly": ([Center.Kind.ELDERLY], _("Operational centers for elderly persons")),
}  # fmt: skip


def operational() -> QuerySet[Center]:
    return Center.objects.filter(status=Center.Status.ACTIVE).exclude(rehabilitation_status__in=NOT_YET)


STATUS_OF: dict[str, str] = {Stage.WORKS: "rehabilitation", Stage.PLANNED: "planned", Stage.STUDIES: "planned"}
STATUS_LABELS = {"operational": _("operational"), "rehabilitation": _("under rehabilitation"),
                 "planned": _("planned"), "closed": _("closed")}  # fmt: skip


def points(level: str, code: str) -> list[Point]:
    """The centers of the territory that have coordinates (the public directory's centers)."""
    centers = Center.objects.filter(latitude__isnull=False, longitude__isnull=False)
    lookup = {"region": "region_code", "province": "province_id", "commune": "commune_id"}.get(level)
    if lookup:
        centers = centers.filter(**{lookup: code})
    rows = centers.order_by("code").values_list("id", "name_ar", "name_fr", "kind", "status", "rehabilitation_status",
                                                "latitude", "longitude", "region_code")[:5000]  # fmt: skip
    arabic = (get_language() or "ar").startswith("ar")
    kinds = dict(Center.Kind.choices)
    found = []
    for center_id, name_ar, name_fr, kind, status, stage, latitude, longitude, region in rows:
        if latitude is None or longitude is None:
            continue
        state = "closed" if status == Center.Status.INACTIVE else STATUS_OF.get(stage, "operational")
        name = name_ar if arabic else name_fr
        url = reverse("centers:detail", args=[center_id])
        found.append(Point(float(latitude), float(longitude), name, str(kinds.get(kind, kind)), state,
                           str(STATUS_LABELS[state]), url, region))  # fmt: skip
    return found


def layers() -> Iterable[Layer]:
    centers = operational()
    supply = "supply"
    yield Layer(
        "centers.operational",
        supply,
        "centers",
        _("Operational centers"),
        "centers",
        _("Open centers, excluding those whose rehabilitation is planned, studied or under works."),
        order=100,
        values=grouped(centers, FIELDS, Count("id")),
    )
    yield Layer(
        "centers.jisr",
        supply,
        "centers",
        _("Operational Jisr new-generation centers"),
        "centers",
        _("Open new-generation (Jisr) multi-function centers."),
        order=101,
        values=grouped(centers.filter(is_jisr=True), FIELDS, Count("id")),
    )
    yield Layer(
        "centers.rehabilitation",
        supply,
        "centers",
        _("Centers under rehabilitation"),
        "centers",
        _("Centers in the works stage of the rehabilitation programme."),
        order=102,
        values=grouped(Center.objects.filter(rehabilitation_status=Stage.WORKS), FIELDS, Count("id")),
    )
    yield Layer(
        "centers.planned",
        supply,
        "centers",
        _("Planned centers"),
        "centers",
        _("Centers whose rehabilitation or opening is planned or being studied."),
        order=103,
        values=grouped(
            Center.objects.filter(rehabilitation_status__in=[Stage.PLANNED, Stage.STUDIES]), FIELDS, Count("id")
        ),
    )
    for order, (key, (kinds, label)) in enumerate(KINDS_SHOWN.items(), start=110):
        yield Layer(
            f"centers.{key}",
            supply,
            "centers",
            label,
            "centers",
            order=order,
            values=grouped(centers.filter(kind__in=kinds), FIELDS, Count("id")),
        )
    yield Layer(
        "centers.places",
        supply,
        "centers",
        _("Places in operational centers"),
        "places",
        _("The sum of the capacities (persons) of the operational centers."),
        order=120,
        values=grouped(centers, FIELDS, Sum("capacity")),
    )
    yield Layer(
        "centers.places_disability",
        supply,
        "centers",
        _("Places in operational centers for persons with disabilities"),
        "places",
        order=121,
        values=grouped(centers.filter(kind__in=KINDS_SHOWN["disability"][0]), FIELDS, Sum("capacity")),
    )
    services = CenterService.objects.filter(status=CenterService.Status.ACTIVE, center__in=centers)
    yield Layer(
        "centers.services",
        supply,
        "centers",
        _("Services offered"),
        "services",
        _("Active services of the operational centers (one per center and type of service)."),
        order=130,
        values=grouped(services, SERVICE_FIELDS, Count("id")),
    )
