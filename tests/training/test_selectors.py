"""The training selectors read through the anchors the models declare: the persona who must not see
a program's session, result or a case's mediation gets a 404."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.http import Http404

from jisr.core.scope import anchor_fields
from jisr.training import pathways, selectors, services
from jisr.training.models import Certificate, Enrollment, Mediation, TrainingProgram
from tests.training.test_training import NEVER_SEE, TODAY, make_module, pathway_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def module(personas):  # type: ignore[no-untyped-def]
    return make_module(personas)


@pytest.fixture
def program(personas, module):  # type: ignore[no-untyped-def]
    return services.program_create(
        acting_user=personas.manager_a, center=personas.center_a, title_ar="خياطة — الفوج 1",
        title_fr="Couture — promotion 1",
        kind="certified_training", modules=[module], starts_on=TODAY - datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=60), capacity=2,
    )  # fmt: skip


def test_records_follow_their_program_or_their_case() -> None:
    assert anchor_fields(TrainingProgram).center == "center__id"
    assert anchor_fields(Certificate).center == "result__enrollment__program__center__id"
    assert anchor_fields(Enrollment, "case").center == "case__center_id"
    assert anchor_fields(Mediation).center == "case__center_id"


def test_a_session_is_404_outside_the_programs_center(personas, program, module) -> None:  # type: ignore[no-untyped-def]
    session = services.session_add(acting_user=personas.manager_a, program=program, module=module, held_on=TODAY,
                                   hours=3, trainer="Mme Amal")  # fmt: skip
    assert selectors.session_get(personas.manager_a, session.pk, "training.record_attendance") == session
    for name in NEVER_SEE:
        with pytest.raises(Http404):
            selectors.session_get(getattr(personas, name), session.pk, "training.record_attendance")
    with pytest.raises(Http404):
        selectors.session_get(personas.national, uuid.uuid4(), "training.record_attendance")


def test_a_result_is_404_outside_the_scope_or_when_missing(personas, program, module) -> None:  # type: ignore[no-untyped-def]
    enrollment = services.enroll(acting_user=personas.worker_a, program=program, case=pathway_case(personas))
    with pytest.raises(Http404):
        selectors.result_get(personas.manager_a, enrollment.pk, module.pk, "training.issue_certificate")
    session = services.session_add(acting_user=personas.manager_a, program=program, module=module, held_on=TODAY,
                                   hours=3, trainer="Mme Amal")  # fmt: skip
    services.attendance_record(acting_user=personas.manager_a, session=session, present=[enrollment.pk])
    result = services.result_record(acting_user=personas.manager_a, enrollment=enrollment, module=module, score=80)
    assert selectors.result_get(personas.manager_a, enrollment.pk, module.pk, "training.issue_certificate") == result
    for name in NEVER_SEE:
        with pytest.raises(Http404):
            selectors.result_get(getattr(personas, name), enrollment.pk, module.pk, "training.issue_certificate")


def test_program_centers_are_those_where_the_user_creates_programs(personas) -> None:  # type: ignore[no-untyped-def]
    assert list(selectors.program_centers(personas.manager_a)) == [personas.center_a]
    assert list(selectors.program_centers(personas.outsider)) == []
    with pytest.raises(Http404):
        selectors.program_center_get(personas.manager_a, personas.center_b.pk)


def test_a_mediation_is_404_from_another_case_or_outside_the_scope(personas) -> None:  # type: ignore[no-untyped-def]
    case = pathway_case(personas)
    other = pathway_case(personas, first="خديجة", last="التازي", latin=("Khadija", "Tazi"))
    mediation = pathways.mediation_start(acting_user=personas.worker_a, case=case, kind="health", purpose="Bilan")
    assert selectors.mediation_get(personas.worker_a, case, mediation.pk) == mediation
    with pytest.raises(Http404):
        selectors.mediation_get(personas.worker_a, other, mediation.pk)
    with pytest.raises(Http404):
        selectors.mediation_get(personas.worker_b, case, mediation.pk)
