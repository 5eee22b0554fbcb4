"""Calendar arithmetic the standard library lacks."""

from __future__ import annotations

import calendar
import datetime
from typing import TypeVar

_D = TypeVar("_D", datetime.date, datetime.datetime)


def add_months(day: _D, months: int) -> _D:
    """The same day `months` later (earlier when negative), clamped to the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def zone_start(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the platform's time zone (Morocco's): where a day's records begin."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
