"""Reassignment and transfer of a case (issue 11, item 2): the manager reassigns within the center,
offers the case to another center with the person's consent and a note, and the receiving center
accepts or refuses; audited old → new, on the case's history and the person's timeline; 404 for
everyone who must not (a worker without the permission, a worker of center B, the partner)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from jisr.cases import handover
from jisr.cases.models import Case, CaseEvent, CaseTransfer
from jisr.core.models import AuditLog
from jisr.people.models import Consent
from tests.cases.test_cases import open_case
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
JSON = "application/json"


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="خديجة", last_name_ar="أوحمو", sex="F")
    return open_case(personas, person)


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_manager_reassigns_to_a_worker_of_the_center(personas, case, worker_a2, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:reassign", args=[case.pk])
    for name in ("worker_a", "worker_b", "partner", "province_agadir"):
        assert client_for(name).post(url, {"reassign-worker": worker_a2.pk}).status_code == 404, name
        api = client_for(name).post(f"/api/v1/cases/{case.pk}/assignment", {"assigned_to": "p-worker-a2"},
                                    content_type=JSON)  # fmt: skip
        assert api.status_code == 404, name
    with pytest.raises(ValidationError) as refused:
        handover.case_reassign(acting_user=personas.manager_a, case=case, worker=personas.worker_b)
    assert "worker" in refused.value.message_dict
    done = client_for("manager_a").post(url, {"reassign-worker": worker_a2.pk, "reassign-note": "congé"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == worker_a2
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.from_worker, event.to_worker, event.note) == ("reassigned", personas.worker_a, worker_a2,
                                                                            "congé")  # fmt: skip
    entry = AuditLog.objects.filter(object_id=str(case.pk), action="update").latest("occurred_at")
    assert entry.changes == {"assigned_to": ["p-worker-a", "p-worker-a2"]}
    page = client_for("manager_a").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "p-worker-a → p-worker-a2" in page
    timeline = client_for("manager_a").get(reverse("people:timeline", args=[case.person_id]))
    assert "case.reassigned" in [entry.kind for entry in timeline.context["entries"]]


def test_a_transfer_waits_for_the_receiving_center_then_moves_the_case(personas, case, manager_b, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:transfer", args=[case.pk])
    form = {"transfer-to_center": personas.center_b.pk, "transfer-note": "La famille part à Oujda"}
    for name in ("worker_a", "worker_b", "partner"):
        assert client_for(name).post(url, {**form, "transfer-consent_obtained": "on"}).status_code == 404, name
    client_for("manager_a").post(url, form)  # without the person's consent
    assert not CaseTransfer.objects.exists()
    client_for("manager_a").post(url, {**form, "transfer-consent_obtained": "on"})
    transfer = CaseTransfer.objects.get()
    case.refresh_from_db()
    assert transfer.status == "pending" and case.center == personas.center_a  # stays until accepted
    assert Consent.objects.filter(person=case.person, purpose="referral", recipient=personas.center_b.organization)
    assert client_for("worker_b").get(reverse("cases:detail", args=[case.pk])).status_code == 404
    # The receiving side: only its manager sees and answers it.
    for name in ("worker_b", "partner", "manager_a", "worker_a"):
        client = client_for(name)
        assert client.post(reverse("cases:transfer_accept", args=[transfer.pk])).status_code == 404, name
        assert client.get(reverse("cases:transfers")).status_code == 404 or not client.get(
            reverse("cases:transfers")).context["transfers"], name  # fmt: skip
    receiving = logged_in(manager_b)
    listed = receiving.get(reverse("cases:transfers"))
    assert [t.pk for t, _accept, _refuse in listed.context["transfers"]] == [transfer.pk]
    accepted = receiving.post(reverse("cases:transfer_accept", args=[transfer.pk]),
                              {f"accept-{transfer.pk}-worker": personas.worker_b.pk})  # fmt: skip
    assert accepted.status_code == 302
    case.refresh_from_db()
    assert (case.center, case.assigned_to, case.province_id) == (personas.center_b, personas.worker_b,
                                                                 personas.center_b.province_id)  # fmt: skip
    assert client_for("worker_a").get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client_for("worker_b").get(reverse("cases:detail", args=[case.pk])).status_code == 200
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["transfer_requested", "transfer_accepted"]
    audit = AuditLog.objects.filter(object_id=str(case.pk), action="update").latest("occurred_at")
    assert audit.changes["center"] == [personas.center_a.code, personas.center_b.code]
    answered_again = receiving.post(reverse("cases:transfer_refuse", args=[transfer.pk]), {"x": "y"})
    assert answered_again.status_code == 404  # answered: no longer waiting for anyone


def test_a_refused_transfer_leaves_the_case_where_it_is(personas, case, manager_b) -> None:  # type: ignore[no-untyped-def]
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                              note="n", consent_obtained=True)  # fmt: skip
    with pytest.raises(ValidationError):
        handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                       note="n", consent_obtained=True)  # fmt: skip
    with pytest.raises(ValidationError) as no_reason:
        handover.case_transfer_refuse(acting_user=manager_b, transfer=transfer, reason=" ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(Http404):
        handover.case_transfer_refuse(acting_user=personas.manager_a, transfer=transfer, reason="non")
    handover.case_transfer_refuse(acting_user=manager_b, transfer=transfer, reason="Pas de place")
    case.refresh_from_db()
    assert case.center == personas.center_a and CaseTransfer.objects.get().refusal_reason == "Pas de place"
    with pytest.raises(ValidationError):
        handover.case_transfer_accept(acting_user=manager_b, transfer=CaseTransfer.objects.get())


def test_the_api_transfers_and_reassigns(personas, case, manager_b, worker_a2, client_for) -> None:  # type: ignore[no-untyped-def]
    manager = client_for("manager_a")
    moved = manager.post(f"/api/v1/cases/{case.pk}/assignment", {"assigned_to": "p-worker-a2"}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["assigned_to"] == "p-worker-a2"
    body = {"to_center_id": str(personas.center_b.pk), "note": "déménagement"}
    assert manager.post(f"/api/v1/cases/{case.pk}/transfers", body, content_type=JSON).status_code == 422
    created = manager.post(f"/api/v1/cases/{case.pk}/transfers", {**body, "consent_obtained": True},
                           content_type=JSON)  # fmt: skip
    assert created.status_code == 201
    transfer_id = created.json()["id"]
    for name in ("worker_b", "partner", "worker_a"):
        client = client_for(name)
        assert client.get("/api/v1/cases/transfers/incoming").status_code == 404, name
        assert client.post(f"/api/v1/cases/transfers/{transfer_id}/accept", {}, content_type=JSON).status_code == 404
    receiving = logged_in(manager_b)
    assert [t["id"] for t in receiving.get("/api/v1/cases/transfers/incoming").json()] == [transfer_id]
    accepted = receiving.post(f"/api/v1/cases/transfers/{transfer_id}/accept", {}, content_type=JSON)
    assert accepted.status_code == 200 and accepted.json()["center_id"] == str(personas.center_b.pk)
    assert Case.objects.get(pk=case.pk).assigned_to is None
