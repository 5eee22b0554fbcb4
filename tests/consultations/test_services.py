"""The workflow of recommendations and its rules, merges, the roll-up of progress, meetings and milestones."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jisr.consultations import duplicates, rollup, services
from jisr.consultations.models import Meeting, Recommendation, RecommendationEvent, ResultStatus
from jisr.core.models import AuditLog

Status = Recommendation.Status


def test_every_status_change_is_dated_authored_and_audited(consultation, personas):
    rec, user = consultation.rec_rsk, personas.region_rsk
    services.recommendation_decide(acting_user=user, recommendation=rec, status=Status.UNDER_STUDY)
    services.recommendation_decide(
        acting_user=user, recommendation=rec, status=Status.ACCEPTED, action=consultation.action_rsk
    )
    services.recommendation_decide(acting_user=user, recommendation=rec, status=Status.UNDER_STUDY)
    services.recommendation_decide(
        acting_user=user,
        recommendation=rec,
        status=Status.NOT_RETAINED,
        reason="Déjà couvert par le programme national",
    )
    rec.refresh_from_db()
    assert rec.status == Status.NOT_RETAINED and rec.action is None and rec.reason
    events = list(RecommendationEvent.objects.filter(recommendation=rec).values_list("from_status", "to_status", "by"))
    assert events == [
        ("", "received", personas.national.pk),
        ("received", "under_study", user.pk),
        ("under_study", "accepted", user.pk),
        ("accepted", "under_study", user.pk),
        ("under_study", "not_retained", user.pk),
    ]
    audited = AuditLog.objects.filter(object_type="consultations.recommendation", object_id=str(rec.pk))
    assert audited.filter(actor=user).count() == 4


def test_not_retained_needs_a_reason(consultation, personas, in_english):
    with pytest.raises(ValidationError) as error:
        services.recommendation_decide(
            acting_user=personas.national, recommendation=consultation.rec_rsk, status=Status.NOT_RETAINED, reason="   "
        )
    assert "Say why" in error.value.message_dict["reason"][0]
    consultation.rec_rsk.refresh_from_db()
    assert consultation.rec_rsk.status == Status.RECEIVED


def test_accepted_needs_an_action_of_the_region(consultation, personas):
    rec = consultation.rec_rsk
    services.recommendation_decide(acting_user=personas.national, recommendation=rec, status=Status.UNDER_STUDY)
    with pytest.raises(ValidationError) as error:
        services.recommendation_decide(acting_user=personas.national, recommendation=rec, status=Status.ACCEPTED)
    assert "action" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.recommendation_decide(
            acting_user=personas.national, recommendation=rec, status=Status.ACCEPTED, action=consultation.action_souss
        )
    assert "action" in error.value.message_dict


def test_forbidden_transitions(consultation, personas):
    rec = consultation.rec_rsk
    with pytest.raises(ValidationError):  # received → accepted skips the study
        services.recommendation_decide(
            acting_user=personas.national, recommendation=rec, status=Status.ACCEPTED, action=consultation.action_rsk
        )
    services.recommendation_merge(acting_user=personas.national, duplicate=rec, into=consultation.rec_souss)
    for status in (Status.UNDER_STUDY, Status.RECEIVED, Status.NOT_RETAINED):
        with pytest.raises(ValidationError):  # a merged recommendation stays merged
            services.recommendation_decide(acting_user=personas.national, recommendation=rec, status=status, reason="x")


def test_merge_rules(consultation, personas):
    national = personas.national
    with pytest.raises(ValidationError):
        services.recommendation_merge(acting_user=national, duplicate=consultation.rec_rsk, into=consultation.rec_rsk)
    services.recommendation_merge(
        acting_user=national, duplicate=consultation.rec_souss, into=consultation.rec_rsk, note="Même demande"
    )
    consultation.rec_souss.refresh_from_db()
    assert consultation.rec_souss.merged_into == consultation.rec_rsk
    assert list(consultation.rec_rsk.merged.all()) == [consultation.rec_souss]
    third = services.recommendation_create(acting_user=national, meeting=consultation.meeting_rsk, text_fr="Autre")
    with pytest.raises(ValidationError):  # not into one that is itself merged
        services.recommendation_merge(acting_user=national, duplicate=third, into=consultation.rec_souss)


def test_a_regional_coordinator_cannot_merge_into_another_region(consultation, personas):
    other = services.recommendation_create(
        acting_user=personas.national, meeting=consultation.meeting_rsk, text_fr="Autre proposition"
    )
    with pytest.raises(ValidationError):
        services.recommendation_merge(acting_user=personas.region_rsk, duplicate=other, into=consultation.rec_souss)


@pytest.mark.parametrize("persona", ["region_rsk", "partner", "analyst", "worker_a", "outsider", "citizen"])
def test_who_may_not_decide_gets_404(consultation, personas, persona):
    with pytest.raises(Http404):
        services.recommendation_decide(
            acting_user=getattr(personas, persona), recommendation=consultation.rec_souss, status=Status.UNDER_STUDY
        )


def test_progress_rolls_up_averaged_then_weighted(consultation, personas):
    national, action = personas.national, consultation.action_rsk
    done = ResultStatus.objects.get(code="done")
    started = ResultStatus.objects.get(code="started")
    parent = services.result_create(acting_user=national, action=action, title_ar="أ", title_fr="A")
    child_1 = services.result_create(
        acting_user=national, action=action, title_ar="ب", title_fr="B", parent=parent, status=done
    )
    child_2 = services.result_create(
        acting_user=national, action=action, title_ar="ج", title_fr="C", parent=parent, status=started
    )
    services.result_create(acting_user=national, action=action, title_ar="د", title_fr="D", own_progress=Decimal("40"))
    parent.refresh_from_db()
    action.refresh_from_db()
    assert parent.progress == Decimal("55.00")  # (100 + 10) / 2
    assert action.progress == Decimal("47.50")  # (55 + 40) / 2
    # weights on every child: weighted
    for child, weight in ((child_1, "3"), (child_2, "1")):
        child.weight = Decimal(weight)
        child.save(update_fields=["weight"])
    rollup.recompute_action(action)
    parent.refresh_from_db()
    assert parent.progress == Decimal("77.50")  # (100*3 + 10*1) / 4
    # a weight missing on one child: plain mean again
    assert rollup.combine([(Decimal(100), Decimal(3)), (Decimal(10), None)]) == Decimal("55.00")
    assert rollup.combine([]) == Decimal(0)


def test_partner_reports_progress_on_the_actions_it_owns_only(consultation, personas):
    national, partner = personas.national, personas.partner
    own = services.result_create(acting_user=national, action=consultation.action_souss, title_ar="أ", title_fr="A")
    other = services.result_create(acting_user=national, action=consultation.action_rsk, title_ar="أ", title_fr="A")
    in_progress = ResultStatus.objects.get(code="in_progress")
    services.result_report(acting_user=partner, result=own, status=in_progress)
    consultation.action_souss.refresh_from_db()
    assert consultation.action_souss.progress == Decimal("50.00")
    services.milestone_add(
        acting_user=partner,
        action=consultation.action_souss,
        reached_on=datetime.date(2023, 3, 1),
        title_fr="Convention signée",
    )
    with pytest.raises(Http404):
        services.result_report(acting_user=partner, result=other, status=in_progress)
    with pytest.raises(Http404):
        services.milestone_add(
            acting_user=partner, action=consultation.action_rsk, reached_on=datetime.date(2023, 3, 1), title_fr="x"
        )
    with pytest.raises(Http404):  # reporting is not building the plan
        services.result_create(acting_user=partner, action=consultation.action_souss, title_ar="x", title_fr="x")


def test_meeting_status_and_attendance(consultation, personas, in_english):
    national = personas.national
    meeting = services.meeting_create(
        acting_user=national,
        consultation_round=consultation.round,
        region=consultation.meeting_rsk.region,
        sequence=1,
        held_on=datetime.date(2099, 1, 1),
        place="x",
    )
    with pytest.raises(ValidationError):  # not held before its date
        services.meeting_advance(acting_user=national, meeting=meeting)
    with pytest.raises(ValidationError) as error:  # no report without minutes
        services.meeting_advance(acting_user=national, meeting=consultation.meeting_rsk)
    assert "minutes" in str(error.value)
    services.meeting_set_attendance(
        acting_user=personas.region_rsk,
        meeting=consultation.meeting_rsk,
        counts={"elected": (4, 9), "associations": (12, 7)},
    )
    assert consultation.meeting_rsk.attendance.count() == 2
    with pytest.raises(Http404):
        services.meeting_set_attendance(
            acting_user=personas.region_rsk, meeting=consultation.meeting_souss, counts={"elected": (1, 1)}
        )


def test_minutes_are_encrypted_and_unlock_the_report(consultation, personas, settings, tmp_path):
    settings.JISR_CONSULTATIONS_FILES_DIR = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    meeting = services.meeting_upload_minutes(
        acting_user=personas.region_rsk, meeting=consultation.meeting_rsk, file_name="pv.pdf", content=pdf
    )
    stored = next(tmp_path.rglob(meeting.minutes_stored_name))
    assert b"%PDF" not in stored.read_bytes()
    services.meeting_advance(acting_user=personas.region_rsk, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.REPORT_PUBLISHED
    with pytest.raises(ValidationError):
        services.meeting_upload_minutes(
            acting_user=personas.region_rsk, meeting=meeting, file_name="x.pdf", content=b"not a pdf at all"
        )


def test_organization_created_on_the_fly(consultation, personas):
    organization = services.meeting_add_organization(
        acting_user=personas.region_rsk,
        meeting=consultation.meeting_rsk,
        name_ar="جمعية الأمل",
        name_fr="Association Al Amal",
        kind="association",
    )
    assert organization in consultation.meeting_rsk.organizations.all()
    services.meeting_add_organization(
        acting_user=personas.region_rsk, meeting=consultation.meeting_rsk, organization=personas.entraide
    )
    assert consultation.meeting_rsk.organizations.count() == 2


def test_duplicates_across_meetings_with_arabic_folded():
    # hamza, ta marbuta and alef forms differ; the words are the same
    first = duplicates.keys("إحداث مراكز للنساء في وضعية صعبة", "")
    second = duplicates.keys("احداث مراكز للنساء فى وضعيه صعبة", "")
    assert first[0] == second[0]
    french = duplicates.keys("", "Créer des centres pour les femmes")[1], duplicates.keys("", "creer centre femmes")[1]
    assert french[0] == french[1]


def test_duplicate_candidates_found_between_meetings(consultation, personas):
    from jisr.consultations import selectors

    found = selectors.duplicate_candidates(personas.national)
    assert {(c.first.pk, c.second.pk) for c in found} & {
        (consultation.rec_rsk.pk, consultation.rec_souss.pk),
        (consultation.rec_souss.pk, consultation.rec_rsk.pk),
    }
    assert selectors.duplicate_candidates(personas.partner) == []
