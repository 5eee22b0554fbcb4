"""Creating and editing after creation: the regions offered, the edit pages and their refusals."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from jisr.consultations.models import Meeting


def test_the_meeting_form_offers_only_the_coordinators_region(consultation, client_for):  # type: ignore[no-untyped-def]
    client = client_for("region_rsk")
    page = client.get(reverse("consultations:manage")).content.decode()
    assert 'value="04"' in page and 'value="09"' not in page
    data = {
        "step": "meeting",
        "meeting-consultation_round": consultation.round.pk,
        "meeting-region": "09",
        "meeting-sequence": 5,
        "meeting-held_on": "2022-01-05",
        "meeting-place": "أكادير",
    }
    response = client.post(reverse("consultations:manage"), data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    with translation.override("fr"):
        message = translation.gettext("You may plan meetings only in the regions you coordinate.")
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Meeting.objects.filter(sequence=5).exists()


def test_a_coordinator_edits_a_meeting_and_a_recommendation_audited(consultation, client_for):  # type: ignore[no-untyped-def]
    from jisr.core.models import AuditLog

    client = client_for("region_rsk")
    url = reverse("consultations:meeting_edit", args=[consultation.meeting_rsk.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"held_on": "2022-01-14", "place": "سلا", "chair": "", "agenda": ""})
    assert response.status_code == 302
    consultation.meeting_rsk.refresh_from_db()
    assert consultation.meeting_rsk.place == "سلا"
    assert AuditLog.objects.filter(object_id=str(consultation.meeting_rsk.pk), changes__has_key="place").exists()
    url = reverse("consultations:recommendation_edit", args=[consultation.rec_rsk.pk])
    data = {"text_ar": "نص مصحح", "text_fr": "", "target_group": "children"}
    assert client.post(url, data).status_code == 302
    consultation.rec_rsk.refresh_from_db()
    assert (consultation.rec_rsk.text_ar, consultation.rec_rsk.target_group) == ("نص مصحح", "children")
    # Nothing in either language: an error in the reader's language, nothing written.
    refused = client.post(url, {"text_ar": "", "text_fr": "", "target_group": "all"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 200 and refused.context["form"].errors
    consultation.rec_rsk.refresh_from_db()
    assert consultation.rec_rsk.text_ar == "نص مصحح"


def test_a_coordinator_edits_an_action_and_its_result(consultation, client_for, personas):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from jisr.consultations import services

    client = client_for("region_rsk")
    action = consultation.action_rsk
    url = reverse("consultations:action_edit", args=[action.pk])
    data = {
        "code": "1.2",
        "title_ar": "مراكز",
        "title_fr": "Centres",
        "owner": personas.entraide.pk,
        "target_group": "all",
        "budget": "1250000.75",
        "ends_on": "2025-12-31",
    }
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.code, action.budget) == ("1.2", Decimal("1250000.75"))
    refused = client.post(url, {**data, "starts_on": "2026-01-01"})  # starts after it ends
    assert refused.status_code == 200
    result = services.result_create(acting_user=personas.national, action=action, title_ar="أ", title_fr="A")
    url = reverse("consultations:result_edit", args=[action.pk, result.pk])
    assert client.post(url, {"title_ar": "ب", "title_fr": "B", "order": 2}).status_code == 302
    result.refresh_from_db()
    assert (result.title_fr, result.order) == ("B", 2)


def test_edit_pages_answer_404_to_who_may_not_edit(consultation, client_for, personas):  # type: ignore[no-untyped-def]
    from jisr.consultations import services

    result = services.result_create(
        acting_user=personas.national, action=consultation.action_souss, title_ar="أ", title_fr="A"
    )
    urls = [
        reverse("consultations:meeting_edit", args=[consultation.meeting_souss.pk]),
        reverse("consultations:recommendation_edit", args=[consultation.rec_souss.pk]),
        reverse("consultations:action_edit", args=[consultation.action_souss.pk]),
        reverse("consultations:result_edit", args=[consultation.action_souss.pk, result.pk]),
    ]
    for persona in ("region_rsk", "partner", "outsider"):  # the partner reports on it but does not edit it
        client = client_for(persona)
        assert [client.get(url).status_code for url in urls] == [404] * 4, persona


def test_the_api_creates_meetings_and_recommendations_in_the_users_region(consultation, client_for):  # type: ignore[no-untyped-def]
    client = client_for("region_rsk")
    meeting = {
        "round": consultation.round.code,
        "region": "04",
        "sequence": 30,
        "held_on": "2024-06-01",
        "place": "سلا",
    }
    created = client.post("/api/v1/consultations/meetings", meeting, content_type="application/json")
    assert created.status_code == 201 and created.json()["region"] == "04"
    other = client.post(
        "/api/v1/consultations/meetings", {**meeting, "region": "09", "sequence": 31}, content_type="application/json"
    )
    assert other.status_code == 422 and not Meeting.objects.filter(sequence=31).exists()
    url = f"/api/v1/consultations/meetings/{consultation.meeting_rsk.pk}/recommendations"
    body = {"text_fr": "Former les assistantes sociales", "target_group": "women", "pillar": "women"}
    recommendation = client.post(url, body, content_type="application/json")
    assert recommendation.status_code == 201 and recommendation.json()["status"] == "received"
    assert client.post(url, {"text_fr": "x", "pillar": "nope"}, content_type="application/json").status_code == 422
    souss = f"/api/v1/consultations/meetings/{consultation.meeting_souss.pk}/recommendations"
    assert client.post(souss, body, content_type="application/json").status_code == 404
    assert client_for("partner").post(url, body, content_type="application/json").status_code == 404
