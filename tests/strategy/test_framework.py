"""The results framework: the seed, figures and their history, the roll-up, the traffic light, scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jisr.core.models import AuditLog
from jisr.strategy import selectors, services
from jisr.strategy.loader import load_census_baselines, load_demo_figures, load_framework
from jisr.strategy.models import Figure, FigureRevision, Indicator, Lever, Objective, Pillar
from jisr.strategy.rollup import AT_RISK, COMPUTED, ENTERED, OFF_TRACK, ON_TRACK, ROLLED_UP, Resolved, light, resolve

pytestmark = pytest.mark.django_db


def test_the_seed_has_the_three_pillars_the_levers_and_the_measured_aims_and_loads_twice_alike(framework):
    load_framework()
    assert list(Pillar.objects.values_list("code", flat=True)) == ["ecosystem", "women", "family"]
    assert Lever.objects.count() == 7
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "women_activity_rate",
        "women_responsibility_positions",
        "violence_prevalence",
        "pwd_employment_rate",
        "pwd_children_schooling",
        "children_without_support_in_care",
        "elderly_in_care",
    } <= codes
    assert Indicator.objects.get(code="violence_prevalence").direction == "down"
    assert all(objective.indicators.exists() for objective in Objective.objects.all())
    assert Indicator.objects.get(code="women_activity_rate").levers.count() == 2


def test_baselines_from_the_census_are_hcp_2024_values_per_territory(framework, census):
    load_census_baselines()
    load_census_baselines()
    baselines = Figure.objects.filter(indicator__code="women_activity_rate", kind="baseline")
    assert {(f.level, f.code): f.value for f in baselines} == {
        ("nation", "MA"): 20.0, ("region", "01"): 10.0, ("region", "04"): 30.0,
        ("province", "04.421"): 31.0, ("province", "09.001"): 18.0,
    }  # fmt: skip
    assert {f.source for f in baselines} == {"HCP, RGPH 2024"} and {f.year for f in baselines} == {2024}


PARTS = {("nation", "MA"): [("region", "01"), ("region", "04")]}


def test_entered_wins_over_computed_which_wins_over_the_roll_up():
    stored = {("region", "01", 2024, "computed"): 5.0, ("region", "04", 2024, "entered"): 7.0,
              ("region", "04", 2024, "computed"): 99.0}  # fmt: skip
    assert resolve(("region", "04"), 2024, stored, PARTS, "sum", {}) == Resolved(7.0, ENTERED)
    assert resolve(("region", "01"), 2024, stored, PARTS, "sum", {}) == Resolved(5.0, COMPUTED)
    assert resolve(("nation", "MA"), 2024, stored, PARTS, "sum", {}) == Resolved(12.0, ROLLED_UP)
    stored[("nation", "MA", 2024, "entered")] = 11.0
    assert resolve(("nation", "MA"), 2024, stored, PARTS, "sum", {}) == Resolved(11.0, ENTERED)


def test_a_weighted_mean_weighs_each_region_by_its_population_and_needs_every_part():
    stored = {("region", "01", 2024, "entered"): 10.0, ("region", "04", 2024, "entered"): 30.0}
    weights = {("region", "01"): 1000.0, ("region", "04"): 3000.0}
    # (10 × 1000 + 30 × 3000) / 4000 = 25, not the plain mean 20
    assert resolve(("nation", "MA"), 2024, stored, PARTS, "weighted_mean", weights) == Resolved(25.0, ROLLED_UP)
    assert resolve(("nation", "MA"), 2024, stored, PARTS, "none", weights) is None
    del stored[("region", "01", 2024, "entered")]
    assert resolve(("nation", "MA"), 2024, stored, PARTS, "sum", weights) is None


@pytest.mark.parametrize(
    ("actual", "target", "direction", "expected"),
    [
        (100, 100, "up", ON_TRACK),
        (120, 100, "up", ON_TRACK),
        (96, 100, "up", ON_TRACK),
        (90, 100, "up", AT_RISK),
        (85, 100, "up", AT_RISK),
        (80, 100, "up", OFF_TRACK),
        (40, 50, "down", ON_TRACK),
        (52, 50, "down", ON_TRACK),
        (56, 50, "down", AT_RISK),
        (60, 50, "down", OFF_TRACK),
        (100, 50, "down", OFF_TRACK),
        (None, 50, "up", None),
        (3, None, "up", None),
    ],
)
def test_the_traffic_light_respects_the_direction_and_the_margins(actual, target, direction, expected):
    assert light(actual, target, direction=direction, on_track=5, at_risk=15) == expected


def test_the_margins_are_the_indicators_own(framework):
    indicator = Indicator.objects.get(code="violence_prevalence")
    assert selectors.IndicatorFigures(indicator).light(51.5, 50) == ON_TRACK  # 3 % above, default margins 5/15
    indicator.on_track_margin, indicator.at_risk_margin = 1, 4
    assert selectors.IndicatorFigures(indicator).light(51.5, 50) == AT_RISK
    indicator.at_risk_margin = 2
    assert selectors.IndicatorFigures(indicator).light(51.5, 50) == OFF_TRACK


def test_a_revision_keeps_the_earlier_value_with_who_and_when_and_is_audited(personas, framework):
    indicator = Indicator.objects.get(code="women_responsibility_positions")
    first = services.figure_enter(acting_user=personas.national, indicator=indicator, kind="actual", level="region",
                                  code="04", year=2024, value=25.0, source="DGFP", comment="first")  # fmt: skip
    services.figure_enter(acting_user=personas.region_rsk, indicator=indicator, kind="actual", level="region",
                          code="04", year=2024, value=27.5, source="DGFP", comment="corrected")  # fmt: skip
    first.refresh_from_db()
    assert (first.value, first.comment, first.recorded_by) == (27.5, "corrected", personas.region_rsk)
    (earlier,) = FigureRevision.objects.filter(figure=first)
    assert (earlier.value, earlier.comment, earlier.recorded_by) == (25.0, "first", personas.national)
    actions = list(AuditLog.objects.filter(object_type="strategy.figure").values_list("action", flat=True))
    assert sorted(actions) == ["create", "update"]
    services.figure_enter(acting_user=personas.region_rsk, indicator=indicator, kind="actual", level="region",
                          code="04", year=2024, value=27.5, source="DGFP", comment="corrected")  # fmt: skip
    assert FigureRevision.objects.count() == 1  # the same value again is no revision


def test_a_regional_coordinator_enters_in_their_region_only(personas, framework):
    indicator = Indicator.objects.get(code="women_responsibility_positions")
    enter = {"indicator": indicator, "kind": "target", "year": 2025, "value": 30.0}
    services.figure_enter(acting_user=personas.region_rsk, level="province", code="04.421", **enter)
    for level, code in [("region", "09"), ("nation", "MA"), ("province", "09.001")]:
        with pytest.raises(Http404):
            services.figure_enter(acting_user=personas.region_rsk, level=level, code=code, **enter)
    for name in ("worker_a", "partner", "analyst", "province_agadir"):
        with pytest.raises(Http404):
            services.figure_enter(acting_user=getattr(personas, name), level="region", code="04", **enter)


def test_figures_outside_the_framework_are_refused(personas, framework):
    indicator = Indicator.objects.get(code="women_activity_rate")
    with pytest.raises(ValidationError) as error:
        services.figure_enter(acting_user=personas.national, indicator=indicator, kind="target", level="region",
                              code="99", year=2030, value=120.0)  # fmt: skip
    assert {"code", "year"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        services.figure_enter(acting_user=personas.national, indicator=indicator, kind="actual", level="region",
                              code="04", year=2024, value=120.0)  # fmt: skip


def test_the_national_value_rolls_up_from_the_regions_and_says_so(personas, framework, census):
    indicator = Indicator.objects.get(code="women_activity_rate")
    for code, value in [("01", 12.0), ("04", 32.0)]:
        services.figure_enter(acting_user=personas.national, indicator=indicator, kind="actual", level="region",
                              code=code, year=2024, value=value)  # fmt: skip
    parts = {("nation", "MA"): [("region", "01"), ("region", "04")]}
    figures = selectors.IndicatorFigures(indicator, parts=parts)
    # weighted by women: (12 × 1000 + 32 × 3000) / 4000 = 27
    assert figures.actual(("nation", "MA"), 2024) == Resolved(27.0, ROLLED_UP)
    services.figure_enter(acting_user=personas.national, indicator=indicator, kind="actual", level="nation",
                          code="MA", year=2024, value=26.0)  # fmt: skip
    assert selectors.IndicatorFigures(indicator, parts=parts).actual(("nation", "MA"), 2024) == Resolved(26.0, ENTERED)


def test_the_watch_reads_the_latest_actual_and_the_period_before_it(personas, framework):
    indicator = Indicator.objects.get(code="violence_prevalence")
    for year, value in [(2022, 50.0), (2024, 47.0)]:
        services.figure_enter(acting_user=personas.national, indicator=indicator, kind="actual", level="region",
                              code="04", year=year, value=value)  # fmt: skip
    (latest,) = selectors.latest_actuals("violence_prevalence", [("region", "04"), ("region", "01")])
    assert (latest.year, latest.value, latest.previous_year, latest.previous_value) == (2024, 47.0, 2022, 50.0)
    assert (latest.origin, latest.direction) == (ENTERED, "down")
    assert selectors.latest_actuals("no_such_indicator") == []


def test_demo_figures_cover_every_region_are_illustrative_and_load_twice_alike(framework):
    load_demo_figures()
    count = Figure.objects.count()
    load_demo_figures()
    assert Figure.objects.count() == count and not FigureRevision.objects.exists()
    actuals = Figure.objects.filter(kind="actual", indicator__code="women_responsibility_positions")
    assert actuals.filter(year=2025, level="region").count() == 12
    assert not Figure.objects.filter(illustrative=False).exists()
    assert not Figure.objects.filter(kind="actual", indicator__code="elderly_in_care").exists()  # computed
    assert set(Figure.objects.filter(kind="target").values_list("year", flat=True)) == {2022, 2023, 2024, 2025, 2026}


def test_an_import_reports_every_wrong_row_and_writes_nothing_then_writes_all(personas, framework):
    from jisr.strategy.importing import figures_import

    header = "indicator;kind;level;code;year;value;source;comment\n"
    wrong = (header + "women_responsibility_positions;actual;region;04;2024;31,5;DGFP;\n"
             "no_such;actual;region;04;2024;3;;\n"
             "women_responsibility_positions;target;region;04;2031;3;;\n"
             "women_responsibility_positions;actual;region;09;2024;abc;;\n"
             "women_responsibility_positions;actual;region;09;2024;30;;\n")  # fmt: skip
    report = figures_import(acting_user=personas.region_rsk, file_name="f.csv", content=wrong.encode())
    assert [line for line, _message in report.errors] == [3, 4, 5, 6]
    assert report.written == 0 and not Figure.objects.exists()
    right = header + "women_responsibility_positions;actual;region;04;2024;31,5;DGFP;checked\n"
    report = figures_import(acting_user=personas.region_rsk, file_name="f.csv", content=right.encode())
    assert (report.errors, report.written) == ([], 1)
    assert Figure.objects.get().value == 31.5


def test_an_xlsx_import_reads_the_first_sheet(personas, framework):
    import io

    from openpyxl import Workbook

    from jisr.strategy.importing import figures_import

    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "kind", "level", "code", "year", "value"])
    sheet.append(["violence_prevalence", "target", "nation", "MA", 2026, 40])
    buffer = io.BytesIO()
    book.save(buffer)
    report = figures_import(acting_user=personas.national, file_name="f.xlsx", content=buffer.getvalue())
    assert (report.errors, report.written) == ([], 1)
    with pytest.raises(Http404):
        figures_import(acting_user=personas.worker_a, file_name="f.xlsx", content=buffer.getvalue())
