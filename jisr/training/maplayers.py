"""What training gives the social map: persons enrolled in a center's training program (contacts)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from jisr.training.models import Enrollment


def contacts(since: datetime.datetime) -> QuerySet[Any]:
    """A person enrolled since `since`, where the program's center is."""
    return (
        Enrollment.objects.filter(enrolled_at__gte=since)
        .order_by()
        .values_list("person_id", "program__center__commune_id", "program__center__province_id",
                     "program__center__region_code")
    )  # fmt: skip
