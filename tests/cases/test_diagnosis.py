"""Diagnosis: the seeded protocol, scoring, versioning as data, pages and API with the personas."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jisr.cases import services
from jisr.cases.models import Assessment, Case, Protocol
from jisr.cases.protocols import score, validate_definition
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def protocol():  # type: ignore[no-untyped-def]
    return Protocol.objects.get(code="jisr-social-diagnosis", status="published")


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="زينب", last_name_ar="الحداد", sex="F")
    opened = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                reason="r", channel="walk_in", consent_obtained=True)  # fmt: skip
    services.listening_record(acting_user=personas.worker_a, case=opened, needs=["income"])
    opened.refresh_from_db()
    return opened


def answers(protocol, pick=0):  # type: ignore[no-untyped-def]
    return {q["code"]: q["choices"][pick if pick >= 0 else len(q["choices"]) - 1]["code"]
            for d in protocol.definition["domains"] for q in d["questions"]}  # fmt: skip


def test_the_seeded_protocol_is_valid_and_scores(protocol) -> None:  # type: ignore[no-untyped-def]
    validate_definition(protocol.definition)
    calm = score(protocol.definition, answers(protocol, 0))
    assert calm["priority"] == "low" and calm["recommendations"] == []
    worst = score(protocol.definition, answers(protocol, -1))
    assert worst["priority"] == "high" and set(worst["needs_profile"].values()) == {"high"}
    only_violence = {**answers(protocol, 0), "violence": "current"}
    result = score(protocol.definition, only_violence)
    assert result["needs_profile"]["safety"] == "high" and result["priority"] == "high"
    assert result["recommendations"] == ["protection", "psychological_support", "legal_aid"]


def test_an_incomplete_assessment_is_an_error_never_a_low_score(protocol) -> None:  # type: ignore[no-untyped-def]
    partial = answers(protocol)
    partial.pop("violence")
    with pytest.raises(ValidationError) as refused:
        score(protocol.definition, partial)
    assert "answers" in refused.value.message_dict


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["domains"][0].update(thresholds={"medium": 5, "high": 2}),
        lambda d: d["domains"][0]["questions"][0]["choices"].pop() and d["domains"][0]["questions"][0]["choices"].pop(),
        lambda d: d["domains"][1]["questions"][0].update(code="income_source"),
        lambda d: d["domains"][0].update(recommendations=["magic"]),
        lambda d: d["domains"][0]["title"].pop("fr"),
        lambda d: d.update(priority={}),
    ],
)
def test_a_broken_definition_is_refused_with_where(protocol, breakage) -> None:  # type: ignore[no-untyped-def]
    definition = copy.deepcopy(protocol.definition)
    breakage(definition)
    assert definition != protocol.definition
    with pytest.raises(ValidationError):
        validate_definition(definition)


def test_the_assessment_pins_the_version_and_moves_the_case(personas, case, protocol) -> None:  # type: ignore[no-untyped-def]
    assessment = services.assessment_record(acting_user=personas.worker_a, case=case, protocol=protocol,
                                            answers=answers(protocol, -1))  # fmt: skip
    case.refresh_from_db()
    assert case.status == Case.Status.DIAGNOSIS and assessment.priority == "high"
    edited = copy.deepcopy(protocol.definition)
    edited["priority"]["high_domains"] = 3
    draft = services.protocol_save(acting_user=personas.national, protocol=protocol, definition=edited,
                                   title_ar="ب", title_fr="P", title_en="P", requires_plan_approval=False)  # fmt: skip
    assert draft.version == 2 and draft.status == "draft" and protocol.definition["priority"]["high_domains"] == 1
    with pytest.raises(ValidationError):
        services.assessment_record(acting_user=personas.worker_a, case=case, protocol=draft, answers=answers(draft))
    services.protocol_publish(acting_user=personas.national, protocol=draft)
    protocol.refresh_from_db()
    assert protocol.status == "retired"
    assessment.refresh_from_db()
    assert assessment.protocol == protocol
    with pytest.raises(Http404):
        services.protocol_save(acting_user=personas.manager_a, protocol=draft, definition=edited,
                               title_ar="ب", title_fr="P", title_en="P", requires_plan_approval=False)  # fmt: skip


def test_no_diagnosis_before_listening_nor_outside_the_scope(personas, protocol) -> None:  # type: ignore[no-untyped-def]
    person = register(personas, first_name_ar="عمر", last_name_ar="الكبير")
    fresh = services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                               reason="r", channel="walk_in", consent_obtained=True)  # fmt: skip
    with pytest.raises(ValidationError):
        services.assessment_record(
            acting_user=personas.worker_a, case=fresh, protocol=protocol, answers=answers(protocol)
        )
    with pytest.raises(Http404):
        services.assessment_record(
            acting_user=personas.worker_b, case=fresh, protocol=protocol, answers=answers(protocol)
        )


def test_diagnosis_page_and_api(personas, case, protocol, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cases:assess", args=[case.pk])
    for name in ("worker_b", "province_agadir", "analyst", "partner", "outsider"):
        assert client_for(name).get(url).status_code == 404, name
    client = client_for("worker_a")
    assert client.get(url).status_code == 200
    incomplete = client.post(url, {"income_source": "none"})
    assert incomplete.status_code == 200 and not Assessment.objects.exists()
    assert client.post(url, answers(protocol, -1)).status_code == 302
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "protection" in page or "حماية" in page
    api = client.post(f"/api/v1/cases/{case.pk}/assessments", {"answers": answers(protocol, 0)}, content_type=JSON)
    assert api.status_code == 201 and api.json()["priority"] == "low"
    assert len(client.get(f"/api/v1/cases/{case.pk}/assessments").json()) == 2
    assert client_for("worker_b").get(f"/api/v1/cases/{case.pk}/assessments").status_code == 404
    assert client.get("/api/v1/cases/protocols").json()[0]["code"] == "jisr-social-diagnosis"


def test_protocol_pages_are_for_national_officers(personas, protocol, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in ("manager_a", "worker_a", "region_rsk", "analyst", "partner", "outsider"):
        assert client_for(name).get(reverse("cases:protocols")).status_code == 404, name
        assert client_for(name).get(reverse("cases:protocol_edit", args=[protocol.pk])).status_code == 404, name
    national = client_for("national")
    assert national.get(reverse("cases:protocols")).status_code == 200
    form = {"title_ar": "ب", "title_fr": "P", "title_en": "P", "definition": '{"domains": []}'}
    refused = national.post(reverse("cases:protocol_edit", args=[protocol.pk]), form)
    assert refused.status_code == 200 and Protocol.objects.count() == 1
    import json

    form["definition"] = json.dumps(protocol.definition)
    saved = national.post(reverse("cases:protocol_edit", args=[protocol.pk]), form)
    assert saved.status_code == 302 and Protocol.objects.filter(version=2, status="draft").exists()
