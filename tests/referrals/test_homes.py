"""Referrals on the homes: the partner's referrals to answer by urgency and age (past the delay marked),
the worker's answers received until they open them, the manager's overdue referrals per worker, and a
referral as activity on its case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.cases.models import Case
from jisr.core.models import AuditLog
from jisr.referrals import services
from jisr.referrals.models import Referral
from tests.cases.test_homes import WORK_PANELS
from tests.core.home_helpers import due_urls, home, menu_count, panel, panel_names
from tests.people.helpers import register
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db


def another_case(personas: Any, first_name: str) -> Case:
    """A case of center A assigned to worker A."""
    from jisr.cases import services as case_services

    person = register(personas, first_name_ar=first_name, last_name_ar="البوعزاوي", sex="F")
    return case_services.case_open(
        acting_user=personas.worker_a, person=person, center=personas.center_a, reason="سبب", channel="walk_in",
        consent_obtained=True, assigned_to=personas.worker_a,
    )  # fmt: skip


def send(personas: Any, case: Case, **extra: Any) -> Referral:
    values: dict[str, Any] = {"reason": "Consultation", "shared_fields": ["name"], "consent_obtained": True,
                              "to_organization": personas.health_partner}  # fmt: skip
    values.update(extra)
    return services.referral_send(acting_user=personas.worker_a, case=case, **values)


def sent_days_ago(referral: Referral, days: int) -> None:
    """As if sent `days` ago, with the due date the urgency gave it then."""
    then = timezone.now() - datetime.timedelta(days=days)
    due_on = services.answer_due_on(then, referral.urgency)
    Referral.objects.filter(pk=referral.pk).update(created_at=then, due_on=due_on)


def test_the_partner_sees_the_referrals_to_answer_by_urgency_and_age(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    routine_old = send(personas, referable_case(personas))
    sent_days_ago(routine_old, 20)  # 15 days to answer: past the delay
    routine_new = send(personas, another_case(personas, "نادية"))
    urgent = send(personas, another_case(personas, "سميرة"), urgency="urgent")
    to_a_center = send(personas, another_case(personas, "كريمة"), to_organization=None, to_center=personas.center_b)
    accepted = send(personas, another_case(personas, "جميلة"))
    services.referral_accept(acting_user=personas.partner, referral=accepted)

    response = home(client_for("partner"))
    incoming = panel(response, "referrals.incoming")
    groups = [(group["urgency"], [row["referral"].pk for row in group["rows"]]) for group in incoming["groups"]]
    assert groups == [("urgent", [urgent.pk]), ("routine", [routine_old.pk, routine_new.pk])]  # oldest first
    rows = {row["referral"].pk: row for group in incoming["groups"] for row in group["rows"]}
    assert rows[routine_old.pk]["overdue"] and rows[routine_old.pk]["age_days"] == 20
    assert not rows[routine_new.pk]["overdue"] and not rows[urgent.pk]["overdue"]
    html = response.content.decode()
    assert f'class="list-group-item list-group-item-danger" data-referral="{routine_old.pk}"' in html
    for referral in (urgent, routine_old, routine_new):
        assert reverse("referrals:detail", args=[referral.pk]) in html
    assert to_a_center.case.reference not in html and str(to_a_center.pk) not in html
    assert menu_count(response, "referrals") == 3 == incoming["count"]
    # none of the worker's or the manager's panels (their "To do" holds only the plan actions they report on)
    assert not (WORK_PANELS - {"core.work"}) & set(panel_names(response))
    assert panel(response, "core.work")["total"] == 0


def test_the_receiving_center_answers_from_its_home_too(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, referable_case(personas), to_organization=None, to_center=personas.center_b)
    worker_b = home(client_for("worker_b"))
    assert [row["referral"].pk for group in panel(worker_b, "referrals.incoming")["groups"]
            for row in group["rows"]] == [referral.pk]  # fmt: skip
    assert menu_count(worker_b, "referrals") == 1
    assert panel(home(client_for("partner")), "referrals.incoming")["groups"] == []
    assert menu_count(home(client_for("worker_a")), "referrals") == 0


@pytest.mark.parametrize("name", ["citizen", "analyst", "outsider", "national", "region_rsk"])
def test_no_referrals_to_answer_for_those_who_answer_none(personas, client_for, name) -> None:  # type: ignore[no-untyped-def]
    send(personas, referable_case(personas))
    response = home(client_for(name))
    assert "referrals.incoming" not in panel_names(response) and menu_count(response, "referrals") == 0


def test_an_answer_stays_on_the_workers_home_until_they_open_the_referral(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, another_case(personas, "حليمة"))
    worker = client_for("worker_a")
    assert "referrals.answers" not in due_urls(home(worker))  # sent, not answered yet
    services.referral_accept(acting_user=personas.partner, referral=referral, note="Rendez-vous lundi")
    url = reverse("referrals:detail", args=[referral.pk])
    response = home(worker)
    assert due_urls(response)["referrals.answers"] == [url] and menu_count(response, "referrals") == 1
    assert menu_count(home(client_for("worker_b")), "referrals") == 0
    assert "referrals.answers" not in due_urls(home(client_for("manager_a")))  # not the manager's case

    client_for("manager_a").get(url)  # someone else reading it changes nothing for the worker
    assert due_urls(home(worker))["referrals.answers"] == [url]
    assert worker.get(url).status_code == 200
    response = home(worker)
    assert "referrals.answers" not in due_urls(response) and menu_count(response, "referrals") == 0
    assert AuditLog.objects.filter(object_id=str(referral.pk), actor=personas.worker_a, action="view").count() == 1
    worker.get(url)
    assert AuditLog.objects.filter(object_id=str(referral.pk), actor=personas.worker_a, action="view").count() == 1

    services.referral_complete(acting_user=personas.partner, referral=referral, service_given="Consultation faite")
    assert due_urls(home(worker))["referrals.answers"] == [url]  # a new answer comes back


def test_a_declined_referral_says_why(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, another_case(personas, "حليمة"))
    services.referral_decline(acting_user=personas.partner, referral=referral, reason="no_capacity")
    sections = panel(home(client_for("worker_a")), "core.work")["sections"]
    [section] = [s for s in sections if s.name == "referrals.answers"]
    [item] = section.items
    assert item.detail == f"{Referral.Status.DECLINED.label}: {Referral.DeclineReason.NO_CAPACITY.label}"


def test_overdue_referrals_per_worker_on_the_managers_home(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    sent_days_ago(send(personas, another_case(personas, "حليمة")), 20)
    send(personas, another_case(personas, "رشيدة"))  # on time
    team = panel(home(client_for("manager_a")), "cases.center")["team"]
    assert [(row.username, row.measures["overdue_referrals"]) for row in team] == [("p-worker-a", 1)]


def test_a_referral_is_activity_on_its_case(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    referral = send(personas, case)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(opened_at=month_ago, updated_at=month_ago)
    case.listening_records.update(created_at=month_ago)
    manager = client_for("manager_a")
    assert panel(home(manager), "cases.center")["stalled"] == []  # the referral was sent today
    Referral.objects.filter(pk=referral.pk).update(updated_at=month_ago)
    assert [stalled.pk for stalled, _days in panel(home(manager), "cases.center")["stalled"]] == [case.pk]
