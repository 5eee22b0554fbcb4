"""What the referrals app tells people (`jisr.notifications`): a referral received (the staff who answer for the
receiving center or partner organization), answered (its sender and the case's worker), overdue (both ends).

The sending side is given the case's reference; the receiving side is not (a partner does not know the case's
number). The detection of overdue referrals is a Celery beat task (`referrals.notify_overdue`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import User
from jisr.accounts.selectors import nearest_holders
from jisr.core import scope
from jisr.notifications.kinds import NotificationKind, page, register_kinds
from jisr.notifications.models import Delivery
from jisr.notifications.services import notify
from jisr.referrals.models import Referral
from jisr.referrals.selectors import RESPOND, VIEW, overdue_condition, recipient_side, visible_referrals

RECEIVED = "referrals.received"
ANSWERED = "referrals.answered"
OVERDUE = "referrals.overdue"
# A referral that became overdue while the scheduler was stopped is still announced, up to this long after.
CATCH_UP = datetime.timedelta(days=7)


def _sees_referral(user: User, referral: Referral) -> bool:
    return visible_referrals(user).filter(pk=referral.pk).exists()


_referral_page = page("referrals:detail")

KINDS = [
    NotificationKind(
        code=RECEIVED,
        label=_("A referral is addressed to my center or organization"),
        title=_("A referral was sent to you."),
        recipients=_("the staff who answer referrals at the receiving center or partner organization"),
        link=_referral_page,
        may_see=_sees_referral,
        order=20,
        offered_with=RESPOND,
    ),
    NotificationKind(
        code=ANSWERED,
        label=_("A referral I sent is answered"),
        title=_("A referral you sent was answered."),
        recipients=_("the referral's sender and the case's social worker"),
        link=_referral_page,
        may_see=_sees_referral,
        order=21,
        offered_with=VIEW,
    ),
    NotificationKind(
        code=OVERDUE,
        label=_("A referral is past its answer delay"),
        title=_("A referral is past its answer delay."),
        recipients=_("the referral's sender, the case's social worker and the staff who answer for the recipient"),
        link=_referral_page,
        may_see=_sees_referral,
        default=Delivery.DIGEST,
        order=22,
        offered_with=VIEW,
    ),
]


def register() -> None:
    register_kinds(*KINDS)


def _receivers(referral: Referral) -> list[User]:
    """Who answers for the recipient: the staff of the receiving center, or the partner organization's agents,
    holding referrals.respond_referral there (nobody wider: a coordinator is not the recipient)."""
    return nearest_holders(RESPOND, scope.anchor_of(referral, recipient_side(referral)), widen=False)


def _senders(referral: Referral) -> list[User | None]:
    return [referral.sent_by, referral.case.assigned_to]


def received(*, referral: Referral, actor: User) -> None:
    """Tell the recipient's staff that a referral arrived."""
    notify(kind=RECEIVED, obj=referral, recipients=_receivers(referral), actor=actor)


def answered(*, referral: Referral, actor: User) -> None:
    """Tell the sending side that the recipient accepted, declined or completed the referral."""
    notify(kind=ANSWERED, obj=referral, recipients=_senders(referral), actor=actor, reference=referral.case.reference)


def overdue_notify(*, today: datetime.date | None = None) -> int:
    """Tell both ends of each referral that became overdue (`selectors.overdue_condition`): once while it waits
    for an answer, once more if, accepted, it is still not completed (the status is the event). Returns how
    many notifications were written."""
    today = today or timezone.localdate()
    newly = Referral.objects.filter(overdue_condition(today)).exclude(overdue_condition(today - CATCH_UP))
    written = 0
    for referral in newly.select_related("case__assigned_to", "sent_by").order_by("due_on", "id"):
        event = f"overdue:{referral.status}"
        written += len(notify(kind=OVERDUE, obj=referral, recipients=_senders(referral),
                              reference=referral.case.reference, event_key=event))  # fmt: skip
        written += len(notify(kind=OVERDUE, obj=referral, recipients=_receivers(referral), event_key=event))
    return written
