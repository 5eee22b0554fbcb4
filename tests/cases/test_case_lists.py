"""The case list's export and saved filters (issue 12, item 4).

Export: CSV and XLSX of the current filter for the roles that may (the center manager and the
coordinators, not the social worker, the partner, the analyst or the citizen), audited with the filter
and the row count, and never a confidential field — the test plants recognizable confidential texts in
every place a case keeps one and looks for them in the file. Saved filters: each user's own, applied
within the user's scope."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jisr.cases import case_lists, flags, handover, services
from jisr.cases.models import SavedCaseFilter
from jisr.core.models import AuditLog
from jisr.people.models import Vulnerability
from tests.cases.test_cases import open_case
from tests.people.helpers import register
from tests.personas import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
MAY_NOT_EXPORT = ("worker_a", "worker_b", "partner", "analyst", "citizen", "outsider")
SECRETS = ("NOTE-SECRETE-4471", "RAISON-CONFIDENTIELLE-88", "MOTIF-DRAPEAU-31", "NOTE-TRANSFERT-5")
HEADER = ["Reference", "Person", "Center code", "Center", "Status", "Urgency", "Flags", "Social worker",
          "Opened on", "Closed on", "Reason for closure"]  # fmt: skip


@pytest.fixture
def cases(personas):  # type: ignore[no-untyped-def]
    """Three cases of center A (one urgent, flagged, with confidential texts everywhere) and one of center B."""
    fatima = register(personas, first_name_ar="فاطمة", last_name_ar="السوسي", first_name_latin="Fatima",
                      last_name_latin="Soussi", sex="F")  # fmt: skip
    Vulnerability.objects.create(person=fatima, category="violence_victim", noted_at=timezone.localdate())
    secret = open_case(personas, fatima, urgency="urgent", reason=SECRETS[1])
    services.listening_record(acting_user=personas.worker_a, case=secret, needs=["safety"], notes=SECRETS[0])
    flags.case_flag_set(acting_user=personas.worker_a, case=secret, kind="safety_risk", reason=SECRETS[2])
    handover.case_transfer_request(acting_user=personas.manager_a, case=secret, to_center=personas.center_b,
                                   note=SECRETS[3], consent_obtained=True)  # fmt: skip
    plain = [open_case(personas, register(personas, first_name_ar=f"سعيد{n}", last_name_ar="الدكالي")) for n in "ab"]
    yassine = register(personas, by="worker_b", center="center_b", first_name_ar="ياسين", last_name_ar="الوجدي")
    other = services.case_open(acting_user=personas.worker_b, person=yassine, center=personas.center_b, reason="x",
                               channel="walk_in", consent_obtained=True)  # fmt: skip
    return {"secret": secret, "plain": plain, "other": other}


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_manager_exports_the_filtered_list_without_confidential_fields(personas, cases, client_for) -> None:  # type: ignore[no-untyped-def]
    manager = client_for("manager_a")
    manager.cookies["jisr_language"] = "en"
    response = manager.get(reverse("cases:export"), {"status": "open", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == HEADER
    secret = cases["secret"]
    references = sorted(row[0] for row in rows[1:])
    assert references == sorted([secret.reference, *(c.reference for c in cases["plain"])])  # center A only
    line = next(row for row in rows if row[0] == secret.reference)
    assert line[2] == personas.center_a.code and line[5] == "urgent" and line[6] == "safety risk"
    assert line[7] == "p-worker-a" and line[8] == timezone.localdate(secret.opened_at).isoformat()
    body = response.content.decode("utf-8-sig")
    for text in (*SECRETS, "violence", "victim"):
        assert text not in body, text
    entry = AuditLog.objects.get(action="export", object_type="cases.case")
    assert entry.actor == personas.manager_a
    assert entry.changes == {"format": "csv", "filters": {"status": "open"}, "rows": 3}


def test_xlsx_follows_the_filter_and_neutralizes_formulas(personas, cases, client_for) -> None:  # type: ignore[no-untyped-def]
    sneaky = make_user("+1+1", "social_worker", center=personas.center_a)  # a username a spreadsheet would run
    services.case_assign(acting_user=personas.manager_a, case=cases["plain"][0], worker=sneaky)
    manager = client_for("manager_a")
    manager.cookies["jisr_language"] = "en"
    flagged = manager.get(reverse("cases:export"), {"flag": "safety_risk", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(flagged.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == HEADER and [row[0] for row in values[1:]] == [cases["secret"].reference]
    everything = manager.get(reverse("cases:export"), {"format": "xlsx"})
    cells = [cell.value for row in load_workbook(io.BytesIO(everything.content)).active.iter_rows() for cell in row]
    assert "'+1+1" in cells and "+1+1" not in cells
    assert not any(isinstance(cell, str) and any(text in cell for text in SECRETS) for cell in cells)
    audits = AuditLog.objects.filter(action="export", object_type="cases.case").order_by("occurred_at")
    assert [(a.changes["filters"], a.changes["rows"]) for a in audits] == [({"flag": "safety_risk"}, 1), ({}, 3)]


def test_who_may_export(personas, cases, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in MAY_NOT_EXPORT:
        assert client_for(name).get(reverse("cases:export"), {"format": "csv"}).status_code == 404, name
        assert "cases/export" not in client_for(name).get(reverse("cases:list")).content.decode(), name
    assert not AuditLog.objects.filter(action="export").exists()
    coordinator = client_for("province_agadir").get(reverse("cases:export"), {"format": "csv"})
    assert coordinator.status_code == 200 and len(_csv(coordinator)) == 1 + 3  # Agadir only, not Oujda
    national = _csv(client_for("national").get(reverse("cases:export"), {"format": "csv"}))
    assert len(national) == 1 + 4


def test_an_export_above_the_limit_is_refused_and_not_logged(personas, cases, client_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(case_lists, "EXPORT_LIMIT", 2)
    response = client_for("manager_a").get(reverse("cases:export"), {"format": "csv", "urgency": ""})
    assert response.status_code == 302 and response["Location"].startswith(reverse("cases:list"))
    assert not AuditLog.objects.filter(action="export").exists()
    assert (
        client_for("manager_a").get(reverse("cases:export"), {"format": "csv", "urgency": "urgent"}).status_code == 200
    )


def test_saved_filters_are_each_users_own(personas, cases, client_for) -> None:  # type: ignore[no-untyped-def]
    worker, manager = client_for("worker_a"), client_for("manager_a")
    saved = worker.post(reverse("cases:saved_filter_save"),
                        {"saved-name": "Urgents", "query": "urgency=urgent&status=open&q=Fatima"})  # fmt: skip
    mine = SavedCaseFilter.objects.get()
    assert mine.owner == personas.worker_a and mine.params == {"urgency": "urgent", "status": "open"}  # no name
    assert saved["Location"] == f"{reverse('cases:list')}?{mine.query_string}"
    applied = worker.get(saved["Location"])
    assert [c.pk for c in applied.context["page"]] == [cases["secret"].pk]
    assert [s.name for s in applied.context["saved_filters"]] == ["Urgents"]
    assert manager.get(reverse("cases:list")).context["saved_filters"] == []
    delete_url = reverse("cases:saved_filter_delete", args=[mine.pk])
    assert manager.get(delete_url).status_code == 404 and manager.post(delete_url).status_code == 404
    assert SavedCaseFilter.objects.exists()
    confirm = worker.get(delete_url)
    assert confirm.status_code == 200 and "Urgents" in confirm.content.decode() and SavedCaseFilter.objects.exists()
    worker.post(delete_url)
    assert not SavedCaseFilter.objects.exists()
    assert [a.action for a in AuditLog.objects.filter(object_type="cases.savedcasefilter").order_by("occurred_at")] == [
        "create", "delete"]  # fmt: skip
    for name in ("partner", "analyst", "citizen", "outsider"):
        client = client_for(name)
        assert client.post(reverse("cases:saved_filter_save"), {"saved-name": "x", "query": "status=open"}
                           ).status_code == 404, name  # fmt: skip
    assert not SavedCaseFilter.objects.exists()


def test_a_saved_filter_applies_within_the_scope_only(personas, cases, client_for) -> None:  # type: ignore[no-untyped-def]
    worker = client_for("worker_a")
    refused = worker.post(reverse("cases:saved_filter_save"),
                          {"saved-name": "Oujda", "query": f"center={personas.center_b.pk}"})  # fmt: skip
    assert refused.status_code == 302 and not SavedCaseFilter.objects.exists()
    assert (
        worker.post(reverse("cases:saved_filter_save"), {"saved-name": "Rien", "query": "q=Fatima"}).status_code == 302
    )
    assert not SavedCaseFilter.objects.exists()  # only a search text: nothing to save
    # A filter saved when the center was in scope (or written by hand) shows nothing outside the scope.
    stale = SavedCaseFilter.objects.create(owner=personas.worker_a, name="Oujda",
                                           params={"center": str(personas.center_b.pk)})  # fmt: skip
    shown = worker.get(f"{reverse('cases:list')}?{stale.query_string}")
    assert shown.status_code == 200 and list(shown.context["page"]) == []
    assert cases["other"].reference not in shown.content.decode()
    national = client_for("national").get(f"{reverse('cases:list')}?{stale.query_string}")
    assert [c.pk for c in national.context["page"]] == [cases["other"].pk]  # the same filter, a wider scope
