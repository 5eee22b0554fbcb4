"""The audit log page and its CSV export: who may read it, each filter, pages, links in scope, query count."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone, translation

from jisr.accounts.models import Role
from jisr.core import audit
from jisr.core.models import AuditLog
from tests.people.helpers import open_case, register

URLS = ["/accounts/audit/", "/accounts/audit/export.csv"]
OTHERS = ["analyst", "region_rsk", "province_agadir", "manager_a", "worker_a", "worker_b", "partner", "citizen",
          "outsider"]  # fmt: skip


def test_only_the_national_officer_role_may_read_the_log(db) -> None:  # type: ignore[no-untyped-def]
    holders = Role.objects.filter(permissions__content_type__app_label="core", permissions__codename="view_audit")
    assert list(holders.values_list("slug", flat=True)) == ["national_officer"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", OTHERS)
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


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return [shown.entry.actor_username or shown.entry.object_repr for shown in response.context["page"].entries]


def test_filters_by_person_acting_action_type_and_record(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    personas.manager_a.first_name, personas.manager_a.last_name = "Fatima", "Zahra"
    personas.manager_a.save(update_fields=["first_name", "last_name"])
    _entries(personas)
    client = client_for("national")

    def found(**params: str) -> list[str]:
        return _names(client.get("/accounts/audit/", params))

    assert found(actor="p-manager-a") == ["p-manager-a"]
    assert found(actor="zahra fatima") == ["p-manager-a"]  # by name, words in any order, any case
    assert found(actor="nobody-has-this-name") == []
    assert found(action="view") == ["p-worker-a"]
    assert found(action="login_failed") == ["ghost"]
    assert found(object_type="centers.center", object_id=str(personas.center_b.pk)) == ["p-worker-a"]
    assert found(object_id=str(personas.center_a.pk)) == ["p-manager-a"]
    assert len(found(object_type="centers.center")) == 2


def test_the_type_select_names_the_models_in_the_readers_language(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    for language, center, case in (("ar", "المركز", "ملف"), ("fr", "Centre", "Dossier")):
        client.cookies["jisr_language"] = language
        choices = dict(client.get("/accounts/audit/").context["form"].fields["object_type"].choices)
        assert (choices["centers.center"], choices["cases.case"]) == (center, case)


def test_date_range_uses_whole_local_days(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    today = timezone.localdate()
    client = client_for("national")
    everything = AuditLog.objects.count()  # the three entries and the national officer's login
    assert client.get("/accounts/audit/", {"date_from": today, "date_to": today}).context["page"].total == everything
    day_first = today.strftime("%d/%m/%Y")  # typed day first, as the pages write dates
    assert client.get("/accounts/audit/", {"date_from": day_first}).context["page"].total == everything
    yesterday = (today - timedelta(days=1)).isoformat()
    assert client.get("/accounts/audit/", {"date_to": yesterday}).context["page"].total == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "date_to"),
        ({"date_from": "31/02/2026"}, "date_from"),
        ({"object_type": "cases.case", "object_id": "12"}, "object_id"),
        ({"object_type": "no.such"}, "object_type"),
        ({"action": "dance"}, "action"),
    ],
)
def test_filters_that_do_not_hold_are_said_and_read_nothing(personas, client_for, params, field) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    client = client_for("national")
    response = client.get("/accounts/audit/", params)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    html = response.content.decode()
    assert "error-summary" in html and f'href="#id_{field}"' in html
    assert response.context["page"] is None and "<table" not in html
    # The export does not hand over the whole log instead: it sends back to the page.
    export = client.get("/accounts/audit/export.csv", params)
    assert export.status_code == 302 and export["Location"].startswith("/accounts/audit/?")
    assert not AuditLog.objects.filter(action="export").exists()


def test_empty_states(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    client.cookies["jisr_language"] = "en"
    assert "No entry matches these filters." in client.get("/accounts/audit/", {"action": "delete"}).content.decode()


def test_pages_go_back_and_forth_by_position(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for number in range(60):
        audit.record(actor=personas.worker_a, action="view", object_type="centers.center", object_id=str(number))
    client = client_for("national")
    first = client.get("/accounts/audit/", {"action": "view"}).context["page"]
    assert [shown.entry.object_id for shown in first.entries] == [str(n) for n in range(59, 9, -1)]
    assert first.total == 60 and first.newer is None and first.older is not None
    html = client.get("/accounts/audit/", {"action": "view"}).content.decode()
    assert f"action=view&amp;before={first.older}" in html
    second = client.get("/accounts/audit/", {"action": "view", "before": first.older}).context["page"]
    assert [shown.entry.object_id for shown in second.entries] == [str(n) for n in range(9, -1, -1)]
    assert second.older is None and second.newer is not None
    back = client.get("/accounts/audit/", {"action": "view", "after": second.newer}).context["page"]
    assert [shown.entry.object_id for shown in back.entries] == [str(n) for n in range(59, 9, -1)]
    # A position that is not one reads the first page.
    assert client.get("/accounts/audit/", {"action": "view", "before": "x1"}).context["page"].older == first.older


def test_the_count_stops_at_the_limit(personas, client_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from jisr.accounts import selectors

    monkeypatch.setattr(selectors, "AUDIT_COUNT_LIMIT", 5)
    for number in range(8):
        audit.record(actor=personas.worker_a, action="view", object_type="centers.center", object_id=str(number))
    client = client_for("national")
    client.cookies["jisr_language"] = "en"
    response = client.get("/accounts/audit/", {"action": "view"})
    assert response.context["page"].total_is_capped
    assert "More than" in response.content.decode()


def _give_audit_to(slug: str) -> None:
    Role.objects.get(slug=slug).permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="view_audit")
    )


def test_a_link_only_to_what_the_reader_may_see(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    """A regional coordinator given the log sees links to the cases of their region only, and nothing of a
    person of another region but the fact that an entry exists."""
    _give_audit_to("regional_coordinator")
    amina = register(personas, first_name_latin="Amina", last_name_latin="Benali", sex="F")
    karim = register(
        personas, first_name_latin="Karim", last_name_latin="Idrissi", center="center_rabat", by="national"
    )
    agadir = open_case(personas, amina, center="center_a", by="worker_a")
    rabat = open_case(personas, karim, center="center_rabat", by="national")
    for case in (agadir, rabat):
        audit.record(actor=personas.national, action="update", obj=case, changes={"urgency": ["routine", "urgent"]})
    html = client_for("region_rsk").get("/accounts/audit/", {"object_type": "cases.case"}).content.decode()
    assert f'href="/cases/{rabat.pk}/"' in html
    assert f'href="/cases/{agadir.pk}/"' not in html
    people = client_for("region_rsk").get("/accounts/audit/", {"object_type": "people.person"}).content.decode()
    assert "Karim Idrissi" in people and f'href="/people/{rabat.person_id}/"' in people
    assert "Amina" not in people and "Benali" not in people and f'href="/people/{agadir.person_id}/"' not in people
    national = client_for("national").get("/accounts/audit/", {"object_type": "cases.case"}).content.decode()
    assert f'href="/cases/{rabat.pk}/"' in national and f'href="/cases/{agadir.pk}/"' in national


def test_history_of_a_record_is_one_click_from_its_page(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = open_case(
        personas,
        register(personas, first_name_latin="Amina", last_name_latin="Alaoui", sex="F"),
        center="center_a",
        by="worker_a",
    )
    history = f"/accounts/audit/?object_type=cases.case&amp;object_id={case.pk}"
    assert history in client_for("national").get(f"/cases/{case.pk}/").content.decode()
    assert "/accounts/audit/" not in client_for("worker_a").get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize("entries", [3, 60])
def test_query_count_is_pinned(personas, client_for, django_assert_num_queries, entries) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_latin="Amina", last_name_latin="Alaoui", sex="F")
    case = open_case(personas, person, center="center_a", by="worker_a")
    for number in range(entries):
        audit.record(actor=personas.worker_a, action="view", obj=[personas.center_a, personas.center_b][number % 2])
        assigned = {"assigned_to": [None, str(personas.worker_a.pk)], "center": [None, str(personas.center_a.pk)]}
        audit.record(actor=personas.manager_a, action="update", obj=case, changes=assigned)
        audit.record(actor=personas.worker_a, action="update", obj=person, changes={"phone": ["", "0600000000"]})
    client = client_for("national")
    client.get("/accounts/audit/")
    # session, user, scope (memberships, permissions, content types), count, the page with its actors; then
    # one query per model named on the page: centers, cases, persons, accounts (the case's worker); the menu's
    # unread notifications, open social-watch alerts and the partnerships' entries awaiting validation.
    with django_assert_num_queries(14):
        response = client.get("/accounts/audit/")
    assert len(response.context["page"].entries) == min(50, 3 * entries + 2)


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the Arabic right only with it
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_csv_export_is_readable_and_itself_audited(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    client = client_for("national")
    client.cookies["jisr_language"] = "en"
    response = client.get("/accounts/audit/export.csv", {"object_type": "centers.center"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv(response)
    assert header == ["When", "Person acting", "Action", "Type of record", "Record", "Record identifier", "Changes",
                      "IP address"]  # fmt: skip
    by_actor = {row[1]: row for row in rows}
    assert sorted(by_actor) == ["p-manager-a", "p-worker-a"]
    update = by_actor["p-manager-a"]
    assert update[2:6] == ["updated", "Center", personas.center_a.name_en or personas.center_a.name_fr,
                           str(personas.center_a.pk)]  # fmt: skip
    assert update[6] == "Capacity (persons): 40 → 55; Phone: — → 0528000000"
    export = AuditLog.objects.get(action="export")
    assert export.actor == personas.national
    assert export.changes == {"format": "CSV", "filters": {"object_type": "centers.center"}, "rows": 2}


def test_csv_headers_and_names_follow_the_readers_language(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _entries(personas)
    client = client_for("national")
    client.cookies["jisr_language"] = "ar"
    header, *rows = _csv(client.get("/accounts/audit/export.csv", {"object_id": str(personas.center_a.pk)}))
    with translation.override("ar"):
        assert header[0] == translation.gettext("When")
    assert rows[0][3:5] == ["المركز", personas.center_a.name_ar]


def test_the_export_entry_reads_as_its_filters(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    client.cookies["jisr_language"] = "fr"
    b"".join(
        client.get("/accounts/audit/export.csv", {"action": "view", "object_type": "cases.case"}).streaming_content
    )
    (shown,) = client.get("/accounts/audit/", {"action": "export"}).context["page"].entries
    # The filters as the page labels them: the action's and the type's names, not their codes.
    assert "Action: consultation" in shown.changes_text and "Dossier" in shown.changes_text
    assert "cases.case" not in shown.changes_text and ": view" not in shown.changes_text


def test_csv_export_writes_formula_looking_names_as_text(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    audit.record(actor=None, action="login_failed", object_type="accounts.user", object_repr="=cmd|' /C calc'!A0")
    response = client_for("national").get("/accounts/audit/export.csv", {"object_type": "accounts.user"})
    header, *rows = _csv(response)
    assert "'=cmd|' /C calc'!A0" in [row[4] for row in rows]
    assert not any(cell.startswith("=") for row in rows for cell in row)
