"""A small consultation: a round, meetings in Rabat-Salé-Kénitra (04) and Souss-Massa (09), a plan in each, an
action of the Souss-Massa plan owned by the Agadir health delegation (the partner persona's organization)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from jisr.consultations import services
from jisr.consultations.models import ActionPlan, ConsultationRound, Meeting, PlanAction, Recommendation
from jisr.strategy.models import Lever, Pillar
from jisr.territories.models import Region
from tests.personas import Personas


@dataclass
class Consultation:
    round: ConsultationRound
    meeting_rsk: Meeting
    meeting_souss: Meeting
    plan_rsk: ActionPlan
    plan_souss: ActionPlan
    action_rsk: PlanAction
    action_souss: PlanAction
    rec_rsk: Recommendation
    rec_souss: Recommendation
    pillar: Pillar


@pytest.fixture
def pillar(db) -> Pillar:  # type: ignore[no-untyped-def]
    Lever.objects.get_or_create(
        code="governance", defaults={"name_ar": "الحكامة", "name_fr": "Gouvernance", "name_en": "Governance"}
    )
    return Pillar.objects.get_or_create(
        code="women", defaults={"name_ar": "المساواة", "name_fr": "Égalité", "name_en": "Equality"}
    )[0]


@pytest.fixture
def consultation(personas: Personas, pillar: Pillar) -> Consultation:
    national = personas.national
    rnd = services.round_create(
        acting_user=national,
        code="strategy-2022-2026",
        name_ar="اللقاءات التشاورية",
        name_fr="Consultations régionales",
        starts_on=datetime.date(2021, 12, 18),
        ends_on=datetime.date(2022, 1, 15),
    )
    rsk, souss = Region.objects.get(code="04"), Region.objects.get(code="09")
    meeting_rsk = services.meeting_create(
        acting_user=national,
        consultation_round=rnd,
        region=rsk,
        sequence=11,
        held_on=datetime.date(2022, 1, 13),
        place="الرباط",
        chair="والي الجهة",
    )
    meeting_souss = services.meeting_create(
        acting_user=national,
        consultation_round=rnd,
        region=souss,
        sequence=12,
        held_on=datetime.date(2022, 1, 14),
        place="أكادير",
    )
    for meeting in (meeting_rsk, meeting_souss):
        services.meeting_advance(acting_user=national, meeting=meeting)
    plan_rsk = services.plan_create(
        acting_user=national,
        region=rsk,
        first_year=2022,
        last_year=2026,
        title_ar="مخطط الرباط",
        title_fr="Plan de Rabat",
        consultation_round=rnd,
    )
    plan_souss = services.plan_create(
        acting_user=national,
        region=souss,
        first_year=2022,
        last_year=2026,
        title_ar="مخطط سوس",
        title_fr="Plan du Souss",
        consultation_round=rnd,
    )
    action_rsk = services.action_create(
        acting_user=national,
        plan=plan_rsk,
        code="1.1",
        title_ar="مراكز",
        title_fr="Centres",
        owner=personas.entraide,
        budget=Decimal("1000000.00"),
        pillar=pillar,
    )
    action_souss = services.action_create(
        acting_user=national,
        plan=plan_souss,
        code="1.1",
        title_ar="صحة",
        title_fr="Santé",
        owner=personas.health_partner,
        budget=Decimal("250000.50"),
        province=personas.health_partner.province,
    )
    rec_rsk = services.recommendation_create(
        acting_user=national,
        meeting=meeting_rsk,
        text_ar="إحداث مركز للنساء في وضعية صعبة بكل إقليم",
        text_fr="Créer un centre pour les femmes en difficulté dans chaque province",
        organization=personas.entraide,
        target_group="women",
        pillar=pillar,
    )
    rec_souss = services.recommendation_create(
        acting_user=national,
        meeting=meeting_souss,
        text_ar="إحداث مراكز للنساء في وضعية صعبة في كل الأقاليم",
        text_fr="Créer des centres pour femmes en difficulté dans chaque province",
        target_group="women",
    )
    return Consultation(
        rnd, meeting_rsk, meeting_souss, plan_rsk, plan_souss, action_rsk, action_souss, rec_rsk, rec_souss, pillar
    )
