"""Importing centers: every row checked, all or nothing, encodings and dialects, digits, scope, bulk queries."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from jisr.centers.importexport.reading import read_table
from jisr.centers.importexport.rows import normalize_number, plan_import
from jisr.centers.importexport.service import center_import_apply, center_import_upload
from jisr.centers.models import Center, CenterImport, CenterService
from jisr.core.models import AuditLog
from tests.personas import AGADIR_COMMUNE, OUJDA_COMMUNE, make_center

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "centers-import-example.csv"
HEADER = "code,name_ar,name_fr,organization,kind,commune_code,capacity,latitude,services"


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _upload_and_apply(user, name: str, content: bytes):  # type: ignore[no-untyped-def]
    center_import = center_import_upload(acting_user=user, file_name=name, content=content)
    return center_import_apply(acting_user=user, center_import=center_import)


def test_the_documented_example_imports(personas) -> None:  # type: ignore[no-untyped-def]
    plan = _upload_and_apply(personas.national, EXAMPLE.name, EXAMPLE.read_bytes())
    assert len(plan.created) == 3
    anza = Center.objects.get(code="agadir-anza-women")
    assert anza.latitude == Decimal("30.436800")
    assert anza.rehabilitation_budget_mad == Decimal("1250000.00")
    assert anza.is_jisr is True
    assert anza.province_id == "09.001"
    oujda = Center.objects.get(code="oujda-multi")
    assert (oujda.capacity, oujda.rehabilitation_budget_mad) == (350, Decimal("2000000"))
    assert sorted(CenterService.objects.filter(center=anza).values_list("service_type__code", flat=True)) == [
        "legal-aid",
        "listening",
        "reception",
    ]
    entry = AuditLog.objects.get(action="import")
    assert sorted(entry.changes["created"]) == ["agadir-anza-women", "oujda-multi", "rabat-day-care"]


def test_upsert_by_code_updates_only_present_columns_and_replaces_services(personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_a.pk).update(phone="+212 5 28 11 11 11", capacity=10)
    content = _csv(f'test-agadir,مركز أكادير,Centre Agadir,EN,women,{AGADIR_COMMUNE},75,30.42,"reception;literacy"')
    plan = _upload_and_apply(personas.province_agadir, "update.csv", content.encode())
    assert (len(plan.created), len(plan.updated)) == (0, 1)
    center = Center.objects.get(pk=personas.center_a.pk)
    assert (center.name_fr, center.kind, center.capacity) == ("Centre Agadir", "women", 75)
    assert center.phone == "+212 5 28 11 11 11"  # no phone column: unchanged
    assert set(center.services.values_list("service_type__code", flat=True)) == {"reception", "literacy"}
    assert AuditLog.objects.get(action="import").changes["updated"]["test-agadir"]["capacity"] == [10, 75]


def test_a_file_with_errors_writes_nothing_and_reports_every_row(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv(
        f"good-one,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,",
        f"bad kind,مركز,Centre,EN,castle,{AGADIR_COMMUNE},-3,99,",
        "good-one,مركز,Centre,NOPE,women,99.999,abc,,unknown-service",
    )
    center_import = center_import_upload(acting_user=personas.national, file_name="bad.csv", content=content.encode())
    with pytest.raises(ValidationError):
        center_import_apply(acting_user=personas.national, center_import=center_import)
    assert not Center.objects.filter(code="good-one").exists()
    assert not AuditLog.objects.filter(action="import").exists()
    plan = plan_import(user=personas.national, table=read_table("bad.csv", content.encode()))
    found = {(error.row, error.column) for error in plan.errors}
    assert {(3, "code"), (3, "kind"), (3, "capacity")} <= found
    assert {(4, "code"), (4, "organization"), (4, "commune_code"), (4, "capacity"), (4, "services")} <= found
    assert not any(row == 2 for row, _column in found)


def test_latitude_out_of_range_is_a_row_error(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv(f"far-away,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,48.85,")
    plan = plan_import(user=personas.national, table=read_table("x.csv", content.encode()))
    assert [(error.row, error.column, error.value) for error in plan.errors] == [(2, "latitude", "48.85")]


def test_windows_1256_semicolon_file(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv(
        f"cp-center;مركز الأمل;Centre Espoir;EN;women;{AGADIR_COMMUNE};20;;", header=HEADER.replace(",", ";")
    )
    table = read_table("arabic.csv", content.encode("cp1256"))
    assert (table.encoding, table.delimiter) == ("cp1256", ";")
    _upload_and_apply(personas.national, "arabic.csv", content.encode("cp1256"))
    assert Center.objects.get(code="cp-center").name_ar == "مركز الأمل"


def test_utf8_bom_file(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv(f"bom-center,مركز,Centre,EN,women,{AGADIR_COMMUNE},20,,")
    table = read_table("bom.csv", b"\xef\xbb\xbf" + content.encode())
    assert table.header[0] == "code"
    _upload_and_apply(personas.national, "bom.csv", b"\xef\xbb\xbf" + content.encode())
    assert Center.objects.filter(code="bom-center").exists()


def test_xlsx_file(personas) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["xlsx-center", "مركز", "Centre", "EN", "elderly", AGADIR_COMMUNE, 45, 30.5, "residential-care"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload_and_apply(personas.national, "centers.xlsx", buffer.getvalue())
    center = Center.objects.get(code="xlsx-center")
    assert (center.capacity, center.latitude, center.kind) == (45, Decimal("30.500000"), "elderly")


def test_arabic_indic_digits_are_numbers(personas) -> None:  # type: ignore[no-untyped-def]
    assert normalize_number("١٢٣٫٥") == "123.5"
    assert normalize_number("۱٬۲۵۰") == "1250"
    assert normalize_number("1 500,75") == "1500.75"
    content = _csv(f"digits,مركز,Centre,EN,women,{AGADIR_COMMUNE},٤٥,٣٠٫٤٢,")
    _upload_and_apply(personas.national, "digits.csv", content.encode())
    center = Center.objects.get(code="digits")
    assert (center.capacity, center.latitude) == (45, Decimal("30.420000"))


def test_rows_outside_the_users_territory_are_row_errors(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv(
        f"in-agadir,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,",
        f"in-oujda,مركز,Centre,EN,women,{OUJDA_COMMUNE},10,,",
        f"test-oujda,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,",
    )
    plan = plan_import(user=personas.province_agadir, table=read_table("x.csv", content.encode()))
    assert {(error.row, error.column) for error in plan.errors} == {(3, "commune_code"), (4, "code")}


def test_missing_required_column_is_reported(personas) -> None:  # type: ignore[no-untyped-def]
    plan = plan_import(user=personas.national, table=read_table("x.csv", b"code,name_ar\nx,y\n"))
    assert {error.column for error in plan.errors} == {"name_fr", "organization", "kind", "commune_code"}


def test_validation_queries_do_not_grow_with_rows(personas, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    rows = [f"bulk-{n},مركز {n},Centre {n},EN,women,{AGADIR_COMMUNE},{n},,reception" for n in range(300)]
    table = read_table("big.csv", _csv(*rows).encode())
    with django_assert_max_num_queries(10):
        plan = plan_import(user=personas.national, table=table)
    assert not plan.errors and len(plan.created) == 300


def test_import_pages_preview_then_apply(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("province_agadir")
    content = _csv(f"page-center,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,").encode()
    response = client.post(reverse("centers:import"), {"file": SimpleUploadedFile("c.csv", content)})
    center_import = CenterImport.objects.get()
    assert response["Location"] == reverse("centers:import_preview", args=[center_import.pk])
    preview = client.get(response["Location"])
    assert preview.context["plan"].created[0].center.code == "page-center"
    assert not Center.objects.filter(code="page-center").exists()  # the preview is a dry run
    client.post(response["Location"])
    assert Center.objects.filter(code="page-center").exists()
    client.post(response["Location"])  # a second confirmation imports nothing more
    assert AuditLog.objects.filter(action="import").count() == 1


def test_error_report_page_and_csv_in_the_users_language(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("province_agadir")
    content = _csv(f"bad,مركز,Centre,EN,women,{OUJDA_COMMUNE},10,,").encode()
    client.post(reverse("centers:import"), {"file": SimpleUploadedFile("c.csv", content)})
    center_import = CenterImport.objects.get()
    page = client.get(reverse("centers:import_preview", args=[center_import.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "This commune is outside your territory." in page.content.decode()
    report = client.get(reverse("centers:import_errors", args=[center_import.pk]), HTTP_ACCEPT_LANGUAGE="en")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Row,Column,Value,Error"
    assert lines[1] == f"2,commune_code,{OUJDA_COMMUNE},This commune is outside your territory."
    client.post(reverse("centers:import_preview", args=[center_import.pk]))
    assert not Center.objects.filter(code="bad").exists()


def test_unreadable_file_is_refused_on_the_form(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    response = client.post(
        reverse("centers:import"),
        {"file": SimpleUploadedFile("c.xlsx", b"PK\x03\x04broken")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["form"].errors["file"] == ["The file is not a valid XLSX workbook."]
    assert not CenterImport.objects.exists()


@pytest.mark.parametrize("name", ["manager_a", "worker_a", "analyst", "outsider"])
def test_import_pages_are_404_without_permission(client_for, name) -> None:  # type: ignore[no-untyped-def]
    assert client_for(name).get(reverse("centers:import")).status_code == 404


def test_someone_elses_import_is_404(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    center_import = center_import_upload(
        acting_user=personas.national, file_name="x.csv", content=_csv("a,b,c,EN,women,x,1,,").encode()
    )
    client = client_for("province_agadir")
    assert client.get(reverse("centers:import_preview", args=[center_import.pk])).status_code == 404
    assert client.get(reverse("centers:import_errors", args=[center_import.pk])).status_code == 404


def test_anonymous_import_is_sent_to_login(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("centers:import")).status_code == 302


def test_existing_center_outside_scope_keeps_its_values(personas) -> None:  # type: ignore[no-untyped-def]
    make_center(code="other-oujda", commune_code=OUJDA_COMMUNE, organization=personas.entraide)
    content = _csv(f"other-oujda,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,")
    center_import = center_import_upload(
        acting_user=personas.province_agadir, file_name="x.csv", content=content.encode()
    )
    with pytest.raises(ValidationError):
        center_import_apply(acting_user=personas.province_agadir, center_import=center_import)
    assert Center.objects.get(code="other-oujda").commune_id == OUJDA_COMMUNE


def test_the_error_report_writes_hostile_values_as_inert_text(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    import csv

    client = client_for("national")
    content = _csv(f'"=HYPERLINK(""http://x"",""y"")",مركز,Centre,EN,women,{AGADIR_COMMUNE},@SUM(1),-2+3,')
    client.post(reverse("centers:import"), {"file": SimpleUploadedFile("c.csv", content.encode())})
    report = client.get(reverse("centers:import_errors", args=[CenterImport.objects.get().pk]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    values = {row[1]: row[2] for row in rows[1:]}
    assert values["capacity"] == "'@SUM(1)" and values["latitude"] == "'-2+3"
    assert all(not row[2].startswith(("=", "+", "-", "@")) for row in rows[1:])


def test_the_file_is_read_and_validated_outside_any_transaction(personas, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """SQLite has one writer: a transaction open while a file is parsed would hold every other write."""
    from django.db import connection

    import jisr.centers.importexport.service as service

    depth_here = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[int] = []
    real_read = service.read_table

    def spying_read(file_name: str, content: bytes):  # type: ignore[no-untyped-def]
        depths.append(len(connection.atomic_blocks))
        return real_read(file_name, content)

    monkeypatch.setattr(service, "read_table", spying_read)
    content = _csv(f"outside-tx,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,").encode()
    _upload_and_apply(personas.national, "tx.csv", content)
    assert depths == [depth_here, depth_here], "the upload, then the apply, each read the file"
    assert Center.objects.filter(code="outside-tx").exists()


@pytest.mark.usefixtures("in_english")
def test_a_formula_where_a_code_is_expected_is_a_row_error(personas) -> None:  # type: ignore[no-untyped-def]
    content = _csv("=1+1,مركز,Centre,=cmd|' /C calc'!A0,women,@SUM(1),10,,+1+1").encode()
    plan = plan_import(user=personas.national, table=read_table("f.csv", content))
    formulas = {error.column for error in plan.errors if "formula" in error.message}
    assert formulas == {"code", "organization", "commune_code", "services"}


@pytest.mark.usefixtures("in_english")
def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(client_for, settings) -> None:  # type: ignore[no-untyped-def]
    settings.INTAKE_LIMITS = {"centers": {"upload_bytes": 1024}}
    big = SimpleUploadedFile(
        "big.csv", (_csv(*[f"c-{n},م,C,EN,women,{AGADIR_COMMUNE},1,," for n in range(60)])).encode()
    )
    client = client_for("national")
    client.cookies["jisr_language"] = "en"
    response = client.post(reverse("centers:import"), {"file": big})
    assert response.status_code == 200 and not CenterImport.objects.exists()
    assert "larger than" in str(response.context["form"].errors["file"])
