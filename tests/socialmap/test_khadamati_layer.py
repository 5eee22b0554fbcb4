"""Khadamati's layers of the social map (requests filed, pending, decided; cards issued) against plain SQL."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jisr.core import maplayers
from jisr.khadamati.models import Request
from jisr.socialmap.models import IndicatorValue
from tests.khadamati.office_helpers import request_at
from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE
from tests.socialmap.test_aggregates import run, sql, stored

pytestmark = pytest.mark.django_db

STATUSES = {
    "khadamati.requests_filed": None,
    "khadamati.requests_pending": (
        "submitted",
        "medical_committee",
        "social_assessment",
        "committee_decision",
        "more_information",
        "reconsideration",
        "appeal",
    ),  # fmt: skip
    "khadamati.requests_decided": ("granted", "refused", "card_issued"),
}


@pytest.fixture
def requests(personas) -> None:  # type: ignore[no-untyped-def]
    applicant = personas.national
    for status in ("submitted", "medical_committee", "appeal", "granted", "refused", "withdrawn", "card_issued",
                   "card_issued", "more_information"):  # fmt: skip
        request_at(status, applicant=applicant, province=AGADIR_PROVINCE)
    request_at("draft", applicant=applicant, province=AGADIR_PROVINCE, submitted_at=None)  # never filed
    request_at("submitted", applicant=applicant, province=OUJDA_PROVINCE)
    request_at("card_issued", applicant=applicant, province=OUJDA_PROVINCE)
    Request.objects.filter(status="card_issued").update(card_issued_at=timezone.now())


def test_one_registration_brings_the_khadamati_layers(requests, census) -> None:  # type: ignore[no-untyped-def]
    assert "khadamati" in maplayers.providers()
    run()
    for key, statuses in STATUSES.items():
        condition = "" if statuses is None else f"AND status IN ({', '.join(repr(s) for s in statuses)})"
        for level, column in (("region", "region_code"), ("province", "province_id"), ("nation", "'MA'")):
            grouping = "" if level == "nation" else f"GROUP BY {column}"
            query = (f"SELECT {column}, COUNT(*) FROM khadamati_request WHERE submitted_at IS NOT NULL {condition} "  # noqa: S608
                     f"{grouping}")  # fmt: skip
            assert stored(key, level) == sql(query), (key, level)
    cards = "SELECT province_id, COUNT(*) FROM khadamati_request WHERE card_issued_at IS NOT NULL GROUP BY province_id"
    assert stored("khadamati.cards_issued", "province") == sql(cards) == {AGADIR_PROVINCE: 2, OUJDA_PROVINCE: 1}
    assert stored("khadamati.requests_filed", "province")[AGADIR_PROVINCE] == 9  # the draft is not filed
    # A request names no commune: no commune rows (no data), not zeros.
    assert not IndicatorValue.objects.filter(indicator__key__startswith="khadamati.", level="commune").exists()
    # Cards per 100 estimated persons with a disability, per province, from the census's estimate.
    estimated = IndicatorValue.objects.get(indicator_id="estimated_disability", level="province", code=AGADIR_PROVINCE,
                                           sex="all", year=2024).value  # fmt: skip
    ratio = stored("ratio.cards_per_100_disability", "province")
    assert ratio[AGADIR_PROVINCE] == pytest.approx(round(2 / estimated * 100, 2))


def test_small_khadamati_counts_are_hidden_with_their_complements(requests) -> None:  # type: ignore[no-untyped-def]
    run()
    rows = IndicatorValue.objects.filter(indicator__key__startswith="khadamati.")
    assert not rows.filter(value__gt=0, value__lt=5, hidden=False).exists()
    filed = {(level, code): hidden for level, code, hidden in
             rows.filter(indicator_id="khadamati.requests_filed").values_list("level", "code", "hidden")}  # fmt: skip
    assert filed[("province", OUJDA_PROVINCE)]  # 2 requests
    # No line of the hierarchy has exactly one hidden cell (it would be its total minus the others): the nation's
    # line (nation = regions) and Oujda's region's (region = provinces), over the levels the layer has.
    nation_line = [hidden for (level, _code), hidden in filed.items() if level in ("nation", "region")]
    region = OUJDA_PROVINCE.split(".")[0]
    in_region = {("region", region)} | {("province", code) for level, code in filed if code.startswith(region + ".")}
    region_line = [filed[cell] for cell in in_region]
    assert sum(nation_line) >= 2 and sum(region_line) >= 2
