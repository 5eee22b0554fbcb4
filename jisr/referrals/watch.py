"""The referrals' signal of the social watch (`jisr.core.watch_signals`): referrals past their answer delay.

Counted where they were sent from (the sending center, its province, its region) with the same condition as
the referral lists and the overdue notification (`selectors.overdue_condition`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.core.watch_signals import CENTER, PROVINCE, REGION, Firing, Param, Places, Signal, count_by_level, firing_at
from jisr.core.watch_signals import register_signal as register_watch_signal
from jisr.referrals.models import Referral
from jisr.referrals.selectors import overdue_condition

PLACES = Places(region="from_center__region_code", province="from_center__province_id", center="from_center_id")


def overdue_firings(params: Mapping[str, Any], level: str, today: datetime.date) -> Iterable[Firing]:
    overdue = Referral.objects.filter(overdue_condition(today))
    for region, province, center, count in count_by_level(overdue, level, PLACES):
        if count >= params["min_count"]:
            yield firing_at(level, region, province, center, value=count, reference=params["min_count"],
                            figures={"overdue": count})  # fmt: skip


SIGNAL = Signal(
    code="referrals.overdue",
    label=_("Referrals past their answer delay"),
    description=_(
        "Referrals not answered after their delay, or accepted and not completed 30 days after it, counted "
        "where they were sent from. Fires where there are at least the minimum number."
    ),
    params=(Param("min_count", _("Minimum number of overdue referrals"), minimum=1, maximum=10000, default=5),),
    levels=(CENTER, PROVINCE, REGION),
    evaluate=overdue_firings,
    order=10,
    figures={"overdue": _("Overdue referrals")},
)


def register() -> None:
    register_watch_signal(SIGNAL)
