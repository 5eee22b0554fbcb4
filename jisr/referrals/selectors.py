"""Reads of referrals. Three ways to see one: the sending side (view over the sending center), the
receiving center (view over it) and the partner organization it is addressed to (respond over the
organization). A partner sees only the shared fields (`shared_view`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Case as Conditional
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from jisr.accounts.models import User
from jisr.cases.models import Case, ListeningRecord
from jisr.core import scope
from jisr.core.scope import in_scope, may, user_scope
from jisr.referrals.models import RECEIVING_CENTER, RECEIVING_ORGANIZATION, SENDER, Referral, ReferralEvent

VIEW = "referrals.view_referral"
RESPOND = "referrals.respond_referral"
CANCEL = "referrals.change_referral"
# What a page about a referral shows besides the referral: its person, both ends, the case, the service.
_RELATED = ("person__commune", "from_center", "to_center", "to_organization", "case", "service_type")


def _sees_referrals(user: User) -> bool:
    scope = user_scope(user)
    return scope.has_permission_somewhere(VIEW) or scope.has_permission_somewhere(RESPOND)


def require_referrals(user: User) -> None:
    """Http404 unless the user may see some referrals (sent from, or addressed to, their scope)."""
    if not _sees_referrals(user):
        raise Http404


def sent_referrals(user: User) -> QuerySet[Referral]:
    """The referrals sent from the centers where the user holds referrals.view_referral."""
    return in_scope(user, VIEW, Referral, anchor=SENDER)


def received_referrals(user: User) -> QuerySet[Referral]:
    """The referrals addressed to a center where the user holds referrals.view_referral, or to an
    organization where they hold referrals.respond_referral."""
    # Each side only for the referrals addressed that way: a national grant matches every row of its anchor.
    by_center = in_scope(user, VIEW, Referral, anchor=RECEIVING_CENTER).filter(to_center__isnull=False)
    by_organization = in_scope(user, RESPOND, Referral, anchor=RECEIVING_ORGANIZATION).filter(
        to_organization__isnull=False
    )
    return by_center | by_organization


def visible_referrals(user: User) -> QuerySet[Referral]:
    """Every referral the user may see, from either end."""
    if not _sees_referrals(user):
        return Referral.objects.none()
    return sent_referrals(user) | received_referrals(user)


def referral_list(user: User, *, box: str = "received", status: str = "", overdue: bool = False) -> QuerySet[Referral]:
    """The user's inbox (`received`) or outbox (`sent`), newest first, optionally by status or overdue."""
    if not _sees_referrals(user):
        return Referral.objects.none()
    referrals = received_referrals(user) if box == "received" else sent_referrals(user)
    referrals = referrals.select_related(*_RELATED).prefetch_related(
        "case__listening_records", "person__vulnerabilities"
    )
    if status:
        referrals = referrals.filter(status=status)
    if overdue:
        referrals = referrals.filter(overdue_condition())
    return referrals.order_by("-created_at", "id")


def overdue_condition(today: datetime.date | None = None) -> Q:
    """Not answered once its due date has passed, or accepted and not completed 30 days after it.

    The due date is the last day of the delay (`services.answer_due_on`): overdue from the next day,
    counted in Morocco's time zone — never on the day it is sent."""
    today = today or timezone.localdate()
    return Q(status=Referral.Status.SENT, due_on__lt=today) | Q(
        status=Referral.Status.ACCEPTED, due_on__lt=today - datetime.timedelta(days=30)
    )


def is_overdue(referral: Referral, today: datetime.date | None = None) -> bool:
    """The same rule as `overdue_condition`, for one referral already read."""
    today = today or timezone.localdate()
    if referral.status == Referral.Status.SENT:
        return referral.due_on < today
    return referral.status == Referral.Status.ACCEPTED and referral.due_on < today - datetime.timedelta(days=30)


def referral_get(user: User, referral_id: uuid.UUID | str) -> Referral:
    """The referral, or 404 whether it is missing or seen from none of its ends."""
    # Two permissions over three anchors: not one `scope.get_or_404`, but the union of the sides.
    return scope.one_or_404(visible_referrals(user).select_related(*_RELATED), pk=referral_id)


def referral_events(referral: Referral) -> QuerySet[ReferralEvent]:
    """What happened to a referral read through its scope, oldest first (for the ends that see it whole)."""
    return referral.events.select_related("by")


def sees_full_referral(user: User, referral: Referral) -> bool:
    """The sending side and the receiving center's staff see the case; a partner only what is shared."""
    if may(user, VIEW, referral, anchor=SENDER):
        return True
    return referral.to_center_id is not None and may(user, VIEW, referral, anchor=RECEIVING_CENTER)


def recipient_side(referral: Referral) -> str:
    """The anchor of the referral's recipient: the receiving center, or the receiving organization."""
    return RECEIVING_CENTER if referral.to_center_id is not None else RECEIVING_ORGANIZATION


def may_respond(user: User, referral: Referral) -> bool:
    """Whether the user answers for the recipient: its center, or its partner organization."""
    return may(user, RESPOND, referral, anchor=recipient_side(referral))


def may_cancel(user: User, referral: Referral) -> bool:
    """Whether the user may cancel the referral for its sending center."""
    return may(user, CANCEL, referral, anchor=SENDER)


