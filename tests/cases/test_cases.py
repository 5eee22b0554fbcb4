"""Cases: reception with a basis, listening (encrypted, read-audited), stage moves, closure, reopening;
pages and API tested with every persona who must not see them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse

from jisr.cases import services
from jisr.cases.models import Case, CaseStatusChange, ListeningRecord, Protocol
from jisr.core.models import AuditLog
from jisr.people.models import Consent
from tests.cases.helpers import answers_with_needs, approved_plan
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
OUTSIDE = ("worker_b", "region_rsk", "analyst", "partner", "citizen", "outsider")
JSON = "application/json"


@pytest.fixture
def person(personas):  # type: ignore[no-untyped-def]
    return register(personas, first_name_ar="فاطمة", last_name_ar="الزهراوي", sex="F")


def open_case(personas, person, **extra):  # type: ignore[no-untyped-def]
    return services.case_open(
        **{
            "acting_user": personas.worker_a,
            "person": person,
            "center": personas.center_a,
            "reason": "Sans revenu, cherche une formation",
            "channel": Case.Channel.WALK_IN,
            "consent_obtained": True,
            "assigned_to": personas.worker_a,
            **extra,
        }
    )


def test_opening_records_the_consent_first_and_numbers_the_case(personas, person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                           reason="x", channel="walk_in")  # fmt: skip
    assert "consent_obtained" in refused.value.message_dict and not Case.objects.exists()
    first = open_case(personas, person)
    second = open_case(personas, person)
    assert first.reference.endswith("-00001") and second.reference.endswith("-00002")
    assert first.status == Case.Status.RECEPTION and first.province_id == personas.center_a.province_id
    assert Consent.objects.filter(person=person, purpose="case_management").count() == 1
    assert AuditLog.objects.filter(object_type="cases.case", action="create").count() == 2


def test_legal_basis_instead_of_consent(personas, person) -> None:  # type: ignore[no-untyped-def]
    services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a, reason="danger",
                       channel="outreach", urgency="urgent", legal_basis="vital_interest")  # fmt: skip
    assert Consent.objects.get(person=person).legal_basis == "vital_interest"


def test_only_the_centers_staff_open_cases_and_assign_its_workers(personas, person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        services.case_open(acting_user=personas.worker_b, person=person, center=personas.center_a, reason="x",
                           channel="walk_in", consent_obtained=True)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        open_case(personas, person) and services.case_assign(
            acting_user=personas.worker_a, case=Case.objects.get(), worker=personas.worker_b
        )
    assert "assigned_to" in refused.value.message_dict


def test_the_pathway_moves_one_stage_at_a_time(personas, person) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    with pytest.raises(ValidationError):
        services.case_advance(acting_user=personas.worker_a, case=case, to=Case.Status.ORIENTATION)
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income", "training"], notes="سري")
    case.refresh_from_db()
    assert case.status == Case.Status.LISTENING
    with pytest.raises(ValidationError, match="diagnosis"):
        services.case_advance(acting_user=personas.worker_a, case=case, to="diagnosis")
    protocol = Protocol.objects.get(status=Protocol.Status.PUBLISHED)
    services.assessment_record(
        acting_user=personas.worker_a, case=case, protocol=protocol, answers=answers_with_needs(protocol)
    )
    case.refresh_from_db()
    case = services.case_advance(acting_user=personas.worker_a, case=case, to="orientation")
    with pytest.raises(ValidationError, match="plan"):
        services.case_advance(acting_user=personas.worker_a, case=case, to="pathway")
    approved_plan(personas, case)  # the plan's approval is what moves the case into its pathway
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="follow-ups"):
        services.case_advance(acting_user=personas.worker_a, case=case, to="follow_up")
    services.followups_schedule(acting_user=personas.worker_a, case=case)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_advance(acting_user=personas.worker_a, case=case, to="reception")
    with pytest.raises(Http404):
        services.case_advance(acting_user=personas.worker_b, case=case, to="closed")
    assert [c.to_status for c in case.status_changes.all()] == [
        "reception", "listening", "diagnosis", "orientation", "pathway", "follow_up"]  # fmt: skip


def test_a_stale_transition_is_refused(personas, person) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    stale = Case.objects.get(pk=case.pk)
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"])
    with pytest.raises(ValidationError):
        services._move(stale, expected="reception", to="listening", user=personas.worker_a)
    assert CaseStatusChange.objects.filter(case=case, to_status="listening").count() == 1


def test_closing_and_reopening_keep_the_history(personas, person) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"])
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_close(acting_user=personas.worker_a, case=case, reason="because")
    case = services.case_close(acting_user=personas.worker_a, case=case, reason="moved")
    assert case.status == "closed" and case.closed_at and case.closure_reason == "moved"
    with pytest.raises(ValidationError):
        services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"])
    with pytest.raises(Http404):
        services.case_reopen(acting_user=personas.worker_a, case=case, reason="back")
    case = services.case_reopen(acting_user=personas.manager_a, case=case, reason="came back")
    assert case.status == "listening" and case.closed_at is None
    assert case.status_changes.count() == 4


def test_listening_notes_are_ciphertext_and_every_read_is_audited(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    record = services.listening_record(acting_user=personas.worker_a, case=case, needs=["safety"],
                                       notes="تعرضت للعنف")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT notes FROM cases_listeningrecord WHERE id = %s",
            [record.pk.hex if connection.vendor == "sqlite" else record.pk],
        )
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "العنف" not in stored
    assert ListeningRecord.objects.get().notes == "تعرضت للعنف"
    assert "العنف" not in str(AuditLog.objects.filter(object_id=str(record.pk)).values_list("changes", flat=True))
    page = client_for("manager_a").get(reverse("cases:detail", args=[case.pk]))
    assert "تعرضت للعنف" in page.content.decode()
    assert AuditLog.objects.filter(action="view", actor=personas.manager_a, object_id=str(case.pk)).count() == 1
    coordinator = client_for("province_agadir").get(reverse("cases:detail", args=[case.pk]))
    assert coordinator.status_code == 200 and "تعرضت للعنف" not in coordinator.content.decode()
    assert client_for("province_agadir").get(f"/api/v1/cases/{case.pk}/listening").status_code == 404
    assert client_for("worker_a").get(f"/api/v1/cases/{case.pk}/listening").json()[0]["notes"] == "تعرضت للعنف"


def test_case_pages_are_404_outside_the_scope(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    for name in ("worker_a", "manager_a", "province_agadir", "national"):
        assert client_for(name).get(reverse("cases:detail", args=[case.pk])).status_code == 200, name
        assert case.reference in client_for(name).get(reverse("cases:list")).content.decode(), name
    for name in OUTSIDE:
        assert client_for(name).get(reverse("cases:detail", args=[case.pk])).status_code == 404, name
        assert client_for(name).get(f"/api/v1/cases/{case.pk}").status_code == 404, name
        response = client_for(name).post(reverse("cases:advance", args=[case.pk]), {"to": "listening"})
        assert response.status_code == 404, name
    for name in ("analyst", "partner", "citizen", "outsider"):
        assert client_for(name).get(reverse("cases:list")).status_code == 404, name
    assert client_for("worker_b").get("/api/v1/cases").json()["count"] == 0


def test_opening_a_case_from_the_person_page(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:open", args=[person.pk])
    assert client_for("worker_b").get(url).status_code == 404
    assert client_for("province_agadir").get(url).status_code == 404
    client = client_for("worker_a")
    refused = client.post(
        url, {"center": personas.center_a.pk, "reason": "x", "channel": "walk_in", "urgency": "routine"}
    )
    assert refused.status_code == 200 and not Case.objects.exists()
    done = client.post(url, {"center": personas.center_a.pk, "reason": "x", "channel": "walk_in",
                             "urgency": "routine", "consent_obtained": "on"})  # fmt: skip
    case = Case.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("cases:detail", args=[case.pk])
    client.post(reverse("cases:listening_add", args=[case.pk]), {"needs": ["income"], "notes": "n"})
    client.post(reverse("cases:advance", args=[case.pk]), {"to": "diagnosis"})
    client.post(reverse("cases:close", args=[case.pk]), {"reason": "goals_achieved", "confirm": "on"})
    case.refresh_from_db()
    assert case.status == "closed"


def test_the_api_walks_the_case(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    body = {"person_id": str(person.pk), "center_id": str(personas.center_a.pk), "reason": "r",
            "channel": "phone", "consent_obtained": True, "assigned_to": "p-worker-a"}  # fmt: skip
    created = client.post("/api/v1/cases", body, content_type=JSON)
    assert created.status_code == 201
    case_id = created.json()["id"]
    moved = client.post(f"/api/v1/cases/{case_id}/transitions", {"to": "diagnosis"}, content_type=JSON)
    assert moved.status_code == 422 and "errors" in moved.json()
    assert (
        client.post(f"/api/v1/cases/{case_id}/listening", {"needs": ["health"]}, content_type=JSON).status_code == 201
    )
    assert client.get(f"/api/v1/cases/{case_id}").json()["status"] == "listening"
    closed = client.post(f"/api/v1/cases/{case_id}/transitions", {"to": "closed", "reason": "moved"}, content_type=JSON)
    assert closed.json()["status"] == "closed"
    assert client.post(f"/api/v1/cases/{case_id}/transitions", {"to": "reopened", "reason": "x"},
                       content_type=JSON).status_code == 404  # fmt: skip
    reopened = client_for("manager_a").post(
        f"/api/v1/cases/{case_id}/transitions", {"to": "reopened", "reason": "back"}, content_type=JSON
    )
    assert reopened.json()["status"] == "listening"
    assert client_for("worker_b").post("/api/v1/cases", body, content_type=JSON).status_code == 404


def test_case_list_query_count_is_pinned(personas, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for index in range(30):
        open_case(personas, register(personas, first_name_ar="أمينة", last_name_ar=f"س{index}", sex="F"))
    client = client_for("worker_a")
    with django_assert_max_num_queries(
        13
    ):  # 10, the menu's counts next to "Cases" and "Referrals", and the unread notifications
        page = client.get(reverse("cases:list"))
    assert page.context["page"].paginator.count == 30


def test_timeline_shows_what_the_viewer_may_see(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, person)
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["safety"], notes="ملاحظة-سرية-77")
    url = reverse("people:timeline", args=[person.pk])
    page = client_for("worker_a").get(url)
    body = page.content.decode()
    assert page.status_code == 200 and case.reference in body and "ملاحظة-سرية-77" not in body
    kinds = [entry.kind for entry in page.context["entries"]]
    assert kinds[-1] == "person.registered" and "case.listening" in kinds
    for name in OUTSIDE:
        assert client_for(name).get(url).status_code == 404, name


def test_my_work_lists_my_waiting_cases_overdue_first(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    old = open_case(personas, person)
    Case.objects.filter(pk=old.pk).update(updated_at=old.updated_at - __import__("datetime").timedelta(days=10))
    fresh = open_case(personas, register(personas, first_name_ar="سعاد", last_name_ar="الريفي", sex="F"))
    page = client_for("worker_a").get(reverse("cases:my_work"))
    items = page.context["items"]
    # Each item leads to the listening form of its case (the place to act), the overdue one first.
    expected = [reverse("cases:detail", args=[c.pk]) + "#listening-form" for c in (old, fresh)]
    assert [item.url for item in items] == expected
    assert items[0].overdue and not items[1].overdue
    assert client_for("worker_b").get(reverse("cases:my_work")).context["items"] == []
    for name in ("analyst", "partner", "citizen", "outsider", "province_agadir"):
        assert client_for(name).get(reverse("cases:my_work")).status_code == 404, name


def test_caseload_counts_without_names_and_hides_small_counts_from_the_analyst(personas, person, client_for) -> None:  # type: ignore[no-untyped-def]
    for _index in range(3):
        open_case(personas, person)
    manager = client_for("manager_a").get(reverse("cases:caseload"))
    [row] = manager.context["rows"]
    assert manager.context["level"] == "center" and row.counts["open"] == 3 and row.counts["reception"] == 3
    assert person.last_name_ar not in manager.content.decode()
    analyst = client_for("analyst").get(reverse("cases:caseload"))
    [row] = analyst.context["rows"]
    assert analyst.context["level"] == "province" and row.counts["open"] is None and row.counts["closed"] == 0
    assert client_for("region_rsk").get(reverse("cases:caseload")).context["rows"] == []
    for name in ("worker_b", "partner", "citizen", "outsider"):
        assert client_for(name).get(reverse("cases:caseload")).status_code == 404, name
