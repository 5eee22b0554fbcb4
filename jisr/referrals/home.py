"""The referrals app's part of the homes (`jisr.core.home`, `jisr.core.worklist`, `jisr.core.figures`).

- the recipient (a partner agent, a center's staff): the referrals waiting for their answer, by urgency
  and age, those past the answer delay marked (a panel; counted next to "Referrals" in the menu);
- the social worker: the answers received on the referrals of their cases, until they open them (a
  section of "To do", counted next to "Referrals");
- the center manager: overdue referrals per social worker (a column of the team table);
- coordinators and national roles: referrals waiting for an answer and past their delay (figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.cases.home import carries_cases
from jisr.cases.measures import TeamMeasure
from jisr.core.figures import Figure
from jisr.core.home import HomePanel
from jisr.core.scope import holds_over_territory, user_scope
from jisr.core.worklist import WorkSection
from jisr.referrals.contributions import answer_item
from jisr.referrals.models import Referral
from jisr.referrals.selectors import (
    RESPOND,
    VIEW,
    answers_to_read,
    due_referrals_count,
    is_overdue,
    overdue_sent_per_worker,
    referrals_to_answer,
    territory_referral_counts,
)

# How many referrals the recipient's panel lists; past it, a link to the inbox.
INCOMING_LIMIT = 30


def _answers(user: User) -> bool:
    return user_scope(user).has_permission_somewhere(RESPOND)


def incoming_panel_context(user: User) -> Mapping[str, Any] | None:
    """The referrals waiting for the user's answer, grouped by urgency, oldest first in each group; None for a
    user who answers for no center or organization. Only what the sender shared is shown (the name always)."""
    if not _answers(user):
        return None
    today = timezone.localdate()
    referrals = list(referrals_to_answer(user)[:INCOMING_LIMIT])
    groups: dict[str, dict[str, Any]] = {}
    for referral in referrals:
        group = groups.setdefault(referral.urgency, {"urgency": referral.urgency,
                                                     "label": referral.get_urgency_display(), "rows": []})  # fmt: skip
        group["rows"].append({
            "referral": referral,
            "name": referral.person.display_name if "name" in referral.shared_fields else "",
            "service": referral.service_type.name if referral.service_type else referral.service_requested,
            "age_days": (today - timezone.localdate(referral.created_at)).days,
            "overdue": is_overdue(referral, today),
            "due_today": referral.due_on == today,
        })  # fmt: skip
    count = len(referrals) if len(referrals) < INCOMING_LIMIT else referrals_to_answer(user).count()
    return {
        "groups": list(groups.values()),
        "count": count,
        "overdue_count": sum(row["overdue"] for group in groups.values() for row in group["rows"]),
        "inbox_url": reverse("referrals:inbox") + f"?box=received&status={Referral.Status.SENT}",
    }


INCOMING_PANEL = HomePanel(name="referrals.incoming", template="referrals/home_incoming.html",
                           context=incoming_panel_context, order=30)  # fmt: skip


def menu_count(user: User) -> int:
    """Next to "Referrals" in the menu: the referrals waiting for the user's answer and the answers received
    on the referrals of their cases (one query)."""
    return due_referrals_count(user, answers=_answers(user), sends=_sends_referrals(user))


def _sends_referrals(user: User) -> bool:
    """The answers received are the social worker's, on the referrals of the cases they carry."""
    return user_scope(user).has_permission_somewhere(VIEW) and carries_cases(user)


ANSWERS_SECTION = WorkSection(
    name="referrals.answers",
    title=gettext_lazy("Referral answers received"),
    applies=_sends_referrals,
    items=lambda user, limit: [answer_item(referral) for referral in answers_to_read(user)[:limit]],
    count=lambda user: answers_to_read(user).count(),
    order=50,
    more_url=lambda: reverse("referrals:inbox") + "?box=sent",
)


OVERDUE_MEASURE = TeamMeasure(key="overdue_referrals", label=gettext_lazy("Overdue referrals"),
                              count=overdue_sent_per_worker)  # fmt: skip


def territory_figures(user: User) -> list[Figure]:
    """Referrals sent from the territory waiting for an answer, and past their delay."""
    if not holds_over_territory(user, "cases.view_caseload"):
        return []
    counts = territory_referral_counts(user)
    return [
        Figure("referrals.waiting", _("Referrals waiting for an answer"), counts["waiting"], order=30),
        Figure("referrals.overdue", _("Referrals past their delay"), counts["overdue"], order=35),
    ]


def register() -> None:
    """Fill core's registries and the cases app's measures (called from the AppConfig)."""
    from jisr.cases.measures import register_activity_source, register_team_measure
    from jisr.core import figures, home, menu_counts, worklist

    home.register_panel(INCOMING_PANEL)
    menu_counts.register_counter("referrals", menu_count)
    worklist.register_section(ANSWERS_SECTION)
    figures.register_provider(territory_figures)
    register_team_measure(OVERDUE_MEASURE)
    register_activity_source(Referral, "case", "updated_at")  # sending, cancelling or an answer is work on the case
