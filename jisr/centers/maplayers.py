"""The centers' layers of the social map (`jisr.core.maplayers`): supply per territory.

A center is *operational* when it is open and not in the rehabilitation programme's planned, studies
or works stages; *under rehabilitation* in the works stage; *planned* at the planned or studies
stage. Places are the capacities of the operational centers; services, their active services.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, CenterService
from jisr.core.maplayers import Layer, TerritoryFields, grouped

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
