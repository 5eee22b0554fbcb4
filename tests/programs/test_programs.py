"""Programs: rules compiled to queries (an invalid rule is an error, never "everyone"), idempotent
bulk enrolment, re-check, manual inclusion with approval, exits, and coverage recomputed independently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import translation
from django.utils.html import escape

from jisr.programs import services
from jisr.programs.charts import MAX_BARS, coverage_chart
from jisr.programs.coverage import CoverageRow, coverage
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import compile_rule, describe_location, eligible
from jisr.registry.models import RegistryHousehold
from jisr.registry.pmt import model_import, score_all
from jisr.registry.synthetic import generate, write

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"
AMO = {"all": [{"field": "pmt_index", "op": "<=", "value": 9.3264284}]}


@pytest.fixture
def registry(db, tmp_path):  # type: ignore[no-untyped-def]
    from jisr.registry.importing.households import import_households

    call_command("load_territories", verbosity=0)
    write(generate(households=600, seed=11, duplicates=0, errors=0), tmp_path / "r.csv")
    import_households(tmp_path / "r.csv", update=False)
    score_all(model_import(acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text())))


@pytest.fixture
def amo(registry, personas):  # type: ignore[no-untyped-def]
    return services.program_save(acting_user=personas.national, code="amo", name_ar="أمو تضامن", name_fr="AMO Tadamon",
                                 name_en="AMO Tadamon", rule=AMO)  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "where"),
    [
        ({}, "rule"),
        ({"all": []}, "rule"),
        ({"all": [{"field": "salary", "op": "<", "value": 3}]}, "rule.all.0"),
        ({"all": [{"field": "pmt_index", "op": "in", "value": [1]}]}, "rule.all.0"),
        ({"any": [{"field": "size", "op": ">=", "value": "five"}]}, "rule.any.0"),
        (
            {"all": [{"field": "area", "op": "=", "value": "rural"}, {"not_in_program": "nope"}]},
            "rule.all.1.not_in_program",
        ),
        ({"all": [{"field": "head_sex", "op": "=", "value": "F", "extra": 1}]}, "rule.all.0"),
    ],
)
def test_a_rule_that_cannot_be_evaluated_is_an_error(registry, rule, where) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        compile_rule(rule)
    assert where in refused.value.message_dict


def test_rules_select_what_they_say(registry) -> None:  # type: ignore[no-untyped-def]
    rule = {"all": [{"field": "pmt_index", "op": "<=", "value": 9.743001},
                    {"any": [{"field": "members_with_disability", "op": ">=", "value": 1},
                             {"field": "head_sex", "op": "=", "value": "F"}]},
                    {"field": "area", "op": "in", "value": ["rural"]}]}  # fmt: skip
    expected = {
        h.household_id for h in RegistryHousehold.objects.all()
        if h.pmt_index <= 9.743001 and (h.members_with_disability >= 1 or h.head_sex == "F") and h.area == "rural"
    }  # fmt: skip
    assert set(eligible(rule).values_list("household_id", flat=True)) == expected and expected


def test_enrolment_is_idempotent_and_rechecked(personas, amo) -> None:  # type: ignore[no-untyped-def]
    expected = eligible(AMO).count()
    assert services.enroll_eligible(acting_user=personas.national, program=amo) == expected > 0
    assert services.enroll_eligible(acting_user=personas.national, program=amo) == 0
    with pytest.raises(Http404):
        services.enroll_eligible(acting_user=personas.worker_a, program=amo)
    richer = ProgramEnrollment.objects.filter(program=amo).first()
    RegistryHousehold.objects.filter(household_id=richer.household_id).update(pmt_index=12.0)
    assert services.recheck(acting_user=personas.national, program=amo) == {"paused": 1, "resumed": 0}
    RegistryHousehold.objects.filter(household_id=richer.household_id).update(pmt_index=8.0)
    assert services.recheck(acting_user=personas.national, program=amo) == {"paused": 0, "resumed": 1}


def test_manual_inclusion_needs_a_justification_and_another_approver(personas, amo) -> None:  # type: ignore[no-untyped-def]
    outside = RegistryHousehold.objects.exclude(pk__in=eligible(AMO).values("pk")).first()
    with pytest.raises(ValidationError):
        services.include_manually(
            acting_user=personas.national, program=amo, household_id=outside.pk, justification=" "
        )
    request = services.include_manually(acting_user=personas.national, program=amo, household_id=outside.pk,
                                        justification="Enquête sociale : revenus effondrés")  # fmt: skip
    assert request.status == "pending"
    with pytest.raises(ValidationError):
        services.approve_inclusion(acting_user=personas.national, enrollment=request)
    assert services.recheck(acting_user=personas.national, program=amo)["paused"] == 0  # manual ones stay
    services.exit_household(acting_user=personas.national, enrollment=request, reason="Déménagement")
    request.refresh_from_db()
    assert request.status == "exited"


def test_coverage_matches_an_independent_count(personas, amo) -> None:  # type: ignore[no-untyped-def]
    services.enroll_eligible(acting_user=personas.national, program=amo)
    gone = list(ProgramEnrollment.objects.filter(program=amo)[:7])
    for enrollment in gone:
        services.exit_household(acting_user=personas.national, enrollment=enrollment, reason="test")
    rows = {row.code: row for row in coverage(amo, "region")}
    households = list(RegistryHousehold.objects.all())
    active = set(ProgramEnrollment.objects.filter(program=amo, status="active").values_list("household_id", flat=True))
    for code, row in rows.items():
        mine = [h for h in households if h.region_code == code]
        entitled = [h for h in mine if h.pmt_index <= 9.3264284]
        assert row.figures["registered_households"] == len(mine)
        assert row.figures["registered_persons"] == sum(h.size for h in mine)
        assert row.figures["eligible_households"] == len(entitled)
        assert row.figures["enrolled_households"] == len([h for h in mine if h.household_id in active])
        assert row.gap == len(entitled) - row.figures["enrolled_households"]
    nation = coverage(amo, "nation")[0]
    assert nation.figures["registered_households"] == 600 and nation.figures["census_households"] > 7_000_000
    provinces = coverage(amo, "province", parent="09", suppress_small=True)
    assert provinces and all(v is None or v == 0 or v >= 5 for r in provinces for k, v in r.figures.items()
                             if not k.startswith("census"))  # fmt: skip


def test_a_program_with_a_broken_rule_is_not_saved(personas, registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.program_save(acting_user=personas.national, code="x", name_ar="x", name_fr="x", name_en="x",
                              rule={"any": []})  # fmt: skip
    assert not Program.objects.exists()


def test_pages_and_api_with_the_personas(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    assert client.get("/programs/").status_code == 200
    assert client.get(f"/programs/{amo.code}/").status_code == 200
    preview = client.post(f"/programs/{amo.code}/preview/", {"rule": json.dumps(AMO)}).content.decode()
    assert str(eligible(AMO).count()) in preview
    wrong = client.post(f"/programs/{amo.code}/preview/", {"rule": '{"all": [{"field": "salary"}]}'}).content.decode()
    assert escape(describe_location("rule.all.0")) in wrong  # where, in words (issue 11, item 10)
    client.post(f"/programs/{amo.code}/", {"rule": '{"any": []}'})
    amo.refresh_from_db()
    assert amo.rule == AMO  # an invalid rule is never saved
    client.post(f"/programs/{amo.code}/enroll/")
    assert ProgramEnrollment.objects.filter(program=amo, status="active").count() == eligible(AMO).count()
    page = client.get("/programs/coverage/", {"program": amo.code, "level": "region"})
    assert page.status_code == 200
    exported = client.get("/programs/coverage/", {"program": amo.code, "level": "province", "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv") and exported.content.decode("utf-8-sig").count("\n") == 76
    workbook = client.get("/programs/coverage/", {"program": amo.code, "level": "region", "format": "xlsx"})
    assert workbook.content[:2] == b"PK"  # a zipped XLSX
    api = client.get("/api/v1/coverage", {"program": amo.code, "level": "region"}).json()
    assert sum(row["figures"]["enrolled_households"] for row in api) == eligible(AMO).count()
    assert (
        client.post("/api/v1/programs/preview", {"rule": {"any": []}}, content_type="application/json").status_code
        == 422
    )
    client.force_login(personas.analyst)  # aggregates only, small counts hidden
    rows = client.get("/api/v1/coverage", {"program": amo.code, "level": "commune"}).json()
    assert all(
        v is None or v == 0 or v >= 5 for row in rows for k, v in row["figures"].items() if not k.startswith("census")
    )
    for name in ("worker_a", "partner", "citizen", "outsider"):
        client.force_login(getattr(personas, name))
        assert client.get("/programs/coverage/").status_code == 404, name
        assert client.get("/api/v1/coverage", {"program": amo.code}).status_code == 404, name
        assert client.post(f"/programs/{amo.code}/enroll/").status_code == 404, name


def _chart_data(page) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
    """The chart data the coverage page hands to the browser with json_script (None: no chart)."""
    found = re.search(r'<script id="coverage-chart-data" type="application/json">(.*?)</script>',
                      page.content.decode(), re.S)  # fmt: skip
    return json.loads(found.group(1)) if found else None


def test_coverage_chart_data_follows_the_table(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    services.enroll_eligible(acting_user=personas.national, program=amo)
    for gone in ProgramEnrollment.objects.filter(program=amo)[:9]:
        services.exit_household(acting_user=personas.national, enrollment=gone, reason="test")
    client.force_login(personas.national)
    page = client.get("/programs/coverage/", {"program": amo.code, "level": "region", "sort": "gap"},
                      HTTP_ACCEPT_LANGUAGE="fr")  # fmt: skip
    chart, html = _chart_data(page), page.content.decode()
    rows = sorted(coverage(amo, "region"), key=lambda row: -(row.gap or 0))
    assert chart is not None
    assert chart["labels"] == [row.name for row in rows]  # the table's order
    assert chart["eligible"] == [row.figures["eligible_households"] for row in rows]
    assert chart["enrolled"] == [row.figures["enrolled_households"] for row in rows]
    assert chart["gap"] == [row.gap for row in rows] and chart["gap"][0] > 0
    assert chart["coverage"] == [row.coverage_rate for row in rows]
    with translation.override("fr"):
        assert chart["text"]["gap"] == translation.gettext("Gap")
    # The canvases are images with a summary, described by the table that holds the same figures.
    assert html.count('role="img"') == 2 and html.count('aria-describedby="coverage-table-caption"') == 2
    assert 'id="coverage-table-caption"' in html and escape(chart["summary"]["households"]) in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "programs/coverage_chart.js" in html
    assert "cdn" not in html.lower()
    client.force_login(personas.region_rsk)  # a regional coordinator sees the real figures too
    assert _chart_data(client.get("/programs/coverage/", {"program": amo.code, "level": "region"}))


def test_the_analyst_chart_hides_small_counts(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    """Small counts are null in the chart, and so are their complements: the national total minus the
    regions shown is never one region's count, nor a small count."""
    services.enroll_eligible(acting_user=personas.national, program=amo)
    query = {"program": amo.code, "level": "region", "sort": "name"}
    real = sorted(coverage(amo, "region"), key=lambda row: row.name)
    [nation] = coverage(amo, "nation")
    client.force_login(personas.analyst)
    chart = _chart_data(client.get("/programs/coverage/", query))
    assert chart is not None and chart["labels"] == [row.name for row in real]
    hidden = complements = 0
    for series, key in (("eligible", "eligible_households"), ("enrolled", "enrolled_households")):
        for index, row in enumerate(real):
            if 0 < (row.figures[key] or 0) < 5:
                hidden += 1
                assert chart[series][index] is None, (row.name, series)
                assert chart["gap"][index] is None and chart["coverage"][index] is None
            elif chart[series][index] is None:
                complements += 1
            else:
                assert chart[series][index] == row.figures[key]
        shown = [value for value in chart[series] if value is not None]
        if len(shown) < len(real):
            assert len(real) - len(shown) >= 2 and nation.figures[key] - sum(shown) >= 5, series
    assert hidden and complements, "the fixture should have small counts to hide, and complements"
    assert all(value is None or value == 0 or value >= 5 for value in chart["eligible"] + chart["enrolled"])
    client.force_login(personas.national)  # who sees personal data gets the real small figures
    assert _chart_data(client.get("/programs/coverage/", query))["eligible"] == [  # type: ignore[index]
        row.figures["eligible_households"] for row in real
    ]
    for name in ("manager_a", "worker_a", "partner", "citizen", "outsider"):
        client.force_login(getattr(personas, name))
        refused = client.get("/programs/coverage/", query)
        assert refused.status_code == 404 and _chart_data(refused) is None, name


