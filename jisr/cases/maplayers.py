"""What the cases give the social map: the persons a center served (`jisr.core.maplayers` contacts)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case
from jisr.core.maplayers import Layer, TerritoryFields, grouped

FIELDS = TerritoryFields(commune="center__commune_id", province="province_id", region="region_code")


def layers() -> Iterable[Layer]:
    """Distinct persons with a case, ever, where the case's center is (the coverage page's "served")."""
    yield Layer(
        "cases.persons",
        "use",
        "use",
        _("Persons with a case at a center (ever)"),
        "persons",
        protected=True,
        order=251,
        values=grouped(Case.objects.all(), FIELDS, Count("person", distinct=True)),
    )


def contacts(since: datetime.datetime) -> QuerySet[Any]:
    """A person with a case open at some time since `since`, where the case's center is."""
    cases = Case.objects.filter(Q(opened_at__gte=since) | Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    return cases.order_by().values_list("person_id", "center__commune_id", "province_id", "region_code")
