"""Issue 11, item 9: on the caseload dashboard the analyst saw Agadir's 60 open cases and every stage but
one (8 + 14 + 9 + <5 + 18 + 8), so the hidden one was 3. Now a complement is hidden with it, in the page,
the API and the CSV export alike, and no hidden count can be solved from the published rows and totals."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Hashable
from typing import Any

import pytest
from django.urls import reverse

from jisr.cases import services
from jisr.cases.models import Case
from jisr.core.disclosure import Sum, two_way_sums
from tests.core.test_disclosure import line_gives_away, recoverable
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
AGADIR = {"reception": 8, "listening": 14, "diagnosis": 9, "orientation": 3, "pathway": 18, "follow_up": 8}
OUJDA = {"reception": 6, "listening": 7, "diagnosis": 0, "orientation": 0, "pathway": 5, "follow_up": 11}
STAGE_COLUMNS = ["reception", "listening", "diagnosis", "orientation", "pathway", "follow_up"]
CASELOAD_MEASURES = ["open", *STAGE_COLUMNS, "urgent_open", "new_30_days", "closed"]  # the columns of the page
Table = dict[tuple[str, str], int | None]


def open_cases(personas: Any, *, worker: str, center: str, stages: dict[str, int], closed: int) -> None:
    person = register(personas, by=worker, center=center, first_name_ar="فاطمة", last_name_ar="أوحمو", sex="F")
    for stage, count in [*stages.items(), ("closed", closed)]:
        opened = [
            services.case_open(
                acting_user=getattr(personas, worker),
                person=person,
                center=getattr(personas, center),
                reason="Sans revenu",
                channel=Case.Channel.WALK_IN,
                consent_obtained=True,
            ).pk  # fmt: skip
            for _index in range(count)
        ]
        Case.objects.filter(pk__in=opened).update(status=stage)  # the shape of the dashboard, not the pathway


@pytest.fixture
def dashboard(personas):  # type: ignore[no-untyped-def]
    open_cases(personas, worker="worker_a", center="center_a", stages=AGADIR, closed=12)
    open_cases(personas, worker="worker_b", center="center_b", stages=OUJDA, closed=2)


@pytest.fixture
def client_in_english(client_for):  # type: ignore[no-untyped-def]
    """A persona's client reading the pages in English (row labels are the French names)."""

    def build(name: str) -> Any:
        client = client_for(name)
        client.cookies["jisr_language"] = "en"
        return client

    return build


def page_table(client: Any) -> Table:
    """The numbers as the page shows them (the mark "x" → None), keyed (row label, measure)."""
    html = client.get(reverse("cases:caseload")).content.decode()
    table: Table = {}
    for label, cells in re.findall(r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', html, re.S):
        texts = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="text-end">(.*?)</td>', cells)]
        for key, text in zip(CASELOAD_MEASURES, texts, strict=True):
            table[(label.strip(), key)] = int(text.replace(",", "")) if text.replace(",", "").isdigit() else None
    return table


def api_table(client: Any) -> Table:
    body = client.get("/api/v1/cases/caseload").json()
    rows = [*body["rows"], {**body["totals"], "label": "Total"}]
    return {(row["label"], key): row["counts"][key] for row in rows for key in CASELOAD_MEASURES}


def export_table(client: Any) -> Table:
    response = client.get(reverse("cases:caseload"), {"format": "csv"})
    header, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[1:] == CASELOAD_MEASURES
    table: Table = {}
    for label, *texts in lines:
        table.update({(label, key): (int(text) if text else None) for key, text in zip(header[1:], texts, strict=True)})
    return table


def sums_of(table: Table) -> list[Sum]:
    rows = sorted({label for label, _key in table if label != "Total"})
    stage_sums = two_way_sums(rows, STAGE_COLUMNS, row_total="open", column_total="Total")
    return stage_sums + two_way_sums(rows, ["urgent_open", "new_30_days", "closed"], row_total=None,
                                     column_total="Total")  # fmt: skip


def test_the_analyst_cannot_work_out_agadirs_hidden_stage(dashboard, client_in_english, personas) -> None:  # type: ignore[no-untyped-def]
    agadir = personas.center_a.province.name_fr
    table = page_table(client_in_english("analyst"))
    row = {key: table[(agadir, key)] for key in ("open", *STAGE_COLUMNS)}
    assert row["open"] == 60 and row["orientation"] is None
    hidden_stages = [stage for stage in STAGE_COLUMNS if row[stage] is None]
    assert len(hidden_stages) >= 2, row  # 60 − the published stages is no longer one stage's count
    assert row["open"] - sum(row[stage] or 0 for stage in STAGE_COLUMNS) >= 5


def test_no_hidden_count_of_the_dashboard_solves_from_its_rows_and_totals(dashboard, client_in_english) -> None:  # type: ignore[no-untyped-def]
    """The attacker's side: the true counts (what the manager of everything sees) against what the analyst sees."""
    shown = page_table(client_in_english("analyst"))
    truth = page_table(client_in_english("national"))
    assert set(shown) == set(truth) and None not in truth.values()
    hidden = frozenset(cell for cell, value in shown.items() if value is None)
    assert {cell for cell, value in truth.items() if value and value < 5} <= hidden
    values: dict[Hashable, int] = {cell: value for cell, value in truth.items() if value is not None}
    sums = sums_of(truth)
    assert not [line for line in sums if line_gives_away(values, line, hidden)]
    assert recoverable(values, sums, hidden) == set()


def test_the_page_the_api_and_the_export_publish_the_same_numbers(dashboard, client_in_english) -> None:  # type: ignore[no-untyped-def]
    for name in ("analyst", "national", "province_agadir"):
        client = client_in_english(name)
        page = page_table(client)
        assert api_table(client) == page == export_table(client), name
    assert None in page_table(client_in_english("analyst")).values()


def test_the_caseload_api_and_export_are_refused_like_the_page(dashboard, client_in_english) -> None:  # type: ignore[no-untyped-def]
    for name in ("worker_b", "partner", "citizen", "outsider"):
        client = client_in_english(name)
        assert client.get("/api/v1/cases/caseload").status_code == 404, name
        assert client.get(reverse("cases:caseload"), {"format": "csv"}).status_code == 404, name
