"""What referrals add to the person's timeline and to the work list."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.timeline import TimelineEntry
from jisr.core.worklist import WorkItem
from jisr.people.models import Person
from jisr.referrals.models import Referral, ReferralEvent
from jisr.referrals.selectors import is_overdue, referral_list, visible_referrals


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
    """Referrals waiting for my answer (addressed to my center or organization)."""
    waiting = referral_list(user, box="received", status=Referral.Status.SENT)[:200]
    for referral in waiting:
        yield WorkItem(
            kind="referral.waiting",
            title=_("Answer the referral from %(center)s") % {"center": referral.from_center.name},
            due=referral.due_on,
            url=reverse("referrals:detail", args=[referral.pk]),
            overdue=is_overdue(referral),
        )
