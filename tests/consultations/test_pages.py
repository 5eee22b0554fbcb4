"""The staff pages and API with the personas who may and must not see them; the public pages without login."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jisr.consultations import public, services
from jisr.consultations.models import Recommendation, ResultStatus

Status = Recommendation.Status


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("persona", ["worker_a", "outsider", "citizen", "province_agadir"])
def test_staff_pages_answer_404_to_outsiders(consultation, client_for, persona):
    client = client_for(persona)
    for url in (
        reverse("consultations:manage"),
        reverse("consultations:meeting", args=[consultation.meeting_rsk.pk]),
        reverse("consultations:recommendation", args=[consultation.rec_rsk.pk]),
        reverse("consultations:recommendations"),
        reverse("consultations:duplicates"),
        reverse("consultations:plan", args=[consultation.plan_rsk.pk]),
        reverse("consultations:action", args=[consultation.action_rsk.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login_from_staff_pages(client_for):
    assert client_for(None).get(reverse("consultations:manage")).status_code == 302


def test_regional_coordinator_sees_their_region_only(consultation, client_for):
    client = client_for("region_rsk")
    assert client.get(reverse("consultations:meeting", args=[consultation.meeting_rsk.pk])).status_code == 200
    assert client.get(reverse("consultations:meeting", args=[consultation.meeting_souss.pk])).status_code == 404
    assert client.get(reverse("consultations:recommendation", args=[consultation.rec_souss.pk])).status_code == 404
    assert client.get(reverse("consultations:plan", args=[consultation.plan_souss.pk])).status_code == 404
    listing = client.get(reverse("consultations:recommendations")).content.decode()
    assert consultation.rec_rsk.reference in listing and consultation.rec_souss.reference not in listing


def test_coordinator_accepts_a_recommendation_into_the_plan(consultation, client_for, personas):
    client = client_for("region_rsk")
    url = reverse("consultations:recommendation", args=[consultation.rec_rsk.pk])
    assert client.post(url, {"status": "under_study"}).status_code == 302
    assert client.post(url, {"status": "accepted", "action": consultation.action_rsk.pk}).status_code == 302
    consultation.rec_rsk.refresh_from_db()
    assert consultation.rec_rsk.status == Status.ACCEPTED
    page = client.get(url).content.decode()
    assert consultation.action_rsk.title in page


def test_not_retained_without_reason_is_refused_on_the_page(consultation, client_for, in_english):
    client = client_for("region_rsk")
    url = reverse("consultations:recommendation", args=[consultation.rec_rsk.pk])
    response = client.post(url, {"status": "not_retained", "reason": ""})
    assert response.status_code == 200 and "Say why" in response.content.decode()


def test_partner_sees_and_updates_only_its_actions(consultation, client_for, personas):
    result = services.result_create(
        acting_user=personas.national, action=consultation.action_souss, title_ar="أ", title_fr="A"
    )
    client = client_for("partner")
    home = client.get(reverse("consultations:manage")).content.decode()
    assert consultation.action_souss.title in home
    url = reverse("consultations:action", args=[consultation.action_souss.pk])
    assert client.get(url).status_code == 200
    done = ResultStatus.objects.get(code="done")
    response = client.post(url, {"step": "report", "result": result.pk, f"r{result.pk}-status": done.pk})
    assert response.status_code == 302
    consultation.action_souss.refresh_from_db()
    assert consultation.action_souss.progress == 100
    assert client.get(reverse("consultations:action", args=[consultation.action_rsk.pk])).status_code == 404
    assert client.get(reverse("consultations:meeting", args=[consultation.meeting_souss.pk])).status_code == 404
    assert client.post(url, {"step": "result", "res-title_ar": "x", "res-title_fr": "x"}).status_code == 404


def test_public_pages_need_no_login_and_follow_writes(consultation, client_for, personas):
    client = client_for(None)
    home = client.get(reverse("consultations:public"))
    assert home.status_code == 200 and "no-store" not in home.get("Cache-Control", "")
    region = client.get(reverse("consultations:public_region", args=["04"]))
    assert region.status_code == 200
    services.recommendation_decide(
        acting_user=personas.national,
        recommendation=consultation.rec_rsk,
        status=Status.NOT_RETAINED,
        reason="Raison publique",
    )
    public.forget()  # the on-commit hook does this in production; the test's transaction never commits
    page = client.get(reverse("consultations:public_region", args=["04"])).content.decode()
    assert "Raison publique" in page
    history = client.get(reverse("consultations:public_recommendation", args=[consultation.rec_rsk.pk]))
    assert history.status_code == 200 and personas.national.username not in history.content.decode()
    assert client.get(reverse("consultations:public_region", args=["99"])).status_code == 404
    filtered = client.get(reverse("consultations:public_region", args=["04"]), {"target_group": "children"})
    assert consultation.rec_rsk.reference not in filtered.content.decode()


def test_public_pages_are_cached(consultation, client_for, django_assert_max_num_queries):
    client = client_for(None)
    client.get(reverse("consultations:public_region", args=["04"]))
    with django_assert_max_num_queries(3):  # the session/user lookups at most, no aggregate recomputed
        client.get(reverse("consultations:public_region", args=["04"]))


def test_open_data_csv_and_json(consultation, client_for):
    client = client_for(None)
    data = json.loads(client.get(reverse("consultations:open_data", args=["json"])).content)
    assert {row["reference"] for row in data["recommendations"]} >= {consultation.rec_rsk.reference}
    assert {row["code"] for row in data["actions"]} == {"1.1"}
    csv = client.get(reverse("consultations:open_data", args=["csv"])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("reference,region")
    actions = client.get(reverse("consultations:open_data", args=["csv"]), {"table": "actions"}).content
    assert b"1000000" in actions


def test_api_scope(consultation, client_for):
    national = client_for("national").get("/api/v1/consultations/recommendations").json()
    assert len(national) == 2
    region = client_for("region_rsk").get("/api/v1/consultations/recommendations").json()
    assert [row["reference"] for row in region] == [consultation.rec_rsk.reference]
    assert client_for("worker_a").get("/api/v1/consultations/recommendations").json() == []
    assert (
        client_for("outsider").get(f"/api/v1/consultations/meetings/{consultation.meeting_rsk.pk}").status_code == 404
    )
    partner_actions = client_for("partner").get("/api/v1/consultations/actions").json()
    assert [row["id"] for row in partner_actions] == [str(consultation.action_souss.pk)]
    assert client_for("partner").get("/api/v1/consultations/plans").json() == []
    assert client_for("partner").get(f"/api/v1/consultations/actions/{consultation.action_rsk.pk}").status_code == 404


def test_api_decision_rules(consultation, client_for):
    client = client_for("region_rsk")
    url = f"/api/v1/consultations/recommendations/{consultation.rec_rsk.pk}/decision"
    response = client.post(url, {"status": "not_retained"}, content_type="application/json")
    assert response.status_code == 422 and "reason" in response.json()["errors"]
    ok = client.post(url, {"status": "not_retained", "reason": "hors champ"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "not_retained"
    other = f"/api/v1/consultations/recommendations/{consultation.rec_souss.pk}/decision"
    assert client.post(other, {"status": "under_study"}, content_type="application/json").status_code == 404


def test_openapi_lists_the_consultations(client_for):
    paths = client_for("national").get("/api/v1/openapi.json").json()["paths"]
    for path in ("meetings", "recommendations", "plans", "actions"):
        assert f"/api/v1/consultations/{path}" in paths


def test_a_citizen_session_reaches_the_public_part_only(consultation, personas):
    from django.test import Client

    from jisr.khadamati.auth import CITIZEN_BACKEND

    client = Client()
    client.force_login(personas.citizen, backend=CITIZEN_BACKEND)
    assert client.get(reverse("consultations:public")).status_code == 200
    assert client.get(reverse("consultations:public_region", args=["04"])).status_code == 200
    assert client.get(reverse("consultations:manage")).status_code == 404


def test_meetings_and_plans_are_created_on_the_staff_home(consultation, client_for):
    client = client_for("region_rsk")
    url = reverse("consultations:manage")
    data = {
        "step": "meeting",
        "meeting-consultation_round": consultation.round.pk,
        "meeting-region": "04",
        "meeting-sequence": 20,
        "meeting-held_on": "2024-05-02",
        "meeting-place": "Kénitra",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and "/manage/meetings/" in response["Location"]
    other_region = client.post(url, {**data, "meeting-region": "09", "meeting-sequence": 21})
    assert other_region.status_code == 200 and "region" in other_region.context["meeting_form"].errors
    plan = {
        "step": "plan",
        "plan-region": "04",
        "plan-first_year": 2027,
        "plan-last_year": 2031,
        "plan-title_ar": "مخطط",
        "plan-title_fr": "Plan",
    }
    assert client.post(url, plan).status_code == 302
    refused = client.post(url, {**plan, "plan-first_year": 2032})  # last year before the first
    assert refused.status_code == 200 and refused.context["plan_form"].errors
    assert client_for("partner").post(url, plan).status_code == 404
    assert client_for("worker_a").post(url, data).status_code == 404
