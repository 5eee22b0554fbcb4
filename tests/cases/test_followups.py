"""Follow-ups at 3, 6 and 12 months, outcomes, and the work list of due follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jisr.cases import services
from jisr.cases.models import Case, FollowUp, Outcome
from jisr.core.worklist import worklist_for
from tests.cases.helpers import to_pathway
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="نعيمة", last_name_ar="السوسي", sex="F")
    opened = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                reason="r", channel="walk_in", consent_obtained=True,
                                assigned_to=personas.worker_a)  # fmt: skip
    return to_pathway(personas, opened)


def test_follow_ups_are_scheduled_once_and_move_the_case(personas, case) -> None:  # type: ignore[no-untyped-def]
    followups = services.followups_schedule(acting_user=personas.worker_a, case=case)
    today = timezone.localdate()
    assert [f.due_on.month for f in followups] == [(today.month - 1 + months) % 12 + 1 for months in (3, 6, 12)]
    case.refresh_from_db()
    assert case.status == Case.Status.FOLLOW_UP
    with pytest.raises(ValidationError):
        services.followups_schedule(acting_user=personas.worker_a, case=case)
    with pytest.raises(Http404):
        services.followups_schedule(acting_user=personas.worker_b, case=case)


def test_a_follow_up_is_recorded_once_and_a_miss_says_why(personas, case) -> None:  # type: ignore[no-untyped-def]
    first = services.followups_schedule(acting_user=personas.worker_a, case=case)[0]
    with pytest.raises(ValidationError):
        services.followup_record(acting_user=personas.worker_a, followup=first, done=False)
    services.followup_record(acting_user=personas.worker_a, followup=first, done=True, notes="Travaille depuis 2 mois")
    with pytest.raises(ValidationError):
        services.followup_record(acting_user=personas.worker_a, followup=first, done=False, notes="x")
    assert FollowUp.objects.get(pk=first.pk).status == "done"


def test_outcomes_are_dated_within_the_case(personas, case) -> None:  # type: ignore[no-untyped-def]
    outcome = services.outcome_record(acting_user=personas.worker_a, case=case, kind="employed", evidence="Contrat")
    assert outcome.achieved_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.outcome_record(acting_user=personas.worker_a, case=case, kind="employed",
                                achieved_on=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    with pytest.raises(ValidationError):
        services.outcome_record(acting_user=personas.worker_a, case=case, kind="rich")
    with pytest.raises(Http404):
        services.outcome_record(acting_user=personas.worker_b, case=case, kind="housed")


def test_due_follow_ups_come_on_the_work_list(personas, case) -> None:  # type: ignore[no-untyped-def]
    first = services.followups_schedule(acting_user=personas.worker_a, case=case)[0]
    assert not [i for i in worklist_for(personas.worker_a) if i.kind == "case.followup"]
    FollowUp.objects.filter(pk=first.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    items = [i for i in worklist_for(personas.worker_a) if i.kind == "case.followup"]
    assert len(items) == 1 and items[0].overdue
    assert not [i for i in worklist_for(personas.worker_b) if i.kind == "case.followup"]


def test_pages_and_api(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    assert client.post(reverse("cases:followups_schedule", args=[case.pk])).status_code == 302
    followup = FollowUp.objects.filter(case=case).first()
    url = reverse("cases:followup_record", args=[case.pk, followup.pk])
    for name in ("worker_b", "partner", "outsider"):
        assert client_for(name).post(url, {"done": "1"}).status_code == 404, name
        assert client_for(name).get(f"/api/v1/cases/{case.pk}/followups").status_code == 404, name
    client.post(url, {"done": "1", "notes": "ok"})
    assert FollowUp.objects.get(pk=followup.pk).status == "done"
    client.post(reverse("cases:outcome_add", args=[case.pk]), {"kind": "housed", "achieved_on": "٢٠٠١-٠١-٠١"})
    assert not Outcome.objects.filter(case=case).exists()  # before the case was opened: refused
    today = timezone.localdate().isoformat().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    client.post(reverse("cases:outcome_add", args=[case.pk]), {"kind": "housed", "achieved_on": today})
    assert Outcome.objects.get(case=case).kind == "housed"
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    api = client.post(f"/api/v1/cases/{case.pk}/outcomes", {"kind": "employed"}, content_type=JSON)
    assert api.status_code == 201
    data = client.get(f"/api/v1/cases/{case.pk}/followups").json()
    assert [f["status"] for f in data] == ["done", "scheduled", "scheduled"]
    recorded = client.post(f"/api/v1/cases/{case.pk}/followups", {"followup_id": data[1]["id"], "done": False,
                           "notes": "injoignable"}, content_type=JSON)  # fmt: skip
    assert recorded.status_code == 200 and recorded.json()[1]["status"] == "missed"
