"""What the consultations give the home's "To do" panel (`jisr.core.worklist`): for a regional coordinator,
the recommendations of their region awaiting a decision and the actions past their end date and not
complete; for a partner organization's user, the actions their organization owns and reports on."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.consultations import selectors
from jisr.core import worklist
from jisr.core.scope import user_scope


def _holds(user: Any, permission: str) -> bool:
    return user_scope(user).has_permission_somewhere(permission)


def _recommendations(user: Any, limit: int) -> list[worklist.WorkItem]:
    return [
        worklist.WorkItem(
            kind="consultations.recommendation",
            title=f"{rec.reference} {rec.text[:80]}",
            due=rec.status_changed_at.date(),
            url=reverse("consultations:recommendation", args=[rec.pk]),
            detail=str(rec.get_status_display()),
        )
        for rec in selectors.recommendations_to_study(user)[:limit]
    ]


def _overdue(user: Any, limit: int) -> list[worklist.WorkItem]:
    return [
        worklist.WorkItem(
            kind="consultations.action_overdue",
            title=str(action),
            due=action.ends_on,
            url=reverse("consultations:action", args=[action.pk]),
            overdue=True,
            detail=gettext("Progress: %(progress)s %%") % {"progress": action.progress},
        )
        for action in selectors.actions_overdue(user, timezone.localdate())[:limit]
    ]


def _to_report(user: Any, limit: int) -> list[worklist.WorkItem]:
    today = timezone.localdate()
    return [
        worklist.WorkItem(
            kind="consultations.action_report",
            title=str(action),
            due=action.ends_on,
            url=reverse("consultations:action", args=[action.pk]),
            overdue=action.ends_on is not None and action.ends_on < today,
            detail=gettext("Progress: %(progress)s %%") % {"progress": action.progress},
        )
        for action in selectors.actions_to_report(user)[:limit]
    ]


def _is_partner(user: Any) -> bool:
    """Reports progress without managing a plan: a partner organization's user."""
    return _holds(user, selectors.PROGRESS) and not _holds(user, selectors.PLANS)


SECTIONS = (
    worklist.WorkSection(
        name="consultations.recommendations",
        title=_("Recommendations awaiting a decision"),
        applies=lambda user: _holds(user, selectors.RECOMMENDATIONS),
        items=_recommendations,
        count=lambda user: selectors.recommendations_to_study(user).count(),
        order=60,
        more_url=lambda: reverse("consultations:recommendations") + "?status=received",
    ),
    worklist.WorkSection(
        name="consultations.overdue_actions",
        title=_("Plan actions past their end date"),
        applies=lambda user: _holds(user, selectors.PLANS),
        items=_overdue,
        count=lambda user: selectors.actions_overdue(user, timezone.localdate()).count(),
        order=61,
        more_url=lambda: reverse("consultations:manage"),
    ),
    worklist.WorkSection(
        name="consultations.actions_to_report",
        title=_("Plan actions to report on"),
        applies=_is_partner,
        items=_to_report,
        count=lambda user: selectors.actions_to_report(user).count(),
        order=62,
        more_url=lambda: reverse("consultations:manage"),
    ),
)


def register() -> None:
    for section in SECTIONS:
        worklist.register_section(section)