def test_no_chart_without_data(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    nowhere = client.get("/programs/coverage/", {"program": amo.code, "level": "province", "parent": "99"})
    assert nowhere.status_code == 200 and _chart_data(nowhere) is None
    assert "<canvas" not in nowhere.content.decode() and "chart.umd" not in nowhere.content.decode()
    services.program_save(acting_user=personas.national, code="nobody", name_ar="x", name_fr="x", name_en="x",
                          rule={"all": [{"field": "size", "op": ">", "value": 1000}]})  # fmt: skip
    assert _chart_data(client.get("/programs/coverage/", {"program": "nobody", "level": "region"})) is None
    assert coverage_chart([]) is None


def test_the_chart_draws_at_most_max_bars() -> None:
    rows = [CoverageRow(code=f"{n:03}", name=f"C{n}", figures={"eligible_households": 10, "enrolled_households": 4})
            for n in range(MAX_BARS + 5)]  # fmt: skip
    chart = coverage_chart(rows)
    assert chart is not None and len(chart["labels"]) == len(chart["gap"]) == MAX_BARS
    assert str(MAX_BARS + 5) in chart["note"] and chart["has_rates"]
    hidden = [CoverageRow(code="1", name="C", figures={"eligible_households": 6, "enrolled_households": None})]
    assert coverage_chart(hidden) == coverage_chart(hidden) | {"enrolled": [None], "gap": [None], "coverage": [None],
                                                                "has_rates": False, "note": None}  # fmt: skip


def test_coverage_downloads_write_no_live_formula(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from openpyxl import load_workbook

    from jisr.territories.models import Region

    Region.objects.filter(code="09").update(name_ar='=HYPERLINK("http://x","y")', name_fr="@SUM(1)")
    client.force_login(personas.national)
    query = {"program": amo.code, "level": "region", "sort": "code"}
    text = client.get("/programs/coverage/", {**query, "format": "csv"}).content.decode("utf-8-sig")
    assert dict(row[:2] for row in csv.reader(io.StringIO(text)))["09"] == '\'=HYPERLINK("http://x","y")'
    workbook = client.get("/programs/coverage/", {**query, "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="fr")
    rows = list(load_workbook(io.BytesIO(workbook.content)).worksheets[0].iter_rows(min_row=2))
    hostile = next(row for row in rows if row[0].value == "09")
    assert (hostile[1].value, hostile[1].data_type) == ("'@SUM(1)", "s")
    assert not any(cell.data_type == "f" for row in rows for cell in row)


def test_the_preview_names_each_region_in_the_page_language(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    from jisr.territories.models import Region

    client.force_login(personas.national)
    answer = client.post("/api/v1/programs/preview", {"rule": AMO}, content_type="application/json")
    rows = answer.json()["by_territory"]
    assert rows, "the fixture's registry has eligible households"
    expected = {region.code: region.name_ar for region in Region.objects.filter(code__in=[row["code"] for row in rows])}
    assert {row["code"]: row["name"] for row in rows} == expected  # the default language is Arabic
    client.cookies["jisr_language"] = "fr"
    page = client.post(f"/programs/{amo.code}/preview/", {"rule": json.dumps(AMO)}).content.decode()
    first = Region.objects.get(code=rows[0]["code"])
    assert escape(first.name_fr) in page and escape(first.name_ar) not in page
