"""Editing a convention, its parties, projects and planned budgets, by page and by API: clear messages, nothing
half-written, every write audited, and a 404 for who must not (a regional coordinator may read and record but
not change a convention; a partner only reads its own)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.urls import reverse

from jisr.core.models import AuditLog
from jisr.partnerships.models import Budget, Coverage, Project
from tests.partnerships.conftest import World
from tests.personas import AGADIR_PROVINCE, RSK_REGION, Personas


def test_pages_refuse_who_may_not_change(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    project = Project.objects.create(convention=world.rsk, code="P0", title_ar="م", title_fr="P")
    urls = [reverse("partnerships:edit", args=[world.rsk.pk]), reverse("partnerships:party", args=[world.rsk.pk]),
            reverse("partnerships:project_new", args=[world.rsk.pk]),
            reverse("partnerships:budget", args=[world.rsk.pk]),
            reverse("partnerships:project_edit", args=[world.rsk.pk, project.pk])]  # fmt: skip
    for name in ("region_rsk", "partner", "outsider", "worker_a"):
        client = client_for(name)
        for url in urls:
            assert client.get(url).status_code == 404, (name, url)
            assert client.post(url, {"year": 2025, "amount": "1"}).status_code == 404, (name, url)
    national = client_for("national")
    for url in urls:
        assert national.get(url).status_code == 200, url
    assert "partnerships/" in national.get(reverse("partnerships:detail", args=[world.rsk.pk])).content.decode()


def test_edit_convention_page(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    url = reverse("partnerships:edit", args=[world.rsk.pk])
    data = {"number": "CV-RSK-1", "title_ar": "اتفاقية ثلاثية", "title_fr": "Convention tripartite révisée",
            "kind": world.rsk.kind, "signed_on": "2025-03-01", "starts_on": "2025-03-01",
            "ends_on": "2024-01-01"}  # fmt: skip
    refused = national.post(url, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 200  # the end before the start is refused, nothing written
    world.rsk.refresh_from_db()
    assert world.rsk.title_fr == "Convention tripartite RSK"
    data["ends_on"] = "2026-12-31"
    assert national.post(url, data).status_code == 302
    world.rsk.refresh_from_db()
    assert world.rsk.title_fr == "Convention tripartite révisée"
    log = AuditLog.objects.filter(action=AuditLog.Action.UPDATE, object_id=str(world.rsk.pk)).latest("pk")
    assert log.changes["title_fr"] == ["Convention tripartite RSK", "Convention tripartite révisée"]
    taken = national.post(url, {**data, "number": "CV-SM-1"})
    assert taken.status_code == 200 and not taken.context["form"].is_valid()


def test_project_pages_check_shares_and_centers(client_for, world: World, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    url = reverse("partnerships:project_new", args=[world.rsk.pk])
    base = {"code": "P-W", "title_ar": "تمكين النساء", "title_fr": "Autonomisation des femmes"}
    bad = national.post(url, {**base, "territories": f"{RSK_REGION} 60\n{AGADIR_PROVINCE} 30"})
    assert bad.status_code == 200 and "100" in str(bad.context["form"].errors)
    unknown = national.post(url, {**base, "centers": "no-such-center"})
    assert unknown.status_code == 200 and "no-such-center" in str(unknown.context["form"].errors)
    assert not Project.objects.filter(code="P-W").exists()
    assert national.post(url, {**base, "territories": f"{RSK_REGION} 100",
                               "centers": personas.center_rabat.code}).status_code == 302  # fmt: skip
    project = Project.objects.get(code="P-W")
    assert list(project.centers.all()) == [personas.center_rabat]
    assert AuditLog.objects.filter(action=AuditLog.Action.CREATE, object_id=str(project.pk)).exists()
    edit = reverse("partnerships:project_edit", args=[world.rsk.pk, project.pk])
    assert national.get(edit).status_code == 200
    assert national.post(edit, {**base, "title_fr": "Femmes", "territories": "", "centers": ""}).status_code == 302
    project.refresh_from_db()
    assert project.title_fr == "Femmes" and not project.own_coverage and not project.centers.exists()
    assert not Coverage.objects.filter(project=project).exists()
    log = AuditLog.objects.filter(action=AuditLog.Action.UPDATE, object_id=str(project.pk)).latest("pk")
    assert set(log.changes) >= {"title_fr", "territories", "centers"}
    # A project of another convention is not reached through this one.
    other = Project.objects.create(convention=world.souss, code="S1", title_ar="س", title_fr="S")
    assert national.get(reverse("partnerships:project_edit", args=[world.rsk.pk, other.pk])).status_code == 404


def test_budget_and_party_pages(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    url = reverse("partnerships:budget", args=[world.rsk.pk])
    assert national.post(url, {"year": 2025, "amount": "-5"}).status_code == 200
    assert national.post(url, {"year": 2025, "amount": "20000000.50"}).status_code == 302
    assert national.post(url, {"year": 2025, "amount": "25000000"}).status_code == 302
    budget = Budget.objects.get(convention=world.rsk, year=2025, project=None)
    assert budget.amount == Decimal("25000000.00")
    log = AuditLog.objects.filter(action=AuditLog.Action.UPDATE, object_type="partnerships.budget").latest("pk")
    assert log.changes["amount"] == ["20000000.50", "25000000.00"]
    party_url = reverse("partnerships:party", args=[world.rsk.pk])
    assert national.post(party_url, {"organization": world.wilaya.pk}).status_code == 200  # no role: refused
    assert national.get(party_url, {"organization": str(world.wilaya.pk)}).status_code == 200
    assert national.post(party_url, {"organization": world.wilaya.pk,
                                     "roles": ["funding", "accountable"]}).status_code == 302  # fmt: skip
    wilaya = world.rsk.parties.get(organization=world.wilaya)
    assert wilaya.funding and wilaya.accountable and not wilaya.implementing


def test_api_writes(client_for, world: World, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    base = f"/api/v1/partnerships/conventions/{world.rsk.pk}"
    patched = national.patch(base, json.dumps({"title_fr": "Convention RSK"}), content_type="application/json")
    assert patched.status_code == 200 and patched.json()["title_fr"] == "Convention RSK"
    bad = national.patch(base, json.dumps({"kind": "nonsense"}), content_type="application/json")
    assert bad.status_code == 422 and "kind" in bad.json()["errors"]
    status = national.post(f"{base}/status", json.dumps({"status": "closed"}), content_type="application/json")
    assert status.status_code == 422  # signed → closed skips "in force"
    project = national.post(f"{base}/projects", json.dumps({
        "code": "P-API", "title_ar": "م", "title_fr": "Projet API", "centers": [personas.center_rabat.code],
        "territories": [{"level": "region", "code": RSK_REGION, "share_percent": "70"},
                        {"level": "province", "code": AGADIR_PROVINCE, "share_percent": "20"}]}),
        content_type="application/json")  # fmt: skip
    assert project.status_code == 422 and "territories" in project.json()["errors"]
    assert not Project.objects.filter(code="P-API").exists()
    project = national.post(f"{base}/projects", json.dumps({
        "code": "P-API", "title_ar": "م", "title_fr": "Projet API", "centers": [personas.center_rabat.code],
        "territories": [{"level": "region", "code": RSK_REGION, "share_percent": "100"}]}),
        content_type="application/json")  # fmt: skip
    assert project.status_code == 201, project.content
    project_id = project.json()["id"]
    changed = national.patch(f"/api/v1/partnerships/projects/{project_id}", json.dumps({"centers": []}),
                             content_type="application/json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["centers"] == []
    budget = national.put(f"{base}/budgets", json.dumps({"year": 2026, "amount": "1500000.25", "project": "P-API"}),
                          content_type="application/json")  # fmt: skip
    assert budget.status_code == 200 and budget.json()["amount"] == "1500000.25"
    party = national.put(f"{base}/parties/{world.council.pk}", json.dumps({"roles": ["implementing"]}),
                         content_type="application/json")  # fmt: skip
    assert party.status_code == 200 and party.json()["roles"] == ["implementing"]
    for name in ("region_rsk", "partner", "outsider"):
        client = client_for(name)
        assert client.patch(base, json.dumps({"title_fr": "x"}), content_type="application/json").status_code == 404
        assert client.put(f"{base}/budgets", json.dumps({"year": 2026, "amount": "1"}),
                          content_type="application/json").status_code == 404  # fmt: skip
        assert client.patch(f"/api/v1/partnerships/projects/{project_id}", json.dumps({"title_fr": "x"}),
                            content_type="application/json").status_code == 404  # fmt: skip
    paths = client_for("national").get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/partnerships/conventions/{convention_id}/projects" in paths
    assert "put" in paths["/api/v1/partnerships/conventions/{convention_id}/budgets"]


def test_earmarks_in_figures_page_and_api(client_for, world: World, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.partnerships import services
    from tests.partnerships.conftest import DAY, party

    national = personas.national
    commitment = services.transaction_record(acting_user=national, convention=world.rsk, kind=2,
                                             party=party(world.rsk, world.ministry), amount=Decimal("10000000"),
                                             value_date=DAY)  # fmt: skip
    earmark = services.earmark_add(acting_user=national, commitment=commitment, target="women",
                                   amount=Decimal("6000000"))  # fmt: skip
    spent = services.transaction_record(acting_user=national, convention=world.rsk, kind=4,
                                        party=party(world.rsk, personas.entraide), amount=Decimal("400000.25"),
                                        value_date=DAY, category="training", earmark=earmark)  # fmt: skip
    services.transaction_record(acting_user=national, convention=world.rsk, kind=4,
                                party=party(world.rsk, personas.entraide), amount=Decimal("100000"),
                                value_date=DAY, category="works", earmark=earmark)  # fmt: skip
    services.transaction_reverse(acting_user=national, entry=spent, reason="wrong amount")
    figures = client_for("national").get("/api/v1/partnerships/figures?by=region").json()
    assert figures["earmarks"] == [{"target": "women", "label": figures["earmarks"][0]["label"],
                                    "earmarked": "6000000.00", "spent": "100000.00", "remaining": "5900000.00",
                                    "rate": "1.7"}]  # fmt: skip
    listed = client_for("region_rsk").get("/api/v1/partnerships/earmarks").json()
    assert [(row["id"], row["remaining"], row["convention"]) for row in listed] == [
        (earmark.pk, "5900000.00", "CV-RSK-1")
    ]
    assert client_for("partner").get("/api/v1/partnerships/earmarks").json() == []  # not party to RSK
    assert client_for("partner").get("/api/v1/partnerships/figures").json()["earmarks"] == []
    assert client_for("outsider").get("/api/v1/partnerships/earmarks").status_code == 404
    page = client_for("national").get(reverse("partnerships:figures"), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="earmarks-title"' in html and "5" in html
    assert [row.remaining for row in page.context["earmarks"]] == [Decimal("5900000.00")]


def test_regional_list_shows_the_region_part_by_shares(client_for, world: World, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.partnerships import services
    from jisr.partnerships.services import TerritoryShare
    from tests.partnerships.conftest import DAY, party
    from tests.personas import make_user

    shared = services.convention_create(
        acting_user=personas.national, number="CV-SHARED", title_ar="مشتركة", title_fr="Partagée", kind="specific",
        territories=[TerritoryShare("region", RSK_REGION, Decimal(60)),
                     TerritoryShare("province", AGADIR_PROVINCE, Decimal(40))],
        parties=[(world.ministry, ["funding"])])  # fmt: skip
    services.transaction_record(acting_user=personas.national, convention=shared, kind=2,
                                party=party(shared, world.ministry), amount=Decimal("1000000"),
                                value_date=DAY)  # fmt: skip
    url = reverse("partnerships:list")
    regional = client_for("region_rsk").get(url)
    rows = {convention.number: money for convention, money in regional.context["rows"]}
    assert rows["CV-SHARED"].committed == Decimal("600000.00")
    assert regional.context["totals"].committed == Decimal("600000.00")
    assert regional.context["regional_part"] and 'id="regional-note"' in regional.content.decode()
    souss = make_user("p-region-souss", "regional_coordinator", region_id=personas.center_a.region_code)
    souss_client = client_for(None)
    souss_client.force_login(souss)
    souss_rows = {c.number: money for c, money in souss_client.get(url).context["rows"]}
    assert souss_rows["CV-SHARED"].committed == Decimal("400000.00")
    national = client_for("national").get(url)
    assert {c.number: m for c, m in national.context["rows"]}["CV-SHARED"].committed == Decimal("1000000.00")
    assert not national.context["regional_part"] and national.context["totals"].committed == Decimal("1000000.00")
