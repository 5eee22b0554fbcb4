"""The strategy pages and API: who sees what (national all, a regional coordinator their region and the
nation, partners and social workers nothing), the light shown, downloads."""

from __future__ import annotations

import pytest

from jisr.strategy import services
from jisr.strategy.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(personas, framework):  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.get(code="violence_prevalence")  # down is good
    enter = {"acting_user": personas.national, "indicator": indicator}
    services.figure_enter(**enter, kind="target", level="region", code="04", year=2025, value=50.0)
    services.figure_enter(**enter, kind="actual", level="region", code="04", year=2025, value=60.0)
    services.figure_enter(**enter, kind="target", level="region", code="09", year=2025, value=50.0)
    services.figure_enter(**enter, kind="actual", level="region", code="09", year=2025, value=48.0)
    return indicator


@pytest.mark.parametrize("name", ["worker_a", "worker_b", "partner", "manager_a", "citizen", "outsider"])
def test_partners_social_workers_and_outsiders_get_404_everywhere(client_for, figures, name):
    client = client_for(name)
    for url in [
        "/strategy/",
        "/strategy/indicators/violence_prevalence/",
        "/strategy/enter/",
        "/api/v1/strategy/pillars",
        "/api/v1/strategy/indicators",
        "/api/v1/strategy/values",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_national_officer_sees_every_region_and_the_light_follows_the_direction(client_for, figures):
    client = client_for("national")
    page = client.get("/strategy/?place=region:04&year=2025")
    (row,) = [row for block in page.context["blocks"] for row in block.rows if row.indicator == figures]
    assert (row.year_point.actual, row.year_point.target, row.light) == (60.0, 50.0, "off_track")
    compare = client.get("/strategy/indicators/violence_prevalence/?place=nation:MA&year=2025")
    rows = compare.context["rows"]
    assert [row.place.code for row in rows[:2]] == ["09", "04"]  # down is good: the lower first
    assert [row.point.light for row in rows[:2]] == ["on_track", "off_track"]


def test_a_regional_coordinator_sees_their_region_and_the_nation_only(client_for, figures):
    client = client_for("region_rsk")
    assert client.get("/strategy/").context["place"].code == "04"
    assert client.get("/strategy/?place=nation:MA").status_code == 200
    assert client.get("/strategy/?place=region:09").status_code == 404
    assert client.get("/strategy/?place=province:09.001").status_code == 404
    places = [p.code for p in client.get("/strategy/").context["places"]]
    assert places == ["MA", "04"]
    compare = client.get("/strategy/indicators/violence_prevalence/?place=nation:MA&year=2025")
    assert [row.place.code for row in compare.context["rows"]] == ["04"]  # not the other regions
    values = client.get("/api/v1/strategy/values?indicator=violence_prevalence").json()
    assert {row["territory"] for row in values} == {"04"}
    assert client.get("/api/v1/strategy/values?territory=09").status_code == 404
    assert client.get("/api/v1/strategy/indicators?territory=09").status_code == 404


def test_the_api_gives_pillars_indicators_with_baseline_and_targets_and_values(client_for, figures):
    client = client_for("analyst")
    pillars = client.get("/api/v1/strategy/pillars").json()
    assert [p["code"] for p in pillars] == ["ecosystem", "women", "family"]
    indicators = {i["code"]: i for i in client.get("/api/v1/strategy/indicators?territory=04").json()}
    assert indicators["violence_prevalence"]["direction"] == "down"
    assert [(t["year"], t["value"]) for t in indicators["violence_prevalence"]["targets"]] == [(2025, 50.0)]
    values = client.get("/api/v1/strategy/values?indicator=violence_prevalence&territory=04&year=2025").json()
    assert sorted((v["kind"], v["value"]) for v in values) == [("actual", 60.0), ("target", 50.0)]
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/strategy/pillars", "/api/v1/strategy/indicators", "/api/v1/strategy/values"} <= set(
        schema["paths"]
    )


def test_downloads_as_csv_and_xlsx(client_for, figures):
    client = client_for("national")
    csv = client.get("/strategy/?place=region:04&year=2025&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "violence_prevalence" in csv.content.decode("utf-8-sig") and "off_track" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/strategy/indicators/violence_prevalence/?place=nation:MA&year=2025&format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_the_entry_page_saves_one_figure_and_reports_a_file(client_for, figures, personas):
    client = client_for("region_rsk")
    response = client.post("/strategy/enter/", {"one-indicator": figures.pk, "one-kind": "actual",
                                                "one-level": "region", "one-code": "04", "one-year": 2024,
                                                "one-value": "55", "one-source": "", "one-comment": ""})  # fmt: skip
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "f.csv", b"indicator;kind;level;code;year;value\nviolence_prevalence;actual;region;09;2024;5\n"
    )
    page = client.post("/strategy/enter/", {"file-file": upload})
    assert page.context["report"].errors and page.context["report"].written == 0
