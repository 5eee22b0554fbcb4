"""What Khadamati gives the social map (`jisr.core.maplayers`): requests filed, pending and decided, and
disability cards issued, per territory.

A request names the province of the person it is for, not their commune: these layers stop at the
provinces (the map shows no data for communes rather than zeros). Counts are of every request ever
filed (a draft never submitted is not filed): *pending* ones are with the office or a committee,
*decided* ones were granted or refused (a card issued is a granted request); a withdrawn request is
filed but neither. Cards are the requests whose card was issued. All are counts about persons: small
ones are hidden from the roles that see aggregates only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.maplayers import Layer, TerritoryFields, grouped
from jisr.khadamati.models import Request, RequestStatus

FIELDS = TerritoryFields(commune=None, province="province_id", region="region_code")
S = RequestStatus
PENDING = [S.SUBMITTED, S.MEDICAL_COMMITTEE, S.SOCIAL_ASSESSMENT, S.COMMITTEE_DECISION, S.MORE_INFORMATION,
           S.RECONSIDERATION, S.APPEAL]  # fmt: skip
DECIDED = [S.GRANTED, S.REFUSED, S.CARD_ISSUED]


def _count(key: str, label: Any, definition: Any, order: int, requests: QuerySet[Request],
           unit: str = "requests") -> Layer:  # fmt: skip
    return Layer(key, "use", "khadamati", label, unit, definition, protected=True, order=order,
                 values=grouped(requests, FIELDS, Count("id")), levels=FIELDS.levels)  # fmt: skip


def layers() -> Iterable[Layer]:
    filed = Request.objects.filter(submitted_at__isnull=False, province__isnull=False)
    yield _count("khadamati.requests_filed", _("Khadamati requests filed"),
                 _("Requests submitted on Khadamati (every type), ever, in the province of the person they are for."),
                 300, filed)  # fmt: skip
    yield _count("khadamati.requests_pending", _("Khadamati requests pending"),
                 _("Filed requests not decided yet: documents to check, with a committee, more information asked, "
                   "reconsideration or appeal."), 301, filed.filter(status__in=PENDING))  # fmt: skip
    yield _count("khadamati.requests_decided", _("Khadamati requests decided"),
                 _("Filed requests granted or refused (a card issued counts as granted)."), 302,
                 filed.filter(status__in=DECIDED))  # fmt: skip
    yield _count("khadamati.cards_issued", _("Disability cards issued"),
                 _("Requests whose disability card was issued, ever."), 303,
                 filed.filter(card_issued_at__isnull=False), unit="cards")  # fmt: skip
    yield Layer("ratio.cards_per_100_disability", "ratio", "ratios",
                _("Disability cards issued per 100 estimated persons with a disability"), "ratio",
                protected=True, additive=False, order=453, levels=FIELDS.levels,
                ratio=("khadamati.cards_issued", "estimated_disability", 100),
                formula="disability cards issued ÷ estimated persons with a disability (census) × 100")  # fmt: skip
