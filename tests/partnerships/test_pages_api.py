"""The pages, the API, the import and the IATI export, each with the persona who must not see them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from jisr.core.models import AuditLog
from jisr.partnerships import services
from jisr.partnerships.models import Transaction
from tests.partnerships.conftest import DAY, World, party
from tests.personas import Personas

SCHEMA = Path(__file__).resolve().parents[2] / "standards" / "iati-2.03" / "iati-activities-schema.xsd"


@pytest.fixture
def money(world: World, personas: Personas) -> Transaction:
    commitment = services.transaction_record(acting_user=personas.national, convention=world.rsk, kind=2,
                                             party=party(world.rsk, world.ministry), amount=Decimal("10000000"),
                                             value_date=DAY, external_ref="EXT-1")  # fmt: skip
    services.earmark_add(acting_user=personas.national, commitment=commitment, target="women", amount=Decimal(6000000))
    services.transaction_record(acting_user=personas.national, convention=world.rsk, kind=3,
                                party=party(world.rsk, world.ministry), receiver=party(world.rsk, personas.entraide),
                                amount=Decimal("500000.50"), value_date=DAY)  # fmt: skip
    services.project_create(acting_user=personas.national, convention=world.rsk, code="P1", title_ar="مشروع",
                            title_fr="Projet", centers=[personas.center_rabat])  # fmt: skip
    services.budget_set(acting_user=personas.national, convention=world.rsk, year=2025, amount=Decimal(20000000))
    return commitment


def test_list_and_detail_pages(client_for, world: World, money: Transaction) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for("region_rsk")
    page = coordinator.get(reverse("partnerships:list"))
    assert page.status_code == 200
    assert "CV-RSK-1" in page.content.decode() and "CV-SM-1" not in page.content.decode()
    detail = coordinator.get(reverse("partnerships:detail", args=[world.rsk.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Wilaya de Rabat" in html or "ولاية الرباط" in html
    assert "6" in html and "000" in html  # the women's earmark
    assert coordinator.get(reverse("partnerships:detail", args=[world.souss.pk])).status_code == 404
    assert client_for("partner").get(reverse("partnerships:detail", args=[world.rsk.pk])).status_code == 404
    assert client_for("partner").get(reverse("partnerships:detail", args=[world.souss.pk])).status_code == 200
    for name in ("outsider", "worker_a", "citizen"):
        assert client_for(name).get(reverse("partnerships:list")).status_code == 404
    assert client_for(None).get(reverse("partnerships:list")).status_code == 302
    filtered = client_for("national").get(reverse("partnerships:list"), {"q": "Souss"})
    assert "CV-SM-1" in filtered.content.decode() and "CV-RSK-1" not in filtered.content.decode()
    assert (
        client_for("national").get(reverse("partnerships:figures"), {"by": "region", "year": "2025"}).status_code == 200
    )


def test_reverse_page_asks_for_confirmation(client_for, world: World, money: Transaction) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    url = reverse("partnerships:entry_reverse", args=[money.pk])
    assert national.get(url).status_code == 200
    assert national.post(url, {"reason": "wrong amount"}).status_code == 200  # not confirmed: nothing written
    assert not Transaction.objects.filter(reverses=money).exists()
    assert client_for("partner").get(url).status_code == 404
    # its earmark has no spending: the reversal is allowed once confirmed
    response = national.post(url, {"reason": "wrong amount", "confirm": "on"})
    assert response.status_code == 302
    assert Transaction.objects.get(reverses=money).amount == Decimal("-10000000.00")


def test_entry_form_records_and_reports_errors(client_for, world: World, money: Transaction) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    url = reverse("partnerships:entry_new", args=[world.rsk.pk])
    data = {"kind": "3", "party": party(world.rsk, world.ministry).pk, "amount": "100", "value_date": "2025-04-01"}
    response = national.post(url, data)
    assert response.status_code == 200 and "receiver" in response.context["form"].errors
    data["receiver"] = party(world.rsk, world.council).pk
    assert national.post(url, data).status_code == 302
    assert client_for("partner").get(url).status_code == 404


def test_api(client_for, world: World, money: Transaction, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for("region_rsk")
    listing = coordinator.get("/api/v1/partnerships/conventions").json()
    assert [row["number"] for row in listing["results"]] == ["CV-RSK-1"]
    assert listing["results"][0]["money"]["committed"] == "10000000.00"
    assert coordinator.get(f"/api/v1/partnerships/conventions/{world.souss.pk}").status_code == 404
    assert client_for("outsider").get("/api/v1/partnerships/conventions").status_code == 404
    entries = client_for("partner").get("/api/v1/partnerships/transactions").json()
    assert entries["count"] == 0  # the partner's convention has no money
    projects = client_for("national").get("/api/v1/partnerships/projects").json()
    assert projects[0]["centers"] == [str(personas.center_rabat.pk)]
    created = client_for("national").post("/api/v1/partnerships/transactions", json.dumps({
        "convention": str(world.rsk.pk), "type": 4, "party": str(personas.entraide.pk), "amount": "1200000.00",
        "value_date": "2025-05-01", "category": "works"}), content_type="application/json")  # fmt: skip
    assert created.status_code == 201 and created.json()["status"] == "pending"
    refused = client_for("national").post(f"/api/v1/partnerships/transactions/{created.json()['id']}/validate",
                                          json.dumps({"approve": True}), content_type="application/json")  # fmt: skip
    assert refused.status_code == 422  # four eyes: not the author
    figures = client_for("national").get("/api/v1/partnerships/figures?by=region&year=2025").json()
    assert figures["rows"][0]["key"] == "04" and figures["rows"][0]["committed"] == "10000000.00"
    schema = client_for("national").get("/api/v1/openapi.json").json()
    for path in ("/api/v1/partnerships/conventions", "/api/v1/partnerships/transactions",
                 "/api/v1/partnerships/projects", "/api/v1/partnerships/iati.xml"):  # fmt: skip
        assert path in schema["paths"]


def test_iati_export_is_valid_against_the_2_03_schema(client_for, world: World, money: Transaction) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national").get("/api/v1/partnerships/iati.xml")
    assert response.status_code == 200
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == 3  # two conventions and the project
    types = [element.get("code") for element in document.iter("transaction-type")]
    assert sorted(types) == ["2", "3"]
    assert AuditLog.objects.filter(action="export", object_repr="iati.xml").exists()
    assert client_for("partner").get("/api/v1/partnerships/iati.xml").status_code == 404
    assert client_for("region_rsk").get("/api/v1/partnerships/iati.xml").status_code == 200


def test_import_reports_rows_and_writes_nothing_on_error(client_for, world: World, money: Transaction) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    national = client_for("national")
    bad = ("external_ref,convention,type,party,receiver,amount,date\n"
           "EXT-2,CV-RSK-1,commitment,CRRSK,,6000000,2025-02-01\n"
           "EXT-3,CV-RSK-1,disbursement,MSISF,Nobody,100,2025-02-01\n"
           "EXT-4,CV-XX,commitment,MSISF,,100,31/02/2025\n")  # fmt: skip
    before = Transaction.objects.count()
    response = national.post(reverse("partnerships:import"), {"file": SimpleUploadedFile("m.csv", bad.encode())})
    errors = response.context["report"].errors
    assert [line for line, _message in errors] == [3, 4]
    assert Transaction.objects.count() == before
    good = ("external_ref,convention,type,party,receiver,amount,date\n"
            "EXT-1,CV-RSK-1,commitment,MSISF,,10000000,2025-03-01\n"
            "EXT-2,CV-RSK-1,commitment,CRRSK,,6000000,2025-02-01\n"
            "EXT-3,CV-RSK-1,disbursement,WRSK,EN,250000.25,01/02/2025\n")  # fmt: skip
    report = national.post(reverse("partnerships:import"), {"file": SimpleUploadedFile("m.csv", good.encode())}
                           ).context["report"]  # fmt: skip
    assert (report.written, report.skipped, report.errors) == (2, 1, [])
    again = national.post(reverse("partnerships:import"), {"file": SimpleUploadedFile("m.csv", good.encode())}
                          ).context["report"]  # fmt: skip
    assert (again.written, again.skipped) == (0, 3)
    assert Transaction.objects.count() == before + 2
    assert client_for("region_rsk").get(reverse("partnerships:import")).status_code == 404


def test_csv_export_and_document_upload(client_for, world: World, money: Transaction, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.JISR_PARTNERSHIPS_FILES_DIR = tmp_path
    national = client_for("national")
    csv = national.get(reverse("partnerships:export")).content.decode()
    assert "10000000.00" in csv and "CV-RSK-1" in csv
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    url = reverse("partnerships:status", args=[world.rsk.pk])
    assert national.post(url, {"doc-document": SimpleUploadedFile("signed.pdf", pdf)}).status_code == 302
    assert client_for("region_rsk").get(reverse("partnerships:document", args=[world.rsk.pk])).content == pdf
    assert client_for("partner").get(reverse("partnerships:document", args=[world.rsk.pk])).status_code == 404
    refused = national.post(url, {"doc-document": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert refused.status_code == 422


def test_every_page_and_endpoint_answers_404_to_who_must_not_see_it(
    client_for, world: World, money: Transaction
) -> None:  # type: ignore[no-untyped-def]
    souss, rsk = world.souss.pk, world.rsk.pk
    pages = [reverse("partnerships:new"), reverse("partnerships:figures"), reverse("partnerships:export"),
             reverse("partnerships:import"), reverse("partnerships:detail", args=[rsk]),
             reverse("partnerships:entry_new", args=[rsk]), reverse("partnerships:earmark_new", args=[rsk]),
             reverse("partnerships:entry_validate", args=[money.pk]), reverse("partnerships:document", args=[rsk]),
             "/api/v1/partnerships/conventions", "/api/v1/partnerships/projects", "/api/v1/partnerships/transactions",
             "/api/v1/partnerships/figures", "/api/v1/partnerships/iati.xml"]  # fmt: skip
    for name in ("outsider", "worker_a", "citizen"):
        client = client_for(name)
        for url in pages:
            assert client.get(url).status_code == 404, (name, url)
    partner = client_for("partner")  # party to Souss-Massa only, and may only read
    for url in [pages[0], *pages[2:9], pages[-1]]:
        assert partner.get(url).status_code == 404, url
    assert partner.get(reverse("partnerships:figures")).status_code == 200
    assert partner.post(reverse("partnerships:status", args=[souss]), {"status-status": "signed"}).status_code == 404
    assert client_for("region_rsk").get(reverse("partnerships:entry_new", args=[souss])).status_code == 404
    assert client_for("region_rsk").get(reverse("partnerships:new")).status_code == 404
    payload = {"convention": str(souss), "type": 2, "party": str(world.ministry.pk), "amount": "1",
               "value_date": "2025-01-01"}  # fmt: skip
    posted = partner.post("/api/v1/partnerships/transactions", json.dumps(payload), content_type="application/json")
    assert posted.status_code == 404
