"""The registry's layers of the social map (`jisr.core.maplayers`): households and persons registered."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from jisr.core.maplayers import Layer, TerritoryFields, grouped
from jisr.registry.models import RegistryHousehold

FIELDS = TerritoryFields(commune="commune_id", province="province_code", region="region_code")


def layers() -> Iterable[Layer]:
    households = RegistryHousehold.objects.all()
    yield Layer(
        "registry.households",
        "use",
        "registry",
        _("Registered households"),
        "households",
        _("Households in the social registry, where they live."),
        protected=True,
        order=200,
        values=grouped(households, FIELDS, Count("household_id")),
    )
    yield Layer(
        "registry.persons",
        "use",
        "registry",
        _("Registered persons"),
        "persons",
        _("Members of the households in the social registry (the sum of household sizes)."),
        protected=True,
        order=201,
        values=grouped(households, FIELDS, Sum("size")),
    )
