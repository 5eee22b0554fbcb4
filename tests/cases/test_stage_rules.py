"""Stage rules (issue 11, item 1): each stage needs its records first, the rules are data of the
protocol, the service enforces them for the page and the API alike, and the page offers only the
moves allowed now, with a stage indicator."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jisr.cases import services
from jisr.cases.models import Case, CaseStatusChange, Protocol
from jisr.cases.protocols import validate_definition
from jisr.cases.stage_rules import DEFAULT_STAGE_RULES
from tests.cases.helpers import diagnose, to_pathway
from tests.cases.test_cases import open_case
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
JSON = "application/json"


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="خديجة", last_name_ar="أوحمو", sex="F")
    return open_case(personas, person)


def test_the_issue_report_three_moves_to_orientation_are_refused_at_the_first_missing_step(
    personas, case, client_for
) -> None:  # type: ignore[no-untyped-def]
    """A just-opened case, the stage button pressed three times: listening, diagnosis, orientation."""
    client = client_for("worker_a")
    answers = [
        client.post(reverse("cases:advance", args=[case.pk]), {"to": stage}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        for stage in ("listening", "diagnosis", "orientation")
    ]
    case.refresh_from_db()
    assert case.status == Case.Status.RECEPTION
    assert list(CaseStatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == ["reception"]
    first = [str(message) for message in answers[0].context["messages"]]
    assert first == ["Before “listening”, record the listening interview."]
    # The dashboard does not count it in orientation.
    [row] = client_for("manager_a").get(reverse("cases:caseload")).context["rows"]
    assert row.counts["reception"] == 1 and row.counts["orientation"] == 0


def test_the_api_refuses_with_422_and_says_what_is_missing(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    url = f"/api/v1/cases/{case.pk}/transitions"
    refused = client.post(url, {"to": "listening"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422
    assert "the listening interview" in str(refused.json())
    services.listening_record(acting_user=personas.worker_a, case=case, needs=["income"])
    refused = client.post(url, {"to": "diagnosis"}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 422 and Case.objects.get(pk=case.pk).status == "listening"


def test_the_page_offers_only_the_moves_allowed_now_and_shows_the_stage(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    page = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert reverse("cases:advance", args=[case.pk]) not in body
    assert "Before “listening”, record the listening interview." in body
    assert body.count('aria-current="step"') == 1
    assert 'aria-current="step">reception<' in body
    diagnose(personas, case)
    body = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("cases:advance", args=[case.pk]) in body and 'value="orientation"' in body
    assert "jisr-stage-done" in body


def test_closure_needs_an_outcome_once_the_pathway_started_unless_the_person_left(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    to_pathway(personas, case)
    with pytest.raises(ValidationError, match="outcome"):
        services.case_close(acting_user=personas.worker_a, case=case, reason="goals_achieved")
    form = client_for("worker_a").get(reverse("cases:detail", args=[case.pk])).context["close_form"]
    offered = [code for code, _label in form.fields["reason"].choices]
    assert "goals_achieved" not in offered and "moved" in offered
    services.outcome_record(acting_user=personas.worker_a, case=case, kind="employed")
    closed = services.case_close(acting_user=personas.worker_a, case=case, reason="goals_achieved")
    assert closed.status == "closed"


def test_closing_at_reception_needs_only_a_reason(personas, case) -> None:  # type: ignore[no-untyped-def]
    assert services.case_close(acting_user=personas.worker_a, case=case, reason="other").status == "closed"


def test_the_rules_are_data_of_the_protocol(personas, case) -> None:  # type: ignore[no-untyped-def]
    protocol = Protocol.objects.get(status=Protocol.Status.PUBLISHED)
    assert protocol.definition["stages"] == DEFAULT_STAGE_RULES  # added by migration cases.0010
    lenient = copy.deepcopy(protocol.definition)
    lenient["stages"]["requires"]["listening"] = []
    Protocol.objects.filter(pk=protocol.pk).update(definition=lenient)
    moved = services.case_advance(acting_user=personas.worker_a, case=case, to="listening")
    assert moved.status == "listening"
    broken = copy.deepcopy(protocol.definition)
    broken["stages"]["requires"]["closed"] = ["a_signature"]
    broken["stages"]["closure_exempt_reasons"] = ["bored"]
    with pytest.raises(ValidationError) as refused:
        validate_definition(broken)
    assert len(refused.value.messages) == 2 and "closed" in refused.value.messages[0]
