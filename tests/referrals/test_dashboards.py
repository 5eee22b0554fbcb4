"""Referral response times by partner organization on the dashboards, against the known referrals of
tests/cases/dashboard_data.py (counted by hand), with suppression for the national analyst."""

from __future__ import annotations

import pytest

from jisr.core.dashboards import HIDDEN
from tests.cases.dashboard_data import build_all
from tests.cases.test_dashboards import PERIOD_QUERY, english, figures, table, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_response_times_by_partner_organization(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    build_all(personas)
    figure = figures(english(client_for("worker_a")).get(url("center", personas.center_a.pk), PERIOD_QUERY))[
        "referrals.response_times"]  # fmt: skip
    rows = table(figure)
    health, entraide = rows[str(personas.health_partner.pk)], rows[str(personas.entraide.pk)]
    # r1 answered in 2 days (in time), r2 in 20 (late), r3 still waiting after its delay, r4 withdrawn
    assert {k: health[k] for k in ("sent", "answered", "in_delay", "expected")} == {
        "sent": 4, "answered": 2, "in_delay": 1, "expected": 3}  # fmt: skip
    assert health["median"] == pytest.approx(11.0) and health["p90"] == pytest.approx(2 + 0.9 * 18)
    assert health["share"] == pytest.approx(1 / 3)
    # r5 to center B, run by Entraide nationale: answered in 4 days and 12 hours
    assert (entraide["sent"], entraide["answered"], entraide["median"], entraide["p90"]) == (1, 1, 4.5, 4.5)
    # all organizations: answers in 2, 4.5 and 20 days; r6 (from center B) is not counted
    assert (rows["total"]["sent"], rows["total"]["answered"], rows["total"]["expected"]) == (5, 3, 4)
    assert rows["total"]["median"] == pytest.approx(4.5)
    assert rows["total"]["p90"] == pytest.approx(4.5 + 0.8 * (20 - 4.5))
    assert [row.key for row in figure.rows] == [str(personas.health_partner.pk), str(personas.entraide.pk)]
    assert figure.rows[1].label == personas.entraide.name_en


def test_the_analyst_sees_no_median_of_fewer_than_five_answers(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    build_all(personas)
    rows = table(figures(english(client_for("analyst")).get(url("region", "09"), PERIOD_QUERY))[
        "referrals.response_times"])  # fmt: skip
    health = rows[str(personas.health_partner.pk)]
    assert health["sent"] is HIDDEN and health["median"] is HIDDEN and health["p90"] is HIDDEN
    assert health["share"] is HIDDEN
    assert rows["total"]["sent"] == 5 and rows["total"]["median"] is HIDDEN  # 3 answers


def test_partners_have_no_dashboard(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("partner")
    for page in (url("center", personas.center_a.pk), url("province", "09.001"), "/dashboards/"):
        assert client.get(page).status_code == 404, page
