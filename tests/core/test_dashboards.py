"""The dashboards' ground floor (`jisr.core.dashboards`): the registry that apps fill, percentiles computed in
the database, the period, the filter form, a cell as the page shows it — and the stage history the stage
durations rest on (each status change keeps when the stage it leaves began)."""

from __future__ import annotations

import datetime
import importlib
import random
import statistics
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.template import Context, Template
from django.utils import translation

from jisr.cases import services
from jisr.cases.models import Case, CaseStatusChange
from jisr.core import dashboards
from jisr.core.dashboards import HIDDEN, MEDIAN, P90, Column, DashboardSection, Figure, Period, Row
from jisr.core.forms_dashboards import DashboardFilterForm
from tests.cases.dashboard_data import a_person, at, make_case
from tests.people.helpers import register

pytestmark = pytest.mark.django_db


def test_percentiles_in_the_database_match_linear_interpolation(personas) -> None:  # type: ignore[no-untyped-def]
    """Stays of random lengths in three stages (one of them a single stay): the database's median and 90th
    percentile equal Python's (statistics.quantiles, method "inclusive", is PERCENTILE_CONT's rule)."""
    rng = random.Random(12)
    person = a_person(personas)
    lengths: dict[str, list[float]] = {"reception": [], "listening": [], "diagnosis": []}
    for stage, count in (("reception", 23), ("listening", 2), ("diagnosis", 1)):
        for _index in range(count):
            hours = rng.randint(1, 2000)
            lengths[stage].append(hours / 24)
            start = at("2024-10-01 08:00") + datetime.timedelta(hours=rng.randint(0, 500))  # no clock change till May
            end = start + datetime.timedelta(hours=hours)
            history = [("reception", f"{start:%Y-%m-%d %H:%M}")]
            if stage != "reception":
                history = [("reception", f"{start - datetime.timedelta(days=1):%Y-%m-%d %H:%M}"),
                           (stage, f"{start:%Y-%m-%d %H:%M}")]  # fmt: skip
            make_case(personas, personas.center_a, person, [*history, ("closed", f"{end:%Y-%m-%d %H:%M}")])
    stays = CaseStatusChange.objects.filter(to_status="closed")
    found = dashboards.percentiles(stays, value=_duration(),
                                   group="from_status", fractions=[MEDIAN, P90])  # fmt: skip
    for stage, values in lengths.items():
        expected_p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
        assert found[stage].count == len(values)
        assert dashboards.days(found[stage].values[MEDIAN]) == pytest.approx(statistics.median(values))
        assert dashboards.days(found[stage].values[P90]) == pytest.approx(expected_p90)
    assert "orientation" not in found


def _duration():  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F("changed_at") - F("from_status_since")


def test_a_quarter_is_interpolated_like_percentile_cont(personas) -> None:  # type: ignore[no-untyped-def]
    person = a_person(personas)
    for days in (1, 2, 4, 10):  # the 25th percentile of 1, 2, 4, 10: rank 1.75 → 1 + 0.75 × (2 − 1)
        make_case(personas, personas.center_a, person, [("reception", "2025-01-01 10:00"),
                                                        ("listening", f"2025-01-{1 + days:02d} 10:00")])  # fmt: skip
    stays = CaseStatusChange.objects.filter(to_status="listening")
    found = dashboards.percentiles(stays, value=_duration(), group="from_status", fractions=[Fraction(1, 4)])
    assert dashboards.days(found["reception"].values[Fraction(1, 4)]) == pytest.approx(1.75)


def test_the_services_record_when_the_stage_they_leave_began(personas) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="ليلى", last_name_ar="بناني", sex="F")
    case = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a, reason="r",
                              channel=Case.Channel.WALK_IN, consent_obtained=True)  # fmt: skip
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"])
    opening, listening = CaseStatusChange.objects.filter(case=case).order_by("changed_at")
    assert opening.from_status_since is None
    assert listening.from_status == "reception" and listening.from_status_since == opening.changed_at
    assert opening.center == listening.center == personas.center_a
    assert (listening.province_id, listening.region_code) == ("09.001", "09")


