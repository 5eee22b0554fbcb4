"""The audit log names the consultations' records and links them for a reader who may see them."""

from __future__ import annotations

from django.utils import translation

from jisr.consultations import services
from jisr.consultations.models import Meeting, PlanAction, Recommendation
from jisr.core.audit_display import present
from jisr.core.models import AuditLog
from tests.consultations.conftest import Consultation
from tests.personas import Personas


def _entries(*objects: object) -> list[AuditLog]:
    entries = []
    for obj in objects:
        label = obj._meta.label_lower  # type: ignore[attr-defined]
        entries.append(
            AuditLog.objects.select_related("actor")
            .filter(object_type=label, object_id=str(obj.pk))  # type: ignore[attr-defined]
            .latest("pk")
        )
    return entries


def test_records_show_by_name_with_a_link_for_who_may_see_them(personas: Personas, consultation: Consultation) -> None:
    services.recommendation_decide(
        acting_user=personas.national, recommendation=consultation.rec_rsk, status="not_retained", reason="hors champ"
    )
    objects = (consultation.meeting_rsk, consultation.rec_rsk, consultation.plan_rsk, consultation.action_rsk)
    entries = _entries(*objects)
    with translation.override("fr"):
        shown = present(personas.national, entries)
        assert [item.url for item in shown] == [
            f"/consultations/manage/meetings/{consultation.meeting_rsk.pk}/",
            f"/consultations/manage/recommendations/{consultation.rec_rsk.pk}/",
            f"/consultations/manage/plans/{consultation.plan_rsk.pk}/",
            f"/consultations/manage/actions/{consultation.action_rsk.pk}/",
        ]
        assert shown[1].name.startswith("R04-001")
        assert shown[3].name == "1.1 Centres"
        assert [item.type_label for item in shown][:2] == [
            str(Meeting._meta.verbose_name).capitalize(),
            str(Recommendation._meta.verbose_name).capitalize(),
        ]
        assert str(PlanAction._meta.verbose_name)
        # Someone with no role in the consultations gets no link.
        assert [item.url for item in present(personas.outsider, entries)] == [""] * 4
