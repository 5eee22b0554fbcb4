"""An alert closes itself when its condition no longer fires at the next evaluation (history and audit say so,
and the condition may raise a new alert later); the alert's steps through the API, as on the pages, with the
same scope (404 outside it) and the same refusals (422)."""

from __future__ import annotations

import datetime

import pytest

from jisr.core.models import AuditLog
from jisr.watch import services
from jisr.watch.models import Alert, AlertEvent, WatchRule
from tests.watch.helpers import TODAY, rule, violence_cases

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def alert(personas):  # type: ignore[no-untyped-def]
    violence_cases(personas, count=6, month=datetime.date(2026, 3, 1))
    rule(personas)
    services.evaluate_rules(today=TODAY)
    return Alert.objects.get()


def test_an_alert_whose_condition_no_longer_fires_is_closed_at_the_next_evaluation(personas, alert):  # type: ignore[no-untyped-def]
    services.alert_acknowledge(acting_user=personas.province_agadir, alert=alert)
    assert services.evaluate_rules(today=TODAY)["resolved"] == 0  # still fires: stays as it is
    # April: this month has no case, so the surge no longer fires in Agadir
    counts = services.evaluate_rules(today=datetime.date(2026, 4, 2))
    assert counts["resolved"] == 1 and counts["raised"] == 0
    alert.refresh_from_db()
    assert alert.status == "closed" and alert.closed_at is not None
    last = alert.events.order_by("at", "id").last()
    assert last is not None and (last.kind, last.by) == (AlertEvent.Kind.RESOLVED, None)
    entry = AuditLog.objects.filter(object_id=str(alert.pk), action="update").latest("occurred_at")
    assert entry.actor is None and entry.changes["status"] == ["acknowledged", "closed"]
    assert services.evaluate_rules(today=datetime.date(2026, 4, 3))["resolved"] == 0  # closed once
    # the condition holds again: a new alert
    assert services.evaluate_rules(today=TODAY)["raised"] == 1
    assert Alert.objects.filter(status="open").count() == 1


def test_a_rule_that_cannot_be_evaluated_leaves_its_alerts_open(personas, alert):  # type: ignore[no-untyped-def]
    WatchRule.objects.update(params={"min_count": "many"})
    assert services.evaluate_rules(today=datetime.date(2026, 4, 2))["skipped"] == 1
    assert Alert.objects.get().status == "open"


def test_the_alert_page_names_the_automatic_closing(client_for, personas, alert):  # type: ignore[no-untyped-def]
    services.evaluate_rules(today=datetime.date(2026, 4, 2))
    page = client_for("province_agadir").get(f"/watch/{alert.pk}/").content.decode()
    assert str(AlertEvent.Kind.RESOLVED.label) in page


def test_the_api_acknowledges_assigns_comments_and_closes(client_for, personas, alert):  # type: ignore[no-untyped-def]
    client = client_for("province_agadir")
    base = f"/api/v1/strategy/alerts/{alert.pk}"
    answer = client.post(f"{base}/acknowledge", content_type=JSON)
    assert answer.status_code == 200 and answer.json()["status"] == "acknowledged"
    answer = client.post(f"{base}/assign", {"assignee": personas.province_agadir.username}, content_type=JSON)
    assert answer.status_code == 200
    answer = client.post(f"{base}/comment", {"note": "Réunion avec le centre lundi"}, content_type=JSON)
    assert answer.status_code == 200 and answer.json()["events"][-1]["note"] == "Réunion avec le centre lundi"
    assert client.post(f"{base}/close", {"note": ""}, content_type=JSON).status_code == 422
    answer = client.post(f"{base}/close", {"note": "Équipe renforcée"}, content_type=JSON)
    assert answer.status_code == 200 and answer.json()["status"] == "closed"
    kinds = [event["kind"] for event in answer.json()["events"]]
    assert kinds == ["raised", "acknowledged", "assigned", "commented", "closed"]
    assert AuditLog.objects.filter(object_id=str(alert.pk), actor=personas.province_agadir).count() == 4
    again = client.post(f"{base}/acknowledge", content_type=JSON)
    assert again.status_code == 422  # closed


def test_the_api_assigns_only_to_someone_of_the_territory(client_for, personas, alert):  # type: ignore[no-untyped-def]
    client = client_for("province_agadir")
    answer = client.post(f"/api/v1/strategy/alerts/{alert.pk}/assign", {"assignee": personas.region_rsk.username},
                         content_type=JSON)  # fmt: skip
    assert answer.status_code == 422 and "assignee" in answer.json()["errors"]
    assert Alert.objects.get().assigned_to is None


@pytest.mark.parametrize("name", ["region_rsk", "analyst", "manager_a", "worker_a", "partner", "citizen", "outsider"])
def test_who_may_not_act_on_the_alert_gets_404(client_for, personas, alert, name):  # type: ignore[no-untyped-def]
    """Another region's coordinator and those without the watch do not see it; the analyst sees it but may not
    act: 404 as well, and nothing written."""
    client = client_for(name)
    base = f"/api/v1/strategy/alerts/{alert.pk}"
    assert client.post(f"{base}/acknowledge", content_type=JSON).status_code == 404
    assert client.post(f"{base}/assign", {"assignee": "p-province-agadir"}, content_type=JSON).status_code == 404
    assert client.post(f"{base}/comment", {"note": "x"}, content_type=JSON).status_code == 404
    assert client.post(f"{base}/close", {"note": "x"}, content_type=JSON).status_code == 404
    assert Alert.objects.get().status == "open" and AlertEvent.objects.count() == 1


def test_the_steps_are_in_the_openapi(client_for):  # type: ignore[no-untyped-def]
    paths = client_for("national").get("/api/v1/openapi.json").json()["paths"]
    for step in ("acknowledge", "assign", "comment", "close"):
        assert f"/api/v1/strategy/alerts/{{alert_id}}/{step}" in paths