def test_the_migration_fills_the_history_already_written(personas) -> None:  # type: ignore[no-untyped-def]
    case = make_case(personas, personas.center_a, a_person(personas), [("reception", "2025-01-01 10:00"),
                     ("listening", "2025-01-03 10:00"), ("diagnosis", "2025-01-09 10:00")])  # fmt: skip
    CaseStatusChange.objects.filter(case=case).update(from_status_since=None, center=None, province=None,
                                                      region_code="")  # fmt: skip
    migration = importlib.import_module("jisr.cases.migrations.0013_fill_stage_history")
    with connection.cursor() as cursor:  # what the migration's schema editor offers it: the connection and execute
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.fill_history(apps, editor)
    filled = list(CaseStatusChange.objects.filter(case=case).order_by("changed_at").values_list(
        "from_status_since", "center", "province", "region_code"))  # fmt: skip
    where = (personas.center_a.pk, "09.001", "09")
    assert filled == [(None, *where), (at("2025-01-01 10:00"), *where), (at("2025-01-03 10:00"), *where)]


def test_the_period_in_whole_months() -> None:
    period = Period(datetime.date(2024, 11, 1), datetime.date(2025, 2, 1), datetime.date(2025, 2, 10))
    assert [f"{month:%Y-%m}" for month in period.months] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert period.end == datetime.date(2025, 2, 28)
    assert period.end_at - period.start_at == datetime.timedelta(days=120)
    last = Period.last_months(datetime.date(2025, 2, 10))
    assert (last.first, last.last) == (datetime.date(2024, 3, 1), datetime.date(2025, 2, 1))


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [({"start": "2025-01", "end": "2025-03"}, "2025-01", "2025-03"),
     ({"end": "2025-03"}, "2024-04", "2025-03"),  # twelve months up to the last one
     ({"start": "2025-13", "end": "2025-03"}, "2024-12", "2025-11"),  # an error: the default period
     ({}, "2024-12", "2025-11")],
)  # fmt: skip
def test_the_filter_form_reads_months(query, first, last) -> None:  # type: ignore[no-untyped-def]
    form = DashboardFilterForm(query or None, territories=[], today=datetime.date(2025, 11, 20))
    period = form.period()
    assert (f"{period.first:%Y-%m}", f"{period.last:%Y-%m}") == (first, last)


def test_a_registered_section_shows_to_holders_of_its_permission_only(personas, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Core computes nothing itself: a section registered by some app appears where its permission holds."""
    monkeypatch.setattr(dashboards, "_sections", {})

    def figures(query: dashboards.DashboardQuery) -> list[Figure]:
        count = query.records(Case).count()
        return [Figure(key="visits.count", title="Visits", definition="", row_header="",
                       columns=[Column("n", "n")], rows=[Row("all", "all", {"n": count})])]  # fmt: skip

    dashboards.register_section(DashboardSection(name="visits", title="Visits", permissions=("cases.approve_plan",),
                                                 figures=figures))  # fmt: skip
    with pytest.raises(ValueError, match="no dot"):
        dashboards.register_section(DashboardSection(name="a.b", title="", permissions=(), figures=figures))
    center = dashboards.territory_for(personas.manager_a, "center", str(personas.center_a.pk))
    board = dashboards.dashboard(personas.manager_a, center, Period.last_months(datetime.date(2025, 5, 1)))
    assert [section.name for section in board.sections] == ["visits"]
    assert dashboards.has_dashboards(personas.manager_a)
    for name in ("worker_a", "national", "analyst"):  # none of them approves plans at center A
        with pytest.raises(dashboards.Http404):
            dashboards.territory_for(getattr(personas, name), "center", str(personas.center_a.pk))
        assert not dashboards.has_dashboards(getattr(personas, name))


def test_a_cell_as_the_page_shows_it() -> None:
    template = Template("{% load dashboards %}{{ values|cell:column }}")
    with translation.override("fr"):
        shown = {
            (value, unit): template.render(Context({"values": {"v": value}, "column": Column("v", "v", unit)}))
            for value, unit in [(1234, "count"), (12.25, "days"), (0.25, "share"), (None, "count"), (HIDDEN, "days")]
        }
    assert shown[(1234, "count")] == '<bdi dir="ltr">1\u202f234</bdi>'  # French groups thousands
    assert shown[(12.25, "days")] == '<bdi dir="ltr">12,3</bdi>'  # one decimal, rounded half up
    assert shown[(0.25, "share")] == '<bdi dir="ltr">25 %</bdi>'
    assert shown[(None, "count")] == "—"
    assert ">x<" in shown[(HIDDEN, "days")] and "visually-hidden" in shown[(HIDDEN, "days")]
