"""Who sees the social map, where it opens, and what the analyst reads (personas; outsiders get 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jisr.socialmap.models import IndicatorValue, Refresh
from jisr.socialmap.services import refresh_run
from tests.personas import AGADIR_PROVINCE, RSK_REGION

pytestmark = pytest.mark.django_db
MAP = reverse("socialmap:map")
WHERE_NEXT = reverse("socialmap:where_next")
INDICATORS = "/api/v1/socialmap/indicators"
VALUES = "/api/v1/socialmap/values"


@pytest.mark.parametrize("persona", ["worker_a", "manager_a", "partner", "citizen", "outsider"])
@pytest.mark.parametrize("url", [MAP, WHERE_NEXT, INDICATORS, f"{VALUES}?indicator=population&level=region"])
def test_those_without_the_map_get_404(client_for, census, persona, url) -> None:  # type: ignore[no-untyped-def]
    assert client_for(persona).get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for(None).get(MAP).status_code == 302


def test_each_coordinator_opens_on_their_territory_and_cannot_leave_it(client_for, census) -> None:  # type: ignore[no-untyped-def]
    province = client_for("province_agadir").get(MAP)
    assert province.status_code == 200
    assert province.context["view"].place.code == AGADIR_PROVINCE
    assert {line.row.place.level for line in province.context["view"].lines} == {"commune"}
    region = client_for("region_rsk").get(MAP)
    assert region.context["view"].place.code == RSK_REGION
    assert len(region.context["view"].lines) == 7  # the provinces and prefectures of Rabat-Salé-Kénitra
    # another region, another province, a commune elsewhere: 404, as if missing
    assert client_for("region_rsk").get(MAP, {"level": "region", "code": "09"}).status_code == 404
    assert client_for("province_agadir").get(MAP, {"level": "province", "code": "04.441"}).status_code == 404
    assert client_for("province_agadir").get(MAP, {"level": "region", "code": "no-such"}).status_code == 404
    # their region and the nation are readable, for comparison
    assert client_for("province_agadir").get(MAP, {"level": "nation", "code": "MA"}).status_code == 200
    national = client_for("national").get(MAP)
    assert national.context["view"].place.level == "nation"
    assert len(national.context["view"].lines) == 12


def test_values_api_limits_to_the_readers_territory(client_for, census) -> None:  # type: ignore[no-untyped-def]
    communes = client_for("national").get(VALUES, {"indicator": "population", "level": "commune"}).json()
    assert len(communes) == 1503
    assert sum(row["value"] for row in communes) == 36_490_591  # RGPH 2024 municipal population
    rsk = client_for("region_rsk").get(VALUES, {"indicator": "population", "level": "province"}).json()
    assert {row["code"][:2] for row in rsk} == {RSK_REGION}
    assert client_for("region_rsk").get(VALUES, {"indicator": "population", "level": "province",
                                                 "parent": "09"}).status_code == 404  # fmt: skip
    assert client_for("national").get(VALUES, {"indicator": "population", "level": "nowhere"}).status_code == 422
    assert client_for("national").get(VALUES, {"indicator": "no-such"}).status_code == 404
    catalogue = client_for("analyst").get(INDICATORS).json()
    assert {"disability_prevalence", "estimated_disability"} <= {item["key"] for item in catalogue}
    assert next(i for i in catalogue if i["key"] == "estimated_disability")["is_estimate"] is True


def test_the_analyst_reads_small_counts_hidden_and_the_coordinator_as_they_are(client_for, personas, census) -> None:  # type: ignore[no-untyped-def]
    from tests.cases.test_homes import open_case

    open_case(personas, "رقية")  # one person served in Agadir: a small count
    refresh_run(Refresh.objects.create(reason="test").pk)
    stored = IndicatorValue.objects.get(indicator_id="use.persons_served", level="province", code=AGADIR_PROVINCE)
    assert stored.value == 1 and stored.hidden
    query = {"indicator": "use.persons_served", "level": "province", "parent": "09"}
    analyst = {row["code"]: row for row in client_for("analyst").get(VALUES, query).json()}
    assert analyst[AGADIR_PROVINCE] == {**analyst[AGADIR_PROVINCE], "value": None, "hidden": True}
    national = {row["code"]: row for row in client_for("national").get(VALUES, query).json()}
    assert national[AGADIR_PROVINCE]["value"] == 1
    page = client_for("analyst").get(MAP, {"indicator": "use.persons_served", "level": "region", "code": "09"})
    assert "hidden" in page.content.decode()
    csv = client_for("analyst").get(MAP, {"indicator": "use.persons_served", "level": "region", "code": "09",
                                          "format": "csv"}).content.decode()  # fmt: skip
    assert f"{AGADIR_PROVINCE}," in csv and ",1," not in csv


def test_where_next_lists_provinces_without_a_jisr_center(client_for, census) -> None:  # type: ignore[no-untyped-def]
    refresh_run(Refresh.objects.create(reason="test").pk)
    page = client_for("region_rsk").get(WHERE_NEXT)
    assert page.status_code == 200
    rankings = {ranking.key: ranking for ranking in page.context["rankings"]}
    no_jisr = [row["place"].code for row in rankings["no-jisr"].rows]
    # the 7 provinces and prefectures of Rabat-Salé-Kénitra but Rabat (04.421), where the test Jisr center is
    assert len(no_jisr) == 6 and "04.421" not in no_jisr
    populations = [row["population"] for row in rankings["no-jisr"].rows]
    assert populations == sorted(populations, reverse=True)
    assert client_for("worker_a").get(WHERE_NEXT).status_code == 404


def test_centers_are_drawn_as_markers_of_their_status_when_asked(client_for, personas, census) -> None:  # type: ignore[no-untyped-def]
    from jisr.centers.models import Center

    works = Center.Rehabilitation.WORKS
    Center.objects.filter(pk=personas.center_a.pk).update(latitude=30.42, longitude=-9.6, rehabilitation_status=works)
    plain = client_for("province_agadir").get(MAP)
    assert plain.context["view"].map_data()["points"] == []
    shown = client_for("province_agadir").get(MAP, {"markers": "1"}).context["view"].map_data()
    assert [(p[0], p[1], p[4], p[6]) for p in shown["points"]] == [
        (30.42, -9.6, "rehabilitation", reverse("centers:detail", args=[personas.center_a.pk]))
    ]
    assert shown["cluster"] is False
    national = client_for("national").get(MAP, {"markers": "1"}).context["view"].map_data()
    assert national["cluster"] is True and len(national["points"]) == 1


def test_the_side_panel_charts_the_years_where_a_second_year_exists(client_for, census) -> None:  # type: ignore[no-untyped-def]
    answer = client_for("region_rsk").get(MAP, {"indicator": "disability_prevalence"})
    rows = IndicatorValue.objects.filter(indicator_id="disability_prevalence", sex="all", code__in=["MA", RSK_REGION])
    cells = {(code, year): value for code, year, value in rows.values_list("code", "year", "value")}
    assert {year for _code, year in cells} == {2014, 2024}
    chart = answer.context["view"].years_chart
    assert [item.row.place.code for item in chart] == ["MA", RSK_REGION]  # as in the table above it
    top = max(cells.values())
    for item in chart:
        assert [bar.year for bar in item.bars] == [2014, 2024]  # oldest first (the page's direction mirrors it)
        for bar in item.bars:
            assert bar.share == pytest.approx(cells[(item.row.place.code, bar.year)] / top * 100, abs=0.05)
    html = answer.content.decode()
    assert html.count('class="socialmap-bar"') == 4 and "socialmap-years" in html
    # An indicator of one year only (the registry's, computed this year) has the table and no chart.
    refresh_run(Refresh.objects.create(reason="test").pk)
    single = client_for("region_rsk").get(MAP, {"indicator": "centers.operational"})
    assert single.context["view"].years_chart == [] and "socialmap-years" not in single.content.decode()


def test_the_values_answer_is_cached_until_a_refresh_and_revalidated_by_etag(client_for, census) -> None:  # type: ignore[no-untyped-def]
    refresh_run(Refresh.objects.create(reason="test").pk)
    national = client_for("national")
    query = {"indicator": "centers.operational", "level": "commune"}
    first = national.get(VALUES, query)
    assert first.status_code == 200 and len(first.json()) == 1503
    assert "private" in first["Cache-Control"] and first["ETag"]
    assert national.get(VALUES, query, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # another reader class (small counts hidden from the analyst, where a layer hides them) or another territory
    # centers are public: the analyst reads the same answer; registered households are protected: not the same
    assert client_for("analyst").get(VALUES, query)["ETag"] == first["ETag"]
    protected = {"indicator": "registry.households", "level": "commune"}
    assert client_for("analyst").get(VALUES, protected)["ETag"] != national.get(VALUES, protected)["ETag"]
    assert national.get(VALUES, {**query, "parent": RSK_REGION})["ETag"] != first["ETag"]
    # the figures change and are recomputed: the ETag changes and the new figures are served
    from jisr.centers.models import Center

    Center.objects.filter(status=Center.Status.ACTIVE).update(status=Center.Status.INACTIVE)
    assert national.get(VALUES, query, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # not recomputed yet
    refresh_run(Refresh.objects.create(reason="test").pk)
    after = national.get(VALUES, query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert sum(row["value"] for row in after.json()) == 0
    assert sum(row["value"] for row in first.json()) > 0


def test_where_next_ranks_disability_places_and_inactive_women_by_their_formulas(client_for, census) -> None:  # type: ignore[no-untyped-def]
    refresh_run(Refresh.objects.create(reason="test").pk)
    page = client_for("region_rsk").get(WHERE_NEXT)
    rankings = {ranking.key: ranking for ranking in page.context["rankings"]}
    html = page.content.decode()
    for ranking in rankings.values():
        assert str(ranking.formula) in html  # the formula beside each ranking
    # Persons with a disability per place: territories with no place first, by their estimated persons, then the
    # highest ratio; the ratio is estimated ÷ places.
    rows = rankings["disability"].rows
    without = [row for row in rows if not row["places"]]
    with_places = [row for row in rows if row["places"]]
    assert rows == without + with_places and len(rows) == 7
    assert [row["estimated"] for row in without] == sorted((row["estimated"] for row in without), reverse=True)
    assert [row["ratio"] for row in with_places] == sorted((row["ratio"] for row in with_places), reverse=True)
    for row in with_places:
        assert row["ratio"] == round(row["estimated"] / row["places"], 1)
    # Inactive women where there is no women's center: by the number of inactive women, the rate = 100 − activity.
    women = rankings["women"].rows
    assert women and [row["score"] for row in women] == sorted((row["score"] for row in women), reverse=True)
    for row in women:
        activity = IndicatorValue.objects.get(indicator_id="activity_rate", level="province", code=row["place"].code,
                                              sex="female", year=2024).value  # fmt: skip
        assert row["inactivity"] == round(100 - activity, 1)


def test_the_table_downloads_as_xlsx_and_the_api_is_in_the_openapi(client_for, census) -> None:  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    answer = client_for("region_rsk").get(MAP, {"indicator": "population", "format": "xlsx"})
    assert answer.status_code == 200 and "spreadsheetml" in answer["Content-Type"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 7  # the header, then the provinces and prefectures of Rabat-Salé-Kénitra
    schema = client_for("national").get("/api/v1/openapi.json").json()
    values = schema["paths"]["/api/v1/socialmap/values"]["get"]
    assert {p["name"] for p in values["parameters"]} >= {"indicator", "level", "parent", "year", "sex"}
    assert "/api/v1/socialmap/indicators" in schema["paths"]