def shared_view(referral: Referral) -> dict[str, Any]:
    """Exactly what the recipient may know: the referral itself and the fields the sender shared."""
    person = referral.person
    shared = set(referral.shared_fields)
    view: dict[str, Any] = {
        "id": referral.pk,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "from_center": referral.from_center.name,
        "service": referral.service_type.name if referral.service_type else referral.service_requested,
        "reason": referral.reason,
        "message": referral.message,
        "urgency": referral.urgency,
        "urgency_label": referral.get_urgency_display(),
        "due_on": referral.due_on,
        "sent_on": referral.created_at,
        "shared_fields": sorted(shared),
        "overdue": is_overdue(referral),
    }
    if "name" in shared:
        view["name"] = person.display_name
        view["name_latin"] = f"{person.first_name_latin} {person.last_name_latin}".strip()
    if "sex_age" in shared:
        view["sex"] = person.get_sex_display()
        view["age"] = (timezone.localdate() - person.birth_date).days // 365 if person.birth_date else None
    if "phone" in shared:
        view["phone"] = person.phone
    if "commune" in shared:
        view["commune"] = person.commune.name if person.commune else ""
    if "needs" in shared:
        needs = {need for record in referral.case.listening_records.all() for need in record.needs}
        labels = dict(ListeningRecord.Need.choices)
        view["needs"] = [str(labels[need]) for need in sorted(needs) if need in labels]
    if "disability" in shared:
        view["disability"] = [
            f"{v.get_disability_type_display() or ''} {v.get_severity_display() or ''}".strip()
            for v in person.vulnerabilities.all()
            if v.category == "disability"
        ]
    return view


# --- The homes: what waits for the recipient, the answers the sender has not read, the territory's counts.

ANSWERED = [Referral.Status.ACCEPTED, Referral.Status.DECLINED, Referral.Status.COMPLETED]
URGENCY_ORDER = [Case.Urgency.URGENT, Case.Urgency.PRIORITY, Case.Urgency.ROUTINE]


def referrals_to_answer(user: User) -> QuerySet[Referral]:
    """Referrals waiting for an answer (sent) addressed to a center or a partner organization where the
    user answers (`referrals.respond_referral`): most urgent first, then the longest waiting."""
    by_center = in_scope(user, RESPOND, Referral, anchor=RECEIVING_CENTER).filter(to_center__isnull=False)
    by_organization = in_scope(user, RESPOND, Referral, anchor=RECEIVING_ORGANIZATION).filter(
        to_organization__isnull=False
    )
    rank = Conditional(*[When(urgency=value, then=Value(index)) for index, value in enumerate(URGENCY_ORDER)],
                default=Value(len(URGENCY_ORDER)), output_field=IntegerField())  # fmt: skip
    return (
        (by_center | by_organization)
        .filter(status=Referral.Status.SENT)
        .select_related("person", "from_center", "service_type")
        .annotate(urgency_rank=rank)
        .order_by("urgency_rank", "created_at", "id")
    )


def answers_to_read(user: User) -> QuerySet[Referral]:
    """Answers the user has not read yet on the referrals of their open cases (as the case's social worker).

    A referral's answer is its acceptance, refusal or completion, timed by `responded_at` or, once
    completed, `completed_at` (annotated `answered_at`). It is read once the case's social worker opens
    the referral after it (`answer_seen_at`, set by `services.referral_answer_seen`); a later answer (the
    service completed after the acceptance) comes back. Oldest answer first."""
    return (
        sent_referrals(user)
        .filter(case__assigned_to=user, status__in=ANSWERED)
        .exclude(case__status=Case.Status.CLOSED)
        .annotate(answered_at=Coalesce("completed_at", "responded_at"))
        .filter(Q(answer_seen_at__isnull=True) | Q(answer_seen_at__lt=F("answered_at")))
        .select_related("case__person", "to_center", "to_organization")
        .order_by("answered_at", "id")
    )


def due_referrals_count(user: User, *, answers: bool, sends: bool) -> int:
    """How many referrals wait for the user's answer (when `answers`) plus the answers they have not read
    (when `sends`), in one query; none without either."""
    conditions = Q(pk__in=[])
    if answers:
        conditions |= Q(pk__in=referrals_to_answer(user).values("pk"))
    if sends:
        conditions |= Q(pk__in=answers_to_read(user).values("pk"))
    return Referral.objects.filter(conditions).count() if answers or sends else 0


def overdue_sent_per_worker(user: User, cases: QuerySet[Case]) -> dict[int, int]:
    """Per social worker holding `cases`, their referrals past the answer delay (`overdue_condition`)."""
    rows = (
        sent_referrals(user)
        .filter(case__in=cases)
        .filter(overdue_condition())
        .values("case__assigned_to")
        .annotate(n=Count("id"))
        .values_list("case__assigned_to", "n")
    )
    return {worker: count for worker, count in rows if worker is not None}


def territory_referral_counts(user: User) -> dict[str, int]:
    """Referrals sent from the user's caseload scope (`cases.view_caseload`, no names): waiting for an
    answer, and past their delay (`overdue_condition`). One query."""
    referrals = in_scope(user, "cases.view_caseload", Referral, anchor=SENDER)
    totals = referrals.aggregate(
        waiting=Count("id", filter=Q(status=Referral.Status.SENT)), overdue=Count("id", filter=overdue_condition())
    )
    return {"waiting": totals["waiting"] or 0, "overdue": totals["overdue"] or 0}
