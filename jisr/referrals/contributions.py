"""What referrals add to the person's timeline and to the work list."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.timeline import TimelineEntry
from jisr.core.worklist import WorkItem
from jisr.people.models import Person
from jisr.referrals.models import Referral, ReferralEvent
from jisr.referrals.selectors import answers_to_read, is_overdue, referrals_to_answer, visible_referrals


def timeline_entries(user: User, person: Person) -> Iterable[TimelineEntry]:
    events = (
        ReferralEvent.objects.filter(referral__in=visible_referrals(user).filter(person=person))
        .select_related("referral__to_center", "referral__to_organization", "referral__from_center")
        .order_by("at")
    )
    for event in events:
        referral = event.referral
        yield TimelineEntry(
            when=event.at,
            kind=f"referral.{event.status}",
            title=_("Referral to %(recipient)s: %(status)s")
            % {"recipient": referral.recipient_name, "status": event.get_status_display()},
            url=reverse("referrals:detail", args=[referral.pk]),
            place=referral.from_center.name,
        )


def work_items(user: User) -> Iterable[WorkItem]:
    """Referrals waiting for my answer (addressed to a center or organization where I answer), and the
    answers received on the referrals of my cases that I have not opened yet."""
    waiting = referrals_to_answer(user)[:200]
    for referral in waiting:
        yield WorkItem(
            kind="referral.waiting",
            title=_("Answer the referral from %(center)s") % {"center": referral.from_center.name},
            due=referral.due_on,
            url=reverse("referrals:detail", args=[referral.pk]),
            overdue=is_overdue(referral),
        )
    for referral in answers_to_read(user)[:200]:
        yield answer_item(referral)


def answer_item(referral: Referral) -> WorkItem:
    """An answer received on a referral of my case: the referral's page (opening it marks the answer read)."""
    detail = referral.get_status_display()
    if referral.status == Referral.Status.DECLINED and referral.decline_reason:
        detail = f"{detail}: {referral.get_decline_reason_display()}"
    answered_at = referral.completed_at or referral.responded_at
    return WorkItem(
        kind="referral.answered",
        title=_("%(recipient)s answered the referral of %(reference)s")
        % {"recipient": referral.recipient_name, "reference": referral.case.reference},
        due=timezone.localdate(answered_at) if answered_at else None,
        url=reverse("referrals:detail", args=[referral.pk]),
        person_name=referral.case.person.display_name,
        detail=detail,
    )
