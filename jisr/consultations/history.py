"""The readable history of a recommendation: proposed at which meeting → its decisions → the action it became →
that action's milestones → its results and progress. The staff see who decided; the public does not."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from jisr.consultations.models import Recommendation

Status = Recommendation.Status


@dataclass(frozen=True)
class Entry:
    on: datetime.date
    kind: str  # meeting, decision, action, milestone, result
    title: str
    detail: str = ""
    author: str = ""
    progress: Decimal | None = None


def _decision_title(to_status: str) -> str:
    return {
        Status.RECEIVED: _("Received"),
        Status.UNDER_STUDY: _("Put under study"),
        Status.ACCEPTED: _("Accepted into the action plan"),
        Status.MERGED: _("Merged into another recommendation"),
        Status.NOT_RETAINED: _("Not retained"),
    }[Status(to_status)]


def timeline(recommendation: Recommendation, *, with_authors: bool) -> list[Entry]:
    """The recommendation's story in date order (see the module's docstring)."""
    meeting = recommendation.meeting
    proposer = recommendation.organization.name if recommendation.organization else ""
    entries = [
        Entry(
            meeting.held_on,
            "meeting",
            _("Proposed at the consultation meeting of %(region)s") % {"region": meeting.region.name},
            ", ".join(part for part in (meeting.place, proposer) if part),
        )
    ]
    for event in recommendation.events.select_related("by", "action", "merged_into__meeting").order_by("at", "id"):
        if event.to_status == Status.RECEIVED and not event.from_status:
            continue
        detail = event.note
        if event.action:
            detail = _("Action %(code)s: %(title)s") % {"code": event.action.code, "title": event.action.title}
        elif event.merged_into:
            detail = " ".join(part for part in (event.merged_into.reference, event.note) if part)
        author = (event.by.get_full_name() or event.by.username) if (with_authors and event.by) else ""
        entries.append(Entry(event.at.date(), "decision", _decision_title(event.to_status), detail, author))
    action = recommendation.action if recommendation.status == Status.ACCEPTED else None
    if action is not None:
        for milestone in action.milestones.order_by("reached_on", "id"):
            entries.append(
                Entry(
                    milestone.reached_on,
                    "milestone",
                    milestone.title,
                    _("Milestone of action %(code)s") % {"code": action.code},
                )
            )
        today = datetime.date.today()  # noqa: DTZ011 — a calendar date for display
        entries.append(
            Entry(
                today,
                "result",
                _("Progress of action %(code)s today") % {"code": action.code},
                ", ".join(result.title for result in action.results.filter(parent=None)),
                progress=action.progress,
            )
        )
    return sorted(entries, key=lambda entry: entry.on)
