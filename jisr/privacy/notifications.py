"""What the protection app tells people (`jisr.notifications`): a data-subject request to answer, to those who
answer for the center that received it (its manager), or, when nobody there may, for its province, region or
the nation. Nothing of the request is said: not the person, not what they ask."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import User
from jisr.accounts.selectors import nearest_holders
from jisr.core import scope
from jisr.notifications.kinds import NotificationKind, page, register_kinds, seen_with
from jisr.notifications.services import notify
from jisr.privacy.models import DataSubjectRequest
from jisr.privacy.selectors import VIEW_REQUEST

REQUEST_TO_ANSWER = "privacy.request_to_answer"
ANSWER = "privacy.change_datasubjectrequest"


KINDS = [
    NotificationKind(
        code=REQUEST_TO_ANSWER,
        label=_("A data request waits for my answer"),
        title=_("A data request is waiting for your answer."),
        recipients=_("those who answer data requests for the center that received it (its manager)"),
        link=page("privacy:request"),
        may_see=seen_with(VIEW_REQUEST),
        order=60,
        offered_with=ANSWER,
    ),
]


def register() -> None:
    register_kinds(*KINDS)


def request_logged(*, request: DataSubjectRequest, actor: User) -> None:
    """Tell who must answer the request that it was received."""
    answerers = nearest_holders(ANSWER, scope.anchor_of(request))
    notify(kind=REQUEST_TO_ANSWER, obj=request, recipients=answerers, actor=actor)
