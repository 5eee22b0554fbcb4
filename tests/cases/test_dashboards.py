"""The dashboards of a center, a province and a region (issue 12, item 3): the cases' figures against counts
made by hand from a known history (tests/cases/dashboard_data.py), the scope of each dashboard, the filters,
the downloads and the queries each page costs."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from jisr.core.dashboards import HIDDEN, Figure
from jisr.core.models import AuditLog
from tests.cases.dashboard_data import build_all, build_cases, make_case
from tests.personas import AGADIR_COMMUNE, make_center

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
PERIOD_QUERY = {"start": "2025-03", "end": "2025-05"}
MARCH, APRIL, MAY = "2025-03-01", "2025-04-01", "2025-05-01"


def url(level: str, code: Any) -> str:
    return f"/dashboards/{level}/{code}/"


def english(client: Any) -> Any:
    client.cookies["jisr_language"] = "en"
    return client


def figures(response: Any) -> dict[str, Figure]:
    assert response.status_code == 200, response.status_code
    return {figure.key: figure for section in response.context["board"].sections for figure in section.figures}


def table(figure: Figure) -> dict[str, dict[str, Any]]:
    """row key → {column: value}, the totals row under "total"."""
    rows = {row.key: dict(row.values) for row in figure.rows}
    if figure.totals:
        rows["total"] = dict(figure.totals.values)
    return rows


@pytest.fixture
def history(personas):  # type: ignore[no-untyped-def]
    return build_all(personas)


@pytest.fixture
def center_a_figures(history, personas, client_for):  # type: ignore[no-untyped-def]
    client = english(client_for("worker_a"))
    return figures(client.get(url("center", personas.center_a.pk), PERIOD_QUERY))


def test_cases_opened_and_closed_per_month(center_a_figures) -> None:  # type: ignore[no-untyped-def]
    rows = table(center_a_figures["cases.opened_closed"])
    # c1, c2, c3 opened in March, c4 in April (c5 in January; c6 at center B); c1 closed in April, c5 in May
    assert rows[MARCH] == {"opened": 3, "closed": 0}
    assert rows[APRIL] == {"opened": 1, "closed": 1}
    assert rows[MAY] == {"opened": 0, "closed": 1}
    assert rows["total"] == {"opened": 4, "closed": 2}


def test_the_funnel_of_the_cases_opened_in_the_period(center_a_figures) -> None:  # type: ignore[no-untyped-def]
    rows = table(center_a_figures["cases.funnel"])
    reached = {stage: rows[stage]["cases"] for stage in rows}
    assert reached == {"reception": 4, "listening": 3, "diagnosis": 2, "orientation": 1, "pathway": 1, "follow_up": 1}
    assert rows["listening"]["share"] == pytest.approx(0.75)


def test_the_median_days_per_stage(center_a_figures) -> None:  # type: ignore[no-untyped-def]
    rows = table(center_a_figures["cases.stage_days"])
    assert {stage: row["stays"] for stage, row in rows.items()} == {
        "reception": 4, "listening": 3, "diagnosis": 2, "orientation": 1, "pathway": 1, "follow_up": 0}  # fmt: skip
    assert rows["reception"]["median"] == pytest.approx(3.0)  # 1, 2, 4, 46 days
    assert rows["listening"]["median"] == pytest.approx(10.0)  # 6, 10, 69
    # 14 and 34 calendar days, both across 6 April 2025 when Morocco's clock moved one hour forward: elapsed
    # time is 13 days 23 hours and 33 days 23 hours
    assert rows["diagnosis"]["median"] == pytest.approx(24 - 1 / 24)
    assert rows["orientation"]["median"] == pytest.approx(10.0)
    assert rows["pathway"]["median"] == pytest.approx(11.0)
    assert rows["follow_up"]["median"] is None


def test_follow_ups_done_on_time(center_a_figures) -> None:  # type: ignore[no-untyped-def]
    rows = table(center_a_figures["followups.on_time"])
    assert rows[MARCH] == {"due": 2, "on_time": 1, "late": 1, "missed": 0, "pending": 0, "share": 0.5}
    assert rows[APRIL] == {"due": 2, "on_time": 0, "late": 0, "missed": 1, "pending": 1, "share": 0.0}
    # recorded at 00:30 on 1 June in Morocco (still 31 May in UTC): the day after its due date
    assert rows[MAY] == {"due": 1, "on_time": 0, "late": 1, "missed": 0, "pending": 0, "share": 0.0}
    assert rows["total"]["due"] == 5 and rows["total"]["share"] == pytest.approx(0.2)


def test_outcomes_at_3_6_and_12_months(center_a_figures) -> None:  # type: ignore[no-untyped-def]
    figure = center_a_figures["followups.outcomes"]
    rows = table(figure)
    assert [rows["total"][f"cases_{h}"] for h in (3, 6, 12)] == [2, 1, 1]  # c7 and c8; c9; c10
    assert [rows["any"][f"cases_{h}"] for h in (3, 6, 12)] == [1, 1, 0]  # c7 on the day of its 3 months; c9
    assert [rows["any"][f"share_{h}"] for h in (3, 6, 12)] == [0.5, 1.0, 0.0]
    assert [rows["employed"][f"cases_{h}"] for h in (3, 6, 12)] == [1, 1, 0]
    assert "housed" not in rows  # c8 housed a day after its 3 months, c9 after its 6: no kind with none at all


def test_a_province_adds_its_centers_and_a_region_its_provinces(history, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    second = make_center(code="test-agadir-2", commune_code=AGADIR_COMMUNE, organization=personas.entraide)
    make_case(personas, second, history["c6"].person, [("reception", "2025-03-09 10:00")])
    client = english(client_for("national"))
    opened = {}
    for level, code in [("center", personas.center_a.pk), ("province", "09.001"), ("region", "09"), ("region", "02")]:
        opened[(level, code)] = table(figures(client.get(url(level, code), PERIOD_QUERY))["cases.opened_closed"])
    assert opened[("center", personas.center_a.pk)][MARCH]["opened"] == 3
    assert opened[("province", "09.001")][MARCH]["opened"] == 4  # with the second center of Agadir
    assert opened[("region", "09")][MARCH]["opened"] == 4
    assert opened[("region", "02")][MARCH]["opened"] == 1  # c6 at Oujda


# --- scope ----------------------------------------------------------------------------------------


def test_each_dashboard_opens_to_its_territory_and_what_is_above_it(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    center_a, center_b = url("center", personas.center_a.pk), url("center", personas.center_b.pk)
    agadir, oujda, souss, rsk = url("province", "09.001"), url("province", "02.411"), url("region", "09"), url(
        "region", "04")  # fmt: skip
    allowed = {
        "worker_a": [center_a],
        "manager_a": [center_a],
        "worker_b": [center_b],
        "province_agadir": [agadir, center_a],
        "region_rsk": [rsk, url("center", personas.center_rabat.pk)],
        "national": [center_a, center_b, agadir, oujda, souss, rsk],
        "analyst": [souss, rsk],  # regions only: a province's hidden count would come back from its region
    }
    everything = [center_a, center_b, agadir, oujda, souss, rsk]
    for name in [*allowed, "partner", "citizen", "outsider"]:
        client = client_for(name)
        for page in everything:
            expected = 200 if page in allowed.get(name, []) else 404
            assert client.get(page).status_code == expected, (name, page)
            download = client.get(page + "cases.opened_closed.csv")
            assert download.status_code == expected, (name, page, "csv")
    assert client_for(None).get(center_a).status_code == 302  # to the login page


def test_unknown_and_malformed_territories_answer_404(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    for page in [url("center", "not-a-uuid"), url("center", "3f1c7d2e-0000-4000-8000-000000000000"),
                 url("province", "99.999"), url("region", "99"), url("commune", "09.001.01.01")]:  # fmt: skip
        assert client.get(page).status_code == 404, page
    center = url("center", personas.center_a.pk)
    assert client.get(center + "cases.nothing.csv").status_code == 404
    assert client.get(center + "cases.opened_closed.pdf").status_code == 404


def test_the_index_leads_each_role_to_its_dashboards(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    worker = client_for("worker_a").get("/dashboards/")
    assert worker.status_code == 302 and worker["Location"] == url("center", personas.center_a.pk)
    assert client_for("province_agadir").get("/dashboards/")["Location"] == url("province", "09.001")
    assert client_for("region_rsk").get("/dashboards/")["Location"] == url("region", "04")
    national = client_for("national").get("/dashboards/")
    assert national.status_code == 200 and len(national.context["territories"]) == 12
    for name in ("partner", "citizen", "outsider"):
        assert client_for(name).get("/dashboards/").status_code == 404, name
    assert 'href="/dashboards/"' in client_for("worker_a").get("/").content.decode()
    assert 'href="/dashboards/"' not in client_for("partner").get("/").content.decode()


# --- suppression for aggregate-only roles -----------------------------------------------------------


@pytest.fixture
def many_cases(personas):  # type: ignore[no-untyped-def]
    """Opened at center A: 7 in March, 3 in April, 6 in May (16)."""
    cases = build_cases(personas)
    person = cases["c1"].person
    for month, count in (("03", 4), ("04", 2), ("05", 6)):  # on top of build_cases' 3 in March, 1 in April
        for index in range(count):
            make_case(personas, personas.center_a, person, [("reception", f"2025-{month}-{10 + index} 10:00")])


def test_the_analyst_gets_small_counts_hidden_with_their_complements(many_cases, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("analyst"))
    response = client.get(url("region", "09"), PERIOD_QUERY)
    rows = table(figures(response)["cases.opened_closed"])
    assert rows[MARCH]["opened"] == 7 and rows["total"]["opened"] == 16
    assert rows[APRIL]["opened"] is HIDDEN  # 3
    assert rows[MAY]["opened"] is HIDDEN  # 6, hidden with it: 16 − 7 would give April back
    funnel = table(figures(response)["cases.funnel"])
    assert funnel["reception"]["cases"] == 16 and funnel["listening"]["cases"] is HIDDEN  # 3
    assert funnel["listening"]["share"] is HIDDEN  # a share would give the hidden count back
    stays = table(figures(response)["cases.stage_days"])
    assert stays["reception"]["stays"] is HIDDEN and stays["reception"]["median"] is HIDDEN
    # the same table for the national officer: every number
    officer = table(figures(english(client_for("national")).get(url("region", "09"), PERIOD_QUERY))[
        "cases.opened_closed"])  # fmt: skip
    assert (officer[APRIL]["opened"], officer[MAY]["opened"]) == (3, 6)


def test_a_hidden_count_is_not_drawn_nor_downloaded(many_cases, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("analyst"))
    page = client.get(url("region", "09"), PERIOD_QUERY).content.decode()
    data = json.loads(re.search(r'<script id="figure-cases-opened-closed-data" type="application/json">(.*?)</script>',
                                page, re.S).group(1))  # fmt: skip
    opened = next(series for series in data["series"] if series["key"] == "opened")
    assert opened["data"] == [7, None, None] and opened["hidden"] == [False, True, True]
    assert "3" not in [str(value) for series in data["series"] for value in series["data"]]
    lines = list(csv.reader(io.StringIO(client.get(url("region", "09") + "cases.opened_closed.csv",
                                                   PERIOD_QUERY).content.decode("utf-8-sig"))))  # fmt: skip
    assert lines[0] == ["Month", "Opened", "Closed"]
    assert [line[1] for line in lines[1:]] == ["7", "", "", "16"]  # hidden: empty, as in every export


# --- filters -------------------------------------------------------------------------------------------


def test_the_period_filter_chooses_the_months(history, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("worker_a"))
    rows = table(figures(client.get(url("center", personas.center_a.pk), {"start": "2025-04", "end": "2025-04"}))[
        "cases.opened_closed"])  # fmt: skip
    assert rows == {APRIL: {"opened": 1, "closed": 1}, "total": {"opened": 1, "closed": 1}}
    january = table(figures(client.get(url("center", personas.center_a.pk), {"start": "2025-01", "end": "2025-01"}))[
        "cases.opened_closed"])  # fmt: skip
    assert january["total"]["opened"] == 1  # c5


def test_a_wrong_period_is_said_and_the_last_twelve_months_shown(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("worker_a"))
    for query, message in [({"start": "2025-06", "end": "2025-03"}, "The first month comes before the last one."),
                           ({"start": "2020-01", "end": "2025-03"}, "A dashboard shows at most 36 months."),
                           ({"start": "2025-13"}, "Give a month as year-month, for example 2026-01."),
                           ({"end": "2999-01"}, "The period ends this month at the latest.")]:  # fmt: skip
        response = client.get(url("center", personas.center_a.pk), query)
        assert response.status_code == 200 and message in response.content.decode(), query
        assert len(response.context["board"].period.months) == 12


def test_the_territory_filter_goes_to_a_territory_within_scope(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("province_agadir"))
    chosen = {**PERIOD_QUERY, "territory": f"center:{personas.center_a.pk}"}
    response = client.get(url("province", "09.001"), chosen)
    assert response.status_code == 302
    assert response["Location"] == url("center", personas.center_a.pk) + "?start=2025-03&end=2025-05"
    # a territory outside the coordinator's province is not a choice: the page says so and stays
    outside = client.get(url("province", "09.001"), {**PERIOD_QUERY, "territory": f"center:{personas.center_b.pk}"})
    assert outside.status_code == 200 and "Select a valid choice" in outside.content.decode()
    keys = [key for key, _label in outside.context["form"].fields["territory"].choices]
    assert f"center:{personas.center_a.pk}" in keys and "province:09.001" in keys
    assert "region:09" not in keys and f"center:{personas.center_b.pk}" not in keys


# --- downloads -----------------------------------------------------------------------------------------


def test_csv_and_xlsx_downloads_give_the_table_and_are_audited(history, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = english(client_for("manager_a"))
    base = url("center", personas.center_a.pk)
    response = client.get(base + "followups.on_time.csv", PERIOD_QUERY)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Month due", "Due", "Done on time", "Done late", "Missed", "Not recorded",
                        "Share done on time"]  # fmt: skip
    assert lines[1][1:] == ["2", "1", "1", "0", "0", "0.5"] and lines[-1][0] == "Total" and lines[-1][1] == "5"
    workbook = load_workbook(io.BytesIO(client.get(base + "cases.stage_days.xlsx", PERIOD_QUERY).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Stage", "Stays ended", "Median days")
    assert rows[1][1:] == (4, 3.0) and rows[-1][1:] == (0, None)
    entries = AuditLog.objects.filter(action=AuditLog.Action.EXPORT, object_type="core.dashboard")
    assert entries.count() == 2
    entry = entries.get(changes__format="xlsx")
    assert entry.actor == personas.manager_a and entry.changes["figure"] == "cases.stage_days"
    assert entry.changes["territory"] == f"center:{personas.center_a.pk}" and entry.changes["rows"] == 6
    assert entry.changes["from"] == "2025-03" and entry.changes["to"] == "2025-05"


def test_a_download_neutralizes_formulas_in_names(history, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    personas.health_partner.name_fr = personas.health_partner.name_en = '=HYPERLINK("http://evil.example")'
    personas.health_partner.save(update_fields=["name_fr", "name_en"])
    client = english(client_for("worker_a"))
    content = client.get(url("center", personas.center_a.pk) + "referrals.response_times.csv", PERIOD_QUERY).content
    assert "'=HYPERLINK" in content.decode("utf-8-sig")


# --- queries ---------------------------------------------------------------------------------------------

# the dashboard's page → the most queries it may make: the session, the user, the roles (3), the territory
# and its choices (1 or 2), then 13 aggregate queries and the organizations' names, whatever the history;
# the menu's counts: unread notifications for everyone, the cases menu's two for a social worker; national
# officers also read the Khadamati section (11 queries, whatever the number of requests); those who validate
# the partnerships' entries, the menu's count of those awaiting them (+1)
PAGES = {
    "worker_a": (lambda p: url("center", p.center_a.pk), 22),
    "province_agadir": (lambda p: url("province", "09.001"), 21),
    "region_rsk": (lambda p: url("region", "04"), 22),
    "national": (lambda p: url("region", "09"), 33),
    "analyst": (lambda p: url("region", "09"), 32),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_dashboard_costs_a_fixed_number_of_queries(name, history, personas, client_for,
                                                        django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    client = client_for(name)
    page, most = PAGES[name][0](personas), PAGES[name][1]
    with django_assert_max_num_queries(most):
        assert client.get(page, PERIOD_QUERY).status_code == 200
    # a download computes its section only (4 queries for the cases), and writes the audit entry
    with django_assert_max_num_queries(13):
        assert client.get(page + "cases.opened_closed.csv", PERIOD_QUERY).status_code == 200
    # the default period ends with the current month, counted live beside the kept months: opened, closed,
    # the funnel's cohort and the follow-ups of this month are four queries more, the kept months two fewer;
    # the outcomes read their kept months and count the last, partial month of starts live: one more;
    # on PostgreSQL the live stage medians first raise their sort memory (`SET LOCAL work_mem`): one more
    from django.db import connection

    with django_assert_max_num_queries(most + 3 + (connection.vendor == "postgresql")):
        assert client.get(page).status_code == 200


def test_a_transferred_case_takes_its_history_to_its_new_center(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases import handover
    from jisr.cases.models import CaseStatusChange
    from tests.personas import make_user

    case = build_cases(personas)["c2"]  # at center A, in listening since 14 March
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                              note="moved to Oujda", consent_obtained=True)  # fmt: skip
    manager_b = make_user("p-manager-b", "center_manager", center=personas.center_b)
    handover.case_transfer_accept(acting_user=manager_b, transfer=transfer)
    moved = set(CaseStatusChange.objects.filter(case=case).values_list("center", "province", "region_code"))
    assert moved == {(personas.center_b.pk, "02.411", "02")}
    national = english(client_for_user(personas.national))
    stays = {place: table(figures(national.get(url("center", place.pk), PERIOD_QUERY))["cases.stage_days"])
             for place in (personas.center_a, personas.center_b)}  # fmt: skip
    assert stays[personas.center_a]["reception"]["stays"] == 3  # c1, c3, c5 (c2 left)
    assert stays[personas.center_b]["reception"]["stays"] == 2  # c6 and c2


def client_for_user(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_analyst_opens_regions_only_and_is_offered_no_province(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    """A province's count is its region's minus its published siblings': an aggregate-only reader would
    recover on the region's page what the province's page hides, so only regions open for them."""
    client = client_for("analyst")
    keys = [key for key, _label in client.get(url("region", "09")).context["form"].fields["territory"].choices]
    assert keys == ["region:09"]
    national = [key for key, _l in client_for("national").get(url("region", "09")).context["form"].fields[
        "territory"].choices]  # fmt: skip
    assert "province:09.001" in national


def test_a_reopened_case_enters_its_stage_once_in_the_funnel(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    cases = build_cases(personas)
    # opened 25 March, listening the next day, closed from listening on 1 April, reopened into it on 3 April
    make_case(personas, personas.center_a, cases["c1"].person, [
        ("reception", "2025-03-25 10:00"), ("listening", "2025-03-26 10:00"), ("closed", "2025-04-01 10:00"),
        ("listening", "2025-04-03 10:00")])  # fmt: skip
    response = english(client_for("worker_a")).get(url("center", personas.center_a.pk), PERIOD_QUERY)
    funnel = table(figures(response)["cases.funnel"])
    assert (funnel["reception"]["cases"], funnel["listening"]["cases"]) == (5, 4)  # not 5: entered twice
    stays = table(figures(response)["cases.stage_days"])
    assert stays["listening"]["stays"] == 4  # 10, 6, 69 days and its 6 days before closing; closed is no stage
