"""What the cases give the social map: the persons a center served (`jisr.core.maplayers` contacts)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from jisr.cases.models import Case


def contacts(since: datetime.datetime) -> QuerySet[Any]:
    """A person with a case open at some time since `since`, where the case's center is."""
    cases = Case.objects.filter(Q(opened_at__gte=since) | Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    return cases.order_by().values_list("person_id", "center__commune_id", "province_id", "region_code")
