"""The social assessment instrument: its validation, its versions as data, and its scoring against sums worked
out by hand (not by the code under test)."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jisr.khadamati import instrument, instrument_v1, selectors_office, services_office
from jisr.khadamati.models import AssessmentInstrument

pytestmark = pytest.mark.django_db

# The items of version 1, per domain, as the instrument is written (3, 3, 3, 2, 3, 3 = 17 items).
ITEMS = {
    "cognition": ["cognition_focus", "cognition_remember", "cognition_understand"],
    "mobility": ["mobility_stand", "mobility_home", "mobility_distance"],
    "self_care": ["self_care_wash", "self_care_dress", "self_care_eat"],
    "getting_along": ["getting_along_strangers", "getting_along_friends"],
    "life_activities": ["life_household", "life_work_school", "life_pace"],
    "participation": ["participation_events", "participation_services", "participation_dignity"],
}


def test_version_1_is_published_by_the_migration_and_valid() -> None:
    published = selectors_office.published_instrument(instrument_v1.CODE)
    assert published.version == 1
    instrument.validate_definition(published.definition)
    assert {
        domain["code"]: [item["code"] for item in domain["items"]] for domain in published.definition["domains"]
    } == ITEMS
    for domain in published.definition["domains"]:
        for item in domain["items"]:
            assert all(item["text"][lang].strip() for lang in ("ar", "fr", "en"))


def test_every_item_none_scores_zero_and_every_item_extreme_scores_one_hundred() -> None:
    definition = instrument_v1.DEFINITION
    all_items = [code for codes in ITEMS.values() for code in codes]
    zero = instrument.score(definition, dict.fromkeys(all_items, "none"))
    assert zero.total.raw == 0 and zero.total.maximum == 68 and zero.total.scaled == Decimal("0.0")
    top = instrument.score(definition, dict.fromkeys(all_items, "extreme"))
    assert top.total.raw == 68 and top.total.scaled == Decimal("100.0")
    assert top.domains["getting_along"].raw == 8 and top.domains["getting_along"].maximum == 8


def test_a_mixed_assessment_scores_as_computed_by_hand() -> None:
    ratings = {
        # cognition: mild 1 + moderate 2 + none 0 = 3 of 12 → 25.0
        "cognition_focus": "mild", "cognition_remember": "moderate", "cognition_understand": "none",
        # mobility: severe 3 + extreme 4 + severe 3 = 10 of 12 → 83.3
        "mobility_stand": "severe", "mobility_home": "extreme", "mobility_distance": "severe",
        # self-care: 2 + 2 + 1 = 5 of 12 → 41.7
        "self_care_wash": "moderate", "self_care_dress": "moderate", "self_care_eat": "mild",
        # getting along: 0 + 1 = 1 of 8 → 12.5
        "getting_along_strangers": "none", "getting_along_friends": "mild",
        # life activities: 4 + 4 + 3 = 11 of 12 → 91.7
        "life_household": "extreme", "life_work_school": "extreme", "life_pace": "severe",
        # participation: 2 + 3 + 0 = 5 of 12 → 41.7
        "participation_events": "moderate", "participation_services": "severe", "participation_dignity": "none",
    }  # fmt: skip
    scores = instrument.score(instrument_v1.DEFINITION, ratings)
    expected = {
        "cognition": (3, 12, "25.0"),
        "mobility": (10, 12, "83.3"),
        "self_care": (5, 12, "41.7"),
        "getting_along": (1, 8, "12.5"),
        "life_activities": (11, 12, "91.7"),
        "participation": (5, 12, "41.7"),
    }
    assert {code: (s.raw, s.maximum, str(s.scaled)) for code, s in scores.domains.items()} == expected
    # total: 3 + 10 + 5 + 1 + 11 + 5 = 35 of 68 → 51.47… → 51.5
    assert (scores.total.raw, scores.total.minimum, scores.total.maximum, str(scores.total.scaled)) == (
        35,
        0,
        68,
        "51.5",
    )


def test_scaling_uses_the_scale_minimum_when_it_is_not_zero() -> None:
    definition = copy.deepcopy(instrument_v1.DEFINITION)
    for level in definition["scale"]:
        level["score"] += 1  # 1 … 5
    ratings = {code: "none" for codes in ITEMS.values() for code in codes}
    ratings["mobility_home"] = "extreme"  # mobility: 1 + 5 + 1 = 7, min 3, max 15 → (7-3)/12 = 33.3
    scores = instrument.score(definition, ratings)
    assert (
        scores.domains["mobility"].raw,
        scores.domains["mobility"].minimum,
        str(scores.domains["mobility"].scaled),
    ) == (7, 3, "33.3")
    # total: 16 × 1 + 5 = 21, min 17, max 85 → 4 / 68 = 5.88… → 5.9
    assert (scores.total.raw, str(scores.total.scaled)) == (21, "5.9")


def test_an_item_not_rated_is_an_error_naming_it() -> None:
    ratings = {code: "none" for codes in ITEMS.values() for code in codes}
    del ratings["self_care_eat"]
    ratings["mobility_home"] = "very bad"
    with pytest.raises(ValidationError) as raised:
        instrument.score(instrument_v1.DEFINITION, ratings)
    assert set(raised.value.message_dict) == {"self_care_eat", "mobility_home"}


def test_environment_needs_every_factor() -> None:
    answers = {"products": "barrier", "built": "barrier", "support": "facilitator", "attitudes": "neither"}
    with pytest.raises(ValidationError) as raised:
        instrument.clean_environment(instrument_v1.DEFINITION, answers)
    assert set(raised.value.message_dict) == {"env_services"}
    answers["services"] = "facilitator"
    assert instrument.clean_environment(instrument_v1.DEFINITION, {**answers, "extra": "x"}) == answers


@pytest.mark.parametrize(
    "breaking",
    [
        lambda d: d["domains"].pop(),  # five domains
        lambda d: d["domains"][0]["items"][0]["text"].pop("fr"),
        lambda d: d["domains"][1]["items"].append(
            {"code": "cognition_focus", "text": {"ar": "x", "fr": "x", "en": "x"}}
        ),
        lambda d: d["scale"][1].update(score=0),
        lambda d: d["environment"].pop("factors"),
    ],
)
def test_a_broken_definition_is_refused(breaking) -> None:  # type: ignore[no-untyped-def]
    definition = copy.deepcopy(instrument_v1.DEFINITION)
    breaking(definition)
    with pytest.raises(ValidationError):
        instrument.validate_definition(definition)


def test_editing_the_published_version_makes_a_draft_then_publishing_retires_the_old(personas) -> None:  # type: ignore[no-untyped-def]
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    definition = copy.deepcopy(v1.definition)
    definition["domains"][0]["items"][0]["text"]["en"] = "Staying focused on one task"
    draft = services_office.instrument_save(
        acting_user=personas.national, instrument_version=v1, definition=definition,
        title_ar=v1.title_ar, title_fr=v1.title_fr, title_en=v1.title_en,
    )  # fmt: skip
    v1.refresh_from_db()
    assert (draft.version, draft.status) == (2, AssessmentInstrument.Status.DRAFT)
    assert v1.definition == instrument_v1.DEFINITION and v1.status == AssessmentInstrument.Status.PUBLISHED
    services_office.instrument_publish(acting_user=personas.national, instrument_version=draft)
    v1.refresh_from_db()
    assert v1.status == AssessmentInstrument.Status.RETIRED
    assert selectors_office.published_instrument(instrument_v1.CODE).pk == draft.pk


def test_only_who_may_change_the_instrument(personas) -> None:  # type: ignore[no-untyped-def]
    v1 = selectors_office.published_instrument(instrument_v1.CODE)
    for name in ("worker_a", "province_agadir", "citizen", "outsider"):
        with pytest.raises(Http404):
            services_office.instrument_save(
                acting_user=getattr(personas, name), instrument_version=v1, definition=v1.definition,
                title_ar="x", title_fr="x", title_en="x",
            )  # fmt: skip
