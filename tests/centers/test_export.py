"""Exporting the directory: only with centers.export_centers, within its scope, audited, re-importable."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jisr.centers.importexport.columns import COLUMNS
from jisr.centers.importexport.reading import read_table
from jisr.centers.importexport.rows import plan_import
from jisr.centers.models import CenterService, ServiceType
from jisr.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_national_exports_the_filtered_directory_as_csv(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    CenterService.objects.create(center=personas.center_a, service_type=ServiceType.objects.get(code="reception"))
    response = client_for("analyst").get(reverse("centers:export", args=["csv"]), {"region": "09"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="centers.csv"'
    rows = _rows(response)
    assert rows[0] == COLUMNS
    assert [row[0] for row in rows[1:]] == ["test-agadir"]
    assert rows[1][COLUMNS.index("services")] == "reception"
    entry = AuditLog.objects.get(action="export")
    assert entry.actor == personas.analyst
    assert entry.changes["rows"] == 1


def test_export_is_limited_to_the_export_scope(client_for) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(client_for("manager_a").get(reverse("centers:export", args=["csv"])))
    assert [row[0] for row in rows[1:]] == ["test-agadir"]


def test_xlsx_export(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national").get(reverse("centers:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == COLUMNS
    assert sorted(row[0] for row in values[1:]) == ["test-agadir", "test-oujda", "test-rabat"]


def test_an_export_re_imports_without_errors(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    content = client_for("national").get(reverse("centers:export", args=["csv"])).content
    plan = plan_import(user=personas.national, table=read_table("centers.csv", content))
    assert plan.errors == []
    assert len(plan.updated) == 3


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_with_quoted_phones_re_imports_them_as_they_were(client_for, personas, file_format) -> None:  # type: ignore[no-untyped-def]
    # The export writes "+212 …" as "'+212 …" (no formula in a spreadsheet); importing the file again
    # must read the phone, not refuse the quote on every row.
    type(personas.center_a).objects.filter(pk=personas.center_a.pk).update(phone="+212 5 28 00 00 00")
    content = client_for("national").get(reverse("centers:export", args=[file_format])).content
    table = read_table(f"centers.{file_format}", content)
    assert next(row for _, row in table.rows if row["code"] == "test-agadir")["phone"] == "+212 5 28 00 00 00"
    plan = plan_import(user=personas.national, table=table)
    assert plan.errors == []


@pytest.mark.parametrize("name", ["outsider", "worker_a", "citizen", "partner"])
def test_export_is_404_without_the_permission(client_for, name) -> None:  # type: ignore[no-untyped-def]
    for file_format in ("csv", "xlsx"):
        assert client_for(name).get(reverse("centers:export", args=[file_format])).status_code == 404
    assert not AuditLog.objects.filter(action="export").exists()


def test_anonymous_export_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("centers:export", args=["csv"])).status_code == 302


HOSTILE_NAMES = {"name_ar": '=HYPERLINK("http://x","y")', "name_fr": "=cmd|' /C calc'!A0", "name_en": "@SUM(1)",
                 "address": "+1+1", "phone": "-2+3"}  # fmt: skip


def test_exports_write_formula_looking_text_as_inert_text(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    type(personas.center_a).objects.filter(pk=personas.center_a.pk).update(latitude=-2.5, **HOSTILE_NAMES)
    client = client_for("national")
    row = next(row for row in _rows(client.get(reverse("centers:export", args=["csv"]))) if row[0] == "test-agadir")
    for column, value in HOSTILE_NAMES.items():
        assert row[COLUMNS.index(column)] == "'" + value
    assert row[COLUMNS.index("latitude")] == "-2.500000"
    sheet = load_workbook(io.BytesIO(client.get(reverse("centers:export", args=["xlsx"])).content)).worksheets[0]
    cells = next(cells for cells in sheet.iter_rows(min_row=2) if cells[0].value == "test-agadir")
    assert not any(cell.data_type == "f" for cells in sheet.iter_rows() for cell in cells)
    for column, value in HOSTILE_NAMES.items():
        assert (cells[COLUMNS.index(column)].data_type, cells[COLUMNS.index(column)].value) == ("s", "'" + value)
    assert (cells[COLUMNS.index("latitude")].data_type, cells[COLUMNS.index("latitude")].value) == ("n", -2.5)


def test_a_control_character_in_a_name_does_not_break_the_xlsx_export(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    type(personas.center_a).objects.filter(pk=personas.center_a.pk).update(name_fr="Centre\x01 social")
    response = client_for("national").get(reverse("centers:export", args=["xlsx"]))
    assert response.status_code == 200
    values = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert next(row for row in values if row[0] == "test-agadir")[COLUMNS.index("name_fr")] == "Centre social"
