"""The home's "To do" panel: a regional coordinator's recommendations awaiting a decision and overdue
actions, a partner organization's actions to report on; nothing for who has no part in them."""

from __future__ import annotations

import datetime

from jisr.consultations.models import PlanAction
from jisr.core.worklist import due_work
from tests.consultations.conftest import Consultation
from tests.personas import Personas


def _sections(user) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {section.name: [item.url for item in section.items] for section in due_work(user) or []}


def test_a_regional_coordinator_sees_their_regions_recommendations_and_overdue_actions(
    personas: Personas, consultation: Consultation
) -> None:
    PlanAction.objects.filter(pk__in=[consultation.action_rsk.pk, consultation.action_souss.pk]).update(
        ends_on=datetime.date(2023, 12, 31)
    )
    sections = _sections(personas.region_rsk)
    assert sections["consultations.recommendations"] == [
        f"/consultations/manage/recommendations/{consultation.rec_rsk.pk}/"
    ]
    assert sections["consultations.overdue_actions"] == [f"/consultations/manage/actions/{consultation.action_rsk.pk}/"]
    assert "consultations.actions_to_report" not in sections


def test_a_partner_sees_the_actions_their_organization_owns_and_nothing_else(
    personas: Personas, consultation: Consultation
) -> None:
    sections = _sections(personas.partner)
    assert sections["consultations.actions_to_report"] == [
        f"/consultations/manage/actions/{consultation.action_souss.pk}/"
    ]
    assert "consultations.recommendations" not in sections
    assert "consultations.overdue_actions" not in sections


def test_a_completed_action_leaves_the_partners_list(personas: Personas, consultation: Consultation) -> None:
    PlanAction.objects.filter(pk=consultation.action_souss.pk).update(progress=100)
    assert _sections(personas.partner).get("consultations.actions_to_report") == []


def test_who_has_no_part_in_the_consultations_sees_none_of_it(personas: Personas, consultation: Consultation) -> None:
    for user in (personas.outsider, personas.worker_a):
        assert not [name for name in _sections(user) if name.startswith("consultations.")]


def test_the_home_page_lists_the_partners_actions(client_for, consultation: Consultation) -> None:  # type: ignore[no-untyped-def]
    page = client_for("partner").get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f"/consultations/manage/actions/{consultation.action_souss.pk}/" in page
    assert f"/consultations/manage/actions/{consultation.action_rsk.pk}/" not in page
