"""Bulk reassignment by the center manager (all or nothing, each case through the reassignment service),
cancelling a pending transfer from the sending center, the menu link to the transfers waiting for a
center, and what follows a case to the center that accepts it (its plan and its open referrals)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jisr.cases import handover, services
from jisr.cases.models import Case, CaseEvent, CaseTransfer, PlanAction
from jisr.core.models import AuditLog
from jisr.referrals.models import Referral
from jisr.referrals.selectors import visible_referrals
from jisr.referrals.services import referral_send
from tests.cases.helpers import approved_plan, diagnose
from tests.cases.test_cases import open_case
from tests.cases.test_handover import logged_in
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
JSON = "application/json"


@pytest.fixture
def center_a_cases(personas):  # type: ignore[no-untyped-def]
    names = [("حسناء", "العلوي"), ("إدريس", "الفاسي"), ("سلمى", "التازي")]
    return [open_case(personas, register(personas, first_name_ar=first, last_name_ar=last)) for first, last in names]


@pytest.fixture
def case_b(personas):  # type: ignore[no-untyped-def]
    person = register(personas, by="worker_b", center="center_b", first_name_ar="عمر", last_name_ar="الريفي")
    return services.case_open(acting_user=personas.worker_b, person=person, center=personas.center_b, reason="x",
                              channel="walk_in", consent_obtained=True, assigned_to=personas.worker_b)  # fmt: skip


def workers(*cases: Case) -> list[object]:
    return [Case.objects.get(pk=case.pk).assigned_to for case in cases]


def test_the_manager_selects_confirms_and_reassigns_together(personas, center_a_cases, worker_a2, client_for) -> None:  # type: ignore[no-untyped-def]
    manager = client_for("manager_a")
    listed = manager.get(reverse("cases:list"))
    assert {case.pk for case in center_a_cases} <= listed.context["selectable"]
    assert 'form="bulk-form"' in listed.content.decode()
    chosen = center_a_cases[:2]
    form = {"cases": [str(c.pk) for c in chosen], "worker": worker_a2.pk, "note": "congé", "back": "status=open"}
    confirm = manager.post(reverse("cases:bulk_reassign"), form)
    assert confirm.status_code == 200 and [c.pk for c in confirm.context["cases"]] == sorted(
        (c.pk for c in chosen), key=lambda pk: Case.objects.get(pk=pk).reference)  # fmt: skip
    assert workers(*chosen) == [personas.worker_a] * 2  # nothing changes before the confirmation
    done = manager.post(reverse("cases:bulk_reassign"), {**form, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == f"{reverse('cases:list')}?status=open"
    assert workers(*chosen) == [worker_a2] * 2 and workers(center_a_cases[2]) == [personas.worker_a]
    for case in chosen:
        event = CaseEvent.objects.get(case=case)
        assert (event.kind, event.from_worker, event.to_worker, event.note) == ("reassigned", personas.worker_a,
                                                                                worker_a2, "congé")  # fmt: skip
        entry = AuditLog.objects.get(object_id=str(case.pk), action="update", changes__has_key="assigned_to")
        assert entry.changes["assigned_to"] == ["p-worker-a", "p-worker-a2"] and entry.actor == personas.manager_a
    timeline = manager.get(reverse("people:timeline", args=[chosen[0].person_id]))
    assert "case.reassigned" in [e.kind for e in timeline.context["entries"]]


def test_one_case_out_of_scope_and_nothing_is_reassigned(
    personas, center_a_cases, case_b, worker_a2, client_for
) -> None:  # type: ignore[no-untyped-def]
    mixed = [*center_a_cases, case_b]
    with pytest.raises(ValidationError):
        handover.case_reassign_many(acting_user=personas.manager_a, case_ids=[c.pk for c in mixed], worker=worker_a2)
    manager = client_for("manager_a")
    form = {"cases": [str(c.pk) for c in mixed], "worker": worker_a2.pk, "confirm": "1"}
    assert manager.post(reverse("cases:bulk_reassign"), form).status_code == 302
    confirm = manager.post(reverse("cases:bulk_reassign"), {**form, "confirm": ""})
    assert confirm.context["unknown"] == 1 and b'name="confirm"' not in confirm.content
    api = manager.post("/api/v1/cases/reassignments", {"case_ids": [str(c.pk) for c in mixed],
                                                       "assigned_to": "p-worker-a2"}, content_type=JSON)  # fmt: skip
    assert api.status_code == 422
    assert workers(*center_a_cases) == [personas.worker_a] * 3 and workers(case_b) == [personas.worker_b]
    assert not CaseEvent.objects.exists()
    assert not AuditLog.objects.filter(action="update", changes__has_key="assigned_to").exists()


def test_a_closed_case_or_a_worker_of_another_center_refuses_the_whole_selection(personas, center_a_cases,  # type: ignore[no-untyped-def]
                                                                                 worker_a2) -> None:  # fmt: skip
    ids = [c.pk for c in center_a_cases]
    with pytest.raises(ValidationError):
        handover.case_reassign_many(acting_user=personas.manager_a, case_ids=ids, worker=personas.worker_b)
    services.case_close(acting_user=personas.worker_a, case=center_a_cases[2], reason="moved")
    with pytest.raises(ValidationError) as refused:
        handover.case_reassign_many(acting_user=personas.manager_a, case_ids=ids, worker=worker_a2)
    assert center_a_cases[2].reference in " ".join(refused.value.messages)
    assert workers(*center_a_cases) == [personas.worker_a] * 3 and not CaseEvent.objects.exists()
    count = handover.case_reassign_many(acting_user=personas.manager_a, case_ids=ids[:2], worker=worker_a2)
    assert count == 2 and workers(*center_a_cases[:2]) == [worker_a2] * 2
    assert handover.case_reassign_many(acting_user=personas.manager_a, case_ids=ids[:2], worker=worker_a2) == 0


def test_a_worker_and_the_others_cannot_reassign_in_bulk(personas, center_a_cases, worker_a2, client_for) -> None:  # type: ignore[no-untyped-def]
    form = {"cases": [str(c.pk) for c in center_a_cases], "worker": worker_a2.pk, "confirm": "1"}
    for name in ("worker_a", "worker_b", "province_agadir", "national", "partner", "analyst", "citizen", "outsider"):
        client = client_for(name)
        assert client.post(reverse("cases:bulk_reassign"), form).status_code == 404, name
        api = client.post("/api/v1/cases/reassignments", {"case_ids": form["cases"], "assigned_to": "p-worker-a2"},
                          content_type=JSON)  # fmt: skip
        assert api.status_code == 404, name
        with pytest.raises(Http404):
            handover.case_reassign_many(acting_user=getattr(personas, name), case_ids=[center_a_cases[0].pk],
                                        worker=worker_a2)  # fmt: skip
    assert client_for("worker_a").get(reverse("cases:list")).context["bulk_form"] is None
    assert workers(*center_a_cases) == [personas.worker_a] * 3


def test_the_sending_center_cancels_a_pending_transfer(personas, center_a_cases, manager_b, client_for) -> None:  # type: ignore[no-untyped-def]
    case = center_a_cases[0]
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                              note="Déménagement", consent_obtained=True)  # fmt: skip
    url = reverse("cases:transfer_cancel", args=[case.pk])
    for name in ("worker_a", "worker_b", "partner", "province_agadir"):
        assert client_for(name).post(url, {"cancel-reason": "x"}).status_code == 404, name
    with pytest.raises(Http404):  # the receiving manager answers; cancelling is the sender's
        handover.case_transfer_cancel(acting_user=manager_b, transfer=transfer, reason="x")
    manager = client_for("manager_a")
    assert url in manager.get(reverse("cases:detail", args=[case.pk])).content.decode()
    manager.post(url, {"cancel-reason": " "})
    assert CaseTransfer.objects.get().status == "pending"
    assert manager.post(url, {"cancel-reason": "La famille reste"}).status_code == 302
    transfer.refresh_from_db()
    assert (transfer.status, transfer.cancellation_reason, transfer.decided_by) == ("cancelled", "La famille reste",
                                                                                    personas.manager_a)  # fmt: skip
    event = CaseEvent.objects.get(case=case, kind="transfer_cancelled")
    assert (event.note, event.by, event.to_center) == ("La famille reste", personas.manager_a, personas.center_b)
    entry = AuditLog.objects.get(object_id=str(transfer.pk), action="update")
    assert entry.changes == {"status": ["pending", "cancelled"], "reason": "La famille reste"}
    timeline = manager.get(reverse("people:timeline", args=[case.person_id]))
    assert "case.transfer_cancelled" in [e.kind for e in timeline.context["entries"]]
    receiving = logged_in(manager_b)
    assert receiving.get(reverse("cases:transfers")).context["transfers"] == []
    assert receiving.post(reverse("cases:transfer_accept", args=[transfer.pk])).status_code == 404
    assert Case.objects.get(pk=case.pk).center == personas.center_a
    again = manager.post(f"/api/v1/cases/{case.pk}/transfers", {"to_center_id": str(personas.center_b.pk),
                         "note": "n", "consent_obtained": True}, content_type=JSON)  # fmt: skip
    assert again.status_code == 201  # a new transfer may be asked
    cancelled = manager.post(f"/api/v1/cases/{case.pk}/transfers/cancel", {"reason": "finalement non"},
                             content_type=JSON)  # fmt: skip
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    nothing = manager.post(f"/api/v1/cases/{case.pk}/transfers/cancel", {"reason": "x"}, content_type=JSON)
    assert nothing.status_code == 422


def test_the_menu_links_the_transfers_with_their_number(personas, center_a_cases, manager_b, client_for) -> None:  # type: ignore[no-untyped-def]
    link = reverse("cases:transfers")
    receiving = logged_in(manager_b)
    assert f'href="{link}"' in receiving.get(reverse("cases:list")).content.decode()
    assert receiving.get(reverse("cases:list")).context["can_take_transfers"]
    for case in center_a_cases[:2]:
        handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                       note="n", consent_obtained=True)  # fmt: skip
    page = receiving.get(reverse("cases:list")).content.decode()
    menu = page[page.index(f'href="{link}"') :]
    menu = menu[: menu.index("</a>")]
    assert '<bdi dir="ltr">2</bdi>' in menu
    for name in ("worker_a", "worker_b", "partner", "province_agadir"):
        assert f'href="{link}"' not in client_for(name).get(reverse("core:home")).content.decode(), name


def test_the_plan_and_open_referrals_follow_an_accepted_case(personas, manager_b) -> None:  # type: ignore[no-untyped-def]
    case = open_case(personas, register(personas, first_name_ar="زينب", last_name_ar="المراكشي", sex="F"))
    diagnose(personas, case)
    plan = approved_plan(personas, case, kind="referral")
    action = PlanAction.objects.get(goal__plan=plan)
    PlanAction.objects.filter(pk=action.pk).update(responsible=personas.worker_a)
    open_referral = referral_send(acting_user=personas.worker_a, case=case, reason="Soins",
                                  shared_fields=["name"], to_organization=personas.health_partner,
                                  consent_obtained=True)  # fmt: skip
    answered = referral_send(acting_user=personas.worker_a, case=case, reason="Autre", shared_fields=["name"],
                             to_center=personas.center_rabat, consent_obtained=True)  # fmt: skip
    Referral.objects.filter(pk=answered.pk).update(status="declined")
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=case, to_center=personas.center_b,
                                              note="n", consent_obtained=True)  # fmt: skip
    handover.case_transfer_accept(acting_user=manager_b, transfer=transfer, worker=personas.worker_b)
    open_referral.refresh_from_db()
    answered.refresh_from_db()
    assert open_referral.from_center == personas.center_b  # the new center follows the answer
    assert answered.from_center == personas.center_a  # an answered referral stays the sender's record
    assert open_referral in visible_referrals(personas.worker_b)
    assert open_referral not in visible_referrals(personas.worker_a)
    assert PlanAction.objects.get(pk=action.pk).responsible == personas.worker_b
    moved = AuditLog.objects.get(object_type="referrals.referral", changes__has_key="from_center")
    assert moved.changes == {"from_center": [personas.center_a.code, personas.center_b.code],
                             "referrals": [str(open_referral.pk)]}  # fmt: skip


def test_the_managers_case_list_query_count_is_pinned(personas, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """Flags, selection boxes, saved filters, the workers to choose and the menu's transfer count do not
    grow with the page: 25 cases, each flagged, cost what 1 does."""
    from jisr.cases import flags

    for index in range(30):
        case = open_case(personas, register(personas, first_name_ar="أمينة", last_name_ar=f"س{index}", sex="F"))
        flags.case_flag_set(acting_user=personas.worker_a, case=case, kind="urgent", reason="r")
    client = client_for("manager_a")
    with django_assert_max_num_queries(16):
        page = client.get(reverse("cases:list"))
    assert len(page.context["selectable"]) == 25 and page.content.decode().count("jisr-flag") == 25
