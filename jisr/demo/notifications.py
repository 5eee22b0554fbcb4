"""The notifications the demo staff find when they sign in, drawn from the demo records: the cases given to the
Agadir worker and the answers to the referrals sent from there, the plans waiting for the Agadir manager, the
referrals addressed to the Agadir health delegation. Written directly (they announce the past: no e-mail),
with the kinds and references the services would have given them; idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jisr.accounts.models import User
from jisr.cases import notifications as case_kinds
from jisr.cases.models import Case, OrientationPlan
from jisr.demo.accounts import AGADIR_PILOT
from jisr.notifications.models import Notification
from jisr.referrals import notifications as referral_kinds
from jisr.referrals.models import Referral

PER_KIND = 4


def _rows(user: User | None, kind: str, objects: list[tuple[Any, str]], start: int) -> list[Notification]:
    if user is None:
        return []
    now = timezone.now()
    return [
        Notification(
            user=user,
            kind=kind,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            reference=reference,
            created_at=now - datetime.timedelta(hours=7 * (start + index)),
            read_at=now if (start + index) % 3 == 2 else None,
        )  # fmt: skip
        for index, (obj, reference) in enumerate(objects)
    ]


def load_demo_notifications() -> int:
    """A few notifications of the last days for the Agadir worker, manager and health partner."""
    users = {user.username: user for user in User.objects.filter(
        username__in=["worker-agadir", "manager-agadir", "partner-health-agadir"])}  # fmt: skip
    if Notification.objects.filter(user__in=users.values()).exists():
        return 0
    worker, manager, partner = (users.get(name) for name in ("worker-agadir", "manager-agadir",
                                                            "partner-health-agadir"))  # fmt: skip
    assigned = Case.objects.filter(assigned_to=worker).exclude(status=Case.Status.CLOSED).order_by("-opened_at")
    answered = Referral.objects.filter(from_center__code=AGADIR_PILOT).exclude(status=Referral.Status.SENT)
    waiting = OrientationPlan.objects.filter(case__center__code=AGADIR_PILOT, status=OrientationPlan.Status.SUBMITTED)
    received = Referral.objects.filter(status=Referral.Status.SENT, to_organization__membership__user=partner)
    rows = [
        *_rows(worker, case_kinds.CASE_ASSIGNED, [(c, c.reference) for c in assigned[:PER_KIND]], 0),
        *_rows(worker, referral_kinds.ANSWERED, [(r, r.case.reference) for r in
                                                  answered.select_related("case").order_by("-updated_at")[:PER_KIND]],
               1),
        *_rows(manager, case_kinds.PLAN_SUBMITTED, [(p.case, p.case.reference) for p in
                                                     waiting.select_related("case").order_by("-created_at")[:PER_KIND]],
               0),
        *_rows(partner, referral_kinds.RECEIVED, [(r, "") for r in received.order_by("-created_at")[:PER_KIND]], 0),
    ]  # fmt: skip
    Notification.objects.bulk_create(rows)
    return len(rows)
