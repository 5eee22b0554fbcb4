"""The regional report (PDF): the territory's indicators with baseline, target, actual and light, its open
alerts, its centers; Arabic shaped (the region's name in Arabic reads as text) and French; only for those
who see the territory — a coordinator their region, anyone else a 404."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from jisr.strategy import services
from jisr.strategy.models import Indicator
from jisr.territories.models import Region
from jisr.watch import services as watch_services
from tests.watch.helpers import TODAY, rule, violence_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(personas, framework):  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.get(code="violence_prevalence")  # down is good
    enter = {"acting_user": personas.national, "indicator": indicator}
    services.figure_enter(**enter, kind="baseline", level="region", code="04", year=2022, value=57.1)
    services.figure_enter(**enter, kind="target", level="region", code="04", year=2025, value=50.0)
    services.figure_enter(**enter, kind="actual", level="region", code="04", year=2024, value=63.4)
    services.figure_enter(**enter, kind="actual", level="region", code="04", year=2025, value=61.2)
    services.figure_enter(**enter, kind="target", level="region", code="09", year=2025, value=50.0)
    services.figure_enter(**enter, kind="actual", level="region", code="09", year=2025, value=48.7)
    return indicator


@pytest.fixture
def alerts(personas):  # type: ignore[no-untyped-def]
    """A surge at Rabat (region 04) and one at Agadir (region 09)."""
    violence_cases(personas, count=6, month=datetime.date(2026, 3, 1), center=personas.center_rabat)
    violence_cases(personas, count=6, month=datetime.date(2026, 3, 1), center=personas.center_a)
    rule(personas)
    watch_services.evaluate_rules(today=TODAY)


def pdf_text(client, place: str, language: str = "ar", year: int = 2025) -> str:  # type: ignore[no-untyped-def]
    client.cookies["jisr_language"] = language
    answer = client.get(f"/strategy/report.pdf?place={place}&year={year}")
    assert answer.status_code == 200, answer.status_code
    assert answer["Content-Type"] == "application/pdf" and answer["Content-Disposition"].startswith("attachment")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)


def test_the_arabic_report_of_a_region_has_its_name_figures_lights_and_alerts(client_for, figures, alerts):  # type: ignore[no-untyped-def]
    region = Region.objects.get(code="04")
    text = pdf_text(client_for("region_rsk"), "region:04")
    assert region.name_ar in text
    for figure in ("57.1", "2022", "50", "61.2"):
        assert figure in text.replace(",", "."), figure
    with translation.override("ar"):
        assert translation.gettext("Off track") in text  # 61.2 against 50, down is good
        assert translation.gettext("Open social-watch alerts") in text
        assert translation.gettext("Surge of violence cases against women") in text  # Rabat's alert
    assert "أكادير" not in text  # Agadir's alert is another region's


def test_the_french_report_reads_in_french(client_for, figures, alerts):  # type: ignore[no-untyped-def]
    text = pdf_text(client_for("region_rsk"), "region:04", language="fr")
    assert Region.objects.get(code="04").name_fr in text
    with translation.override("fr"):
        assert translation.gettext("Off track") in text
    assert "61,2" in text or "61.2" in text
    with translation.override("fr"):
        assert translation.gettext("Centers") in text


def test_the_national_officer_has_every_region_and_the_nation(client_for, figures, alerts):  # type: ignore[no-untyped-def]
    client = client_for("national")
    text = pdf_text(client, "region:09")
    assert Region.objects.get(code="09").name_ar in text and "48.7" in text.replace(",", ".")
    with translation.override("ar"):
        assert translation.gettext("On track") in text  # 48.7 against 50, down is good
    assert pdf_text(client, "nation:MA")


def test_a_coordinator_gets_404_for_another_region(client_for, figures):  # type: ignore[no-untyped-def]
    client = client_for("region_rsk")
    assert client.get("/strategy/report.pdf?place=region:09&year=2025").status_code == 404
    assert client.get("/strategy/report.pdf?place=province:09.001&year=2025").status_code == 404
    assert client.get("/strategy/report.pdf?place=region:99&year=2025").status_code == 404
    assert client.get("/strategy/report.pdf").status_code == 200  # their own region by default


@pytest.mark.parametrize("name", ["worker_a", "partner", "manager_a", "province_agadir", "citizen", "outsider"])
def test_those_without_the_strategy_get_404(client_for, figures, name):  # type: ignore[no-untyped-def]
    assert client_for(name).get("/strategy/report.pdf?place=region:09&year=2025").status_code == 404


def test_the_strategy_page_links_to_the_report(client_for, figures):  # type: ignore[no-untyped-def]
    page = client_for("region_rsk").get("/strategy/?place=region:04&year=2025").content.decode()
    assert "/strategy/report.pdf?place=region:04&amp;year=2025" in page
