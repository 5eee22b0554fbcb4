"""Khadamati's figures on the dashboards, against counts made by hand: requests by type and outcome, by age and
sex, by province; the median days per step; the share decided within the service level; cards and renewals due;
the small counts hidden from the national analyst; no section for who may not see it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from jisr.core.dashboards import HIDDEN, Figure
from jisr.core.dates import add_months
from jisr.khadamati import services_office
from jisr.territories.models import Province
from tests.khadamati.helpers import make_citizen
from tests.khadamati.office_helpers import make_staff, request_at
from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _figures(client: Any, level: str, code: str) -> dict[str, Figure]:
    client.cookies["jisr_language"] = "en"
    this_month = timezone.localdate().replace(day=1)
    start = add_months(this_month, -5).strftime("%Y-%m")  # six months: the oldest request is 100 days old
    response = client.get(f"/dashboards/{level}/{code}/", {"start": start, "end": this_month.strftime("%Y-%m")})
    assert response.status_code == 200, response.status_code
    return {figure.key: figure for section in response.context["board"].sections for figure in section.figures}


def _table(figure: Figure) -> dict[str, dict[str, Any]]:
    rows = {row.key: dict(row.values) for row in figure.rows}
    if figure.totals:
        rows["total"] = dict(figure.totals.values)
    return rows


@pytest.fixture
def history(personas):  # type: ignore[no-untyped-def]
    """Agadir: 7 card requests in the last six months (5 women, 2 men; 3 children of 6–17, 4 adults of 18–39), one
    of them granted 20 days after its submission and carded, one refused after 100 days, one withdrawn; Oujda: 2."""
    staff = make_staff()
    applicant = make_citizen("p-ko-figures", phone="+212661230000")
    now = timezone.now()
    today = timezone.localdate()
    child = today - datetime.timedelta(days=365 * 10)
    adult = today - datetime.timedelta(days=365 * 30)
    made = []
    for index in range(7):
        made.append(
            request_at(
                "submitted",
                applicant=applicant,
                days_ago=0,
                sex="F" if index < 5 else "M",
                birth_date=child if index < 3 else adult,
            )
        )
    granted, refused, withdrawn = made[0], made[1], made[2]
    granted.status, granted.submitted_at = "card_issued", now - datetime.timedelta(days=20)
    granted.documents_checked_at = now - datetime.timedelta(days=18)
    granted.medical_reviewed_at = now - datetime.timedelta(days=10)
    granted.assessed_at = now - datetime.timedelta(days=6)
    granted.decided_at = now - datetime.timedelta(hours=2)
    granted.save()
    refused.status, refused.decided_at = "refused", now - datetime.timedelta(hours=1)
    refused.submitted_at = now - datetime.timedelta(days=100)
    refused.save()
    withdrawn.status = "withdrawn"
    withdrawn.save()
    request_at("submitted", applicant=applicant, province=OUJDA_PROVINCE, days_ago=0)
    request_at("submitted", applicant=applicant, province=OUJDA_PROVINCE, days_ago=0)
    province = Province.objects.get(code=AGADIR_PROVINCE)
    holder = {"first_name": "A", "last_name": "B", "birth_date": datetime.date(1990, 1, 1), "cin": "JB1"}
    services_office.card_create(acting_user=staff.officer, province=province, holder=holder, request=granted)
    services_office.card_create(
        acting_user=staff.officer,
        province=province,
        holder={**holder, "cin": "JB2"},
        valid_from=today - datetime.timedelta(days=365 * 7 - 30),
    )  # due in a month
    return staff


def test_the_figures_of_agadir_for_its_officer(history, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(history.officer)
    figures = _figures(client, "province", AGADIR_PROVINCE)
    by_type = _table(figures["khadamati.by_type"])
    assert by_type["total"] == {"total": 7, "in_progress": 4, "granted": 1, "refused": 1, "withdrawn": 1}
    age_sex = _table(figures["khadamati.age_sex"])
    assert age_sex["6_17"] == {"F": 3, "M": 0, "total": 3}
    assert age_sex["18_39"] == {"F": 2, "M": 2, "total": 4}
    assert _table(figures["khadamati.provinces"])["total"] == {"requests": 7}
    # the service levels add up to 7 + 30 + 21 + 30 = 88 days: 20 days is within, 100 beyond
    level = _table(figures["khadamati.service_level"])
    assert (level["decided"]["count"], level["within"]["count"], level["beyond"]["count"]) == (2, 1, 1)
    assert level["within"]["share"] == 0.5
    steps = _table(figures["khadamati.step_days"])
    assert steps["documents"]["count"] == 1 and steps["documents"]["median"] == pytest.approx(2.0)
    assert steps["medical"]["median"] == pytest.approx(8.0) and steps["social"]["median"] == pytest.approx(4.0)
    cards = _table(figures["khadamati.cards"])
    assert cards["issued"]["count"] == 2 and cards["due"]["count"] == 1


def test_the_analyst_gets_the_small_counts_hidden(history, personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client()
    client.force_login(personas.analyst)
    region = Province.objects.get(code=AGADIR_PROVINCE).region_id
    figures = _figures(client, "region", region)
    by_type = _table(figures["khadamati.by_type"])
    assert by_type["total"]["granted"] is HIDDEN and by_type["total"]["refused"] is HIDDEN
    assert _table(figures["khadamati.age_sex"])["6_17"]["F"] is HIDDEN
    # the analyst opens no province's dashboard (a region's counts are what it publishes)
    client.cookies["jisr_language"] = "en"
    assert client.get(f"/dashboards/province/{AGADIR_PROVINCE}/").status_code == 404


def test_no_khadamati_section_for_a_center_worker(history, client_for, personas) -> None:  # type: ignore[no-untyped-def]
    figures = _figures(client_for("worker_a"), "center", str(personas.center_a.pk))
    assert not any(key.startswith("khadamati.") for key in figures)
