"""The audit log search page and its CSV export: national officers only, filters, pagination, query count."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jisr.core import audit
from jisr.core.models import AuditLog

URLS = ["/accounts/audit/", "/accounts/audit/export.csv"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["analyst", "region_rsk", "province_agadir", "manager_a", "partner", "outsider"])
def test_audit_pages_are_404_for_everyone_but_national(client_for, url, persona) -> None:  # type: ignore[no-untyped-def]
    assert client_for(persona).get(url).status_code == 404
    assert not AuditLog.objects.filter(action="export").exists()


@pytest.mark.parametrize("url", URLS)
def test_audit_pages_send_anonymous_to_login(db, url) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _entries(personas) -> None:  # type: ignore[no-untyped-def]
    audit.record(
        actor=personas.manager_a,
        action="update",
        obj=personas.center_a,
        changes={"capacity": [40, 55], "phone": ["", "0528000000"]},
    )
    audit.record(actor=personas.worker_a, action="view", obj=personas.center_b)
    audit.record(actor=None, action="login_failed", object_type="accounts.user", object_repr="ghost")


def test_filters_by_actor_action_type_and_object(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    client = client_for("national")

    def found(**params: str) -> list[str]:
        response = client.get("/accounts/audit/", params)
        assert response.status_code == 200
        return [entry.actor_username or entry.object_repr for entry, _lines in response.context["rows"]]

    assert found(actor="p-manager-a") == ["p-manager-a"]
    assert found(action="view") == ["p-worker-a"]
    assert found(action="login_failed") == ["ghost"]
    assert found(object_type="centers.center", object_id=str(personas.center_b.pk)) == ["p-worker-a"]
    assert len(found(object_type="centers.center")) == 2


def test_date_range_uses_whole_local_days(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    today = timezone.localdate()
    client = client_for("national")
    everything = AuditLog.objects.count()  # the three entries and the national officer's login
    assert (
        client.get("/accounts/audit/", {"date_from": today, "date_to": today}).context["page"].paginator.count
        == everything
    )
    yesterday = (today - timedelta(days=1)).isoformat()
    assert client.get("/accounts/audit/", {"date_to": yesterday}).context["page"].paginator.count == 0
    bad = client.get("/accounts/audit/", {"date_from": today, "date_to": yesterday})
    assert bad.context["form"].errors["date_to"]


def test_diffs_are_shown_old_to_new(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    html = client_for("national").get("/accounts/audit/", {"actor": "p-manager-a"}).content.decode()
    assert "<del" in html and ">40</del>" in html and ">55</ins>" in html
    assert "0528000000" in html


def test_pagination_is_50_per_page(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for number in range(60):
        audit.record(actor=personas.worker_a, action="view", object_type="centers.center", object_id=str(number))
    client = client_for("national")
    first = client.get("/accounts/audit/", {"action": "view"})
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert "action=view&amp;page=2" in first.content.decode()
    assert len(client.get("/accounts/audit/", {"action": "view", "page": 2}).context["rows"]) == 10


@pytest.mark.parametrize("entries", [3, 60])
def test_query_count_is_pinned(personas, client_for, django_assert_num_queries, entries) -> None:  # type: ignore[no-untyped-def]
    for number in range(entries):
        audit.record(actor=personas.worker_a, action="view", object_type="centers.center", object_id=str(number))
    client = client_for("national")
    client.get("/accounts/audit/")
    # session, user, scope (memberships, permissions, content types), count, one page of entries, the menu's
    # unread notifications.
    with django_assert_num_queries(8):
        client.get("/accounts/audit/")


def test_csv_export_of_the_filtered_log_is_itself_audited(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    response = client_for("national").get("/accounts/audit/export.csv", {"object_type": "centers.center"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["occurred_at", "actor", "action"]
    assert sorted(row[1] for row in rows[1:]) == ["p-manager-a", "p-worker-a"]
    export = AuditLog.objects.get(action="export")
    assert export.actor == personas.national
    assert export.changes == {"filters": {"object_type": "centers.center"}, "rows": 2}


def test_csv_export_writes_formula_looking_names_as_text(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    audit.record(actor=None, action="login_failed", object_type="accounts.user", object_repr="=cmd|' /C calc'!A0")
    response = client_for("national").get("/accounts/audit/export.csv", {"object_type": "accounts.user"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert "'=cmd|' /C calc'!A0" in [row[5] for row in rows[1:]]
    assert not any(cell.startswith("=") for row in rows for cell in row)
