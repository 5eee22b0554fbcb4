"""Certified training completions on the dashboards, against the known certificates of
tests/cases/dashboard_data.py (counted by hand)."""

from __future__ import annotations

import pytest

from jisr.core.dashboards import HIDDEN
from tests.cases.dashboard_data import build_certificates
from tests.cases.test_dashboards import PERIOD_QUERY, english, figures, table, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def test_certified_modules_and_persons_per_month(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    build_certificates(personas)
    rows = table(figures(english(client_for("manager_a")).get(url("center", personas.center_a.pk), PERIOD_QUERY))[
        "training.certified"])  # fmt: skip
    # March: two modules of one person; April: one (a second certificate was revoked); May: none
    assert rows["2025-03-01"] == {"certificates": 2, "persons": 1}
    assert rows["2025-04-01"] == {"certificates": 1, "persons": 1}
    assert rows["2025-05-01"] == {"certificates": 0, "persons": 0}
    assert rows["total"] == {"certificates": 3, "persons": 2}


def test_a_region_counts_its_centers_only_and_the_analyst_sees_no_small_count(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    build_certificates(personas)
    national = english(client_for("national"))
    assert table(figures(national.get(url("region", "02"), PERIOD_QUERY))["training.certified"])["total"] == {
        "certificates": 1, "persons": 1}  # fmt: skip  # center B, in Oujda
    analyst = table(figures(english(client_for("analyst")).get(url("region", "09"), PERIOD_QUERY))[
        "training.certified"])  # fmt: skip
    assert analyst["total"] == {"certificates": HIDDEN, "persons": HIDDEN}
