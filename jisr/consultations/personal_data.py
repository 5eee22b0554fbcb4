"""The consultations hold no beneficiary's data (`jisr.core.personal_data`): meetings name offices and
organizations, recommendations are proposals of organizations; the staff who changed a status are named as
authors of the change, as in every audited record."""

from __future__ import annotations

from jisr.consultations.models import (
    ActionPlan,
    Attendance,
    ConsultationRound,
    Meeting,
    Milestone,
    PlanAction,
    Recommendation,
    RecommendationEvent,
    Result,
    ResultStatus,
)
from jisr.core import personal_data


def register() -> None:
    for model, reason in (
        (ConsultationRound, "a round of consultation meetings"),
        (Meeting, "a meeting: region, date, place, the chair's office, organizations"),
        (Attendance, "counts of participants by category and sex"),
        (Recommendation, "a proposal made by an organization at a meeting"),
        (RecommendationEvent, "the status changes of a recommendation, authored by staff"),
        (ActionPlan, "a region's action plan"),
        (PlanAction, "an action of a plan, owned by an organization"),
        (Result, "the results of an action and their progress"),
        (ResultStatus, "the statuses of results"),
        (Milestone, "dated milestones of an action"),
    ):
        personal_data.declare_no_personal_data(model, reason)
