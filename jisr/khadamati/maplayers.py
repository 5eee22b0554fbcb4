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

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from jisr.core.maplayers import Layer, TerritoryFields, grouped
from jisr.khadamati.models import Request, RequestStatus

FIELDS = TerritoryFields(commune=None, province="province_id", region="region_code")
S = RequestStatus
PENDING = [S.SUBMITTED, S.MEDICAL_COMMITTEE, S.SOCIAL_ASSESSMENT, S.COMMITTEE_DECISION, S.MORE_INFORMATION,
           S.RECONSIDERATION, S.APPEAL]  # fmt: skip
DECIDED = [S.GRANTED, S.REFUSED, S.CARD_ISSUED]


def layers() -> Iterable[Layer]:
    filed = Request.objects.filter(submitted_at__isnull=False, province__isnull=False)
    counted = Count("id")
    common = {"protected": True, "levels": FIELDS.levels}
    yield Layer("khadamati.requests_filed", "use", "khadamati", _("Khadamati requests filed"), "requests",
                _("Requests submitted on Khadamati (every type), ever, in the province of the person they are for."),
                order=300, values=grouped(filed, FIELDS, counted), **common)  # fmt: skip
    yield Layer("khadamati.requests_pending", "use", "khadamati", _("Khadamati requests pending"), "requests",
                _("Filed requests not decided yet: documents to check, with a committee, more information asked, "
                  "reconsideration or appeal."),
                order=301, values=grouped(filed.filter(status__in=PENDING), FIELDS, counted), **common)  # fmt: skip
    yield Layer("khadamati.requests_decided", "use", "khadamati", _("Khadamati requests decided"), "requests",
                _("Filed requests granted or refused (a card issued counts as granted)."),
                order=302, values=grouped(filed.filter(status__in=DECIDED), FIELDS, counted), **common)  # fmt: skip
    yield Layer("khadamati.cards_issued", "use", "khadamati", _("Disability cards issued"), "cards",
                _("Requests whose disability card was issued, ever."),
                order=303, values=grouped(filed.filter(card_issued_at__isnull=False), FIELDS, counted),
                **common)  # fmt: skip
    yield Layer("ratio.cards_per_100_disability", "ratio", "ratios",
                _("Disability cards issued per 100 estimated persons with a disability"), "ratio",
                protected=True, additive=False, order=453, levels=FIELDS.levels,
                ratio=("khadamati.cards_issued", "estimated_disability", 100),
                formula="disability cards issued ÷ estimated persons with a disability (census) × 100")  # fmt: skip
