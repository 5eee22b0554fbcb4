"""Reads of referrals. Three ways to see one: the sending side (view over the sending center), the
receiving center (view over it) and the partner organization it is addressed to (respond over the
organization). A partner sees only the shared fields (`shared_view`)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jisr.core.scope import Anchor, AnchorFields, may_access, scope_q, user_scope
from jisr.referrals.models import Referral

SENDER = AnchorFields(region="from_center__region_code", province="from_center__province_id", center="from_center_id")
RECEIVING_CENTER = AnchorFields(
    region="to_center__region_code", province="to_center__province_id", center="to_center_id"
)
RECEIVING_ORGANIZATION = AnchorFields(organization="to_organization_id")


def sent_condition(user: Any) -> Q:
    return scope_q(user, "referrals.view_referral", SENDER)


def received_condition(user: Any) -> Q:
    by_center = scope_q(user, "referrals.view_referral", RECEIVING_CENTER) & Q(to_center__isnull=False)
    by_organization = scope_q(user, "referrals.respond_referral", RECEIVING_ORGANIZATION) & Q(
        to_organization__isnull=False
    )
    return by_center | by_organization


def _either(one: Q, other: Q) -> Q:
    """`one OR other`, where an empty Q means every record (a national grant)."""
    return Q() if not one or not other else one | other


def visible_referrals(user: Any) -> QuerySet[Referral]:
    scope = user_scope(user)
    if not (scope.has_permission_somewhere("referrals.view_referral") or scope.has_permission_somewhere(
        "referrals.respond_referral"
    )):  # fmt: skip
        return Referral.objects.none()
    return Referral.objects.filter(_either(sent_condition(user), received_condition(user)))


def referral_list(user: Any, *, box: str = "received", status: str = "", overdue: bool = False) -> QuerySet[Referral]:
    condition = received_condition(user) if box == "received" else sent_condition(user)
    if not (user_scope(user).has_permission_somewhere("referrals.view_referral")
            or user_scope(user).has_permission_somewhere("referrals.respond_referral")):  # fmt: skip
        return Referral.objects.none()
    referrals = (
        Referral.objects.filter(condition)
        .select_related("person__commune", "from_center", "to_center", "to_organization", "case", "service_type")
        .prefetch_related("case__listening_records", "person__vulnerabilities")
    )
    if status:
        referrals = referrals.filter(status=status)
    if overdue:
        referrals = referrals.filter(overdue_condition())
    return referrals.order_by("-created_at", "id")


def overdue_condition(today: datetime.date | None = None) -> Q:
    """Not answered by its due date, or accepted and not completed 30 days after it."""
    today = today or timezone.localdate()
    return Q(status=Referral.Status.SENT, due_on__lt=today) | Q(
        status=Referral.Status.ACCEPTED, due_on__lt=today - datetime.timedelta(days=30)
    )


def is_overdue(referral: Referral, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    if referral.status == Referral.Status.SENT:
        return referral.due_on < today
    return referral.status == Referral.Status.ACCEPTED and referral.due_on < today - datetime.timedelta(days=30)


def referral_get(user: Any, referral_id: uuid.UUID | str) -> Referral:
    try:
        return (
            visible_referrals(user)
            .select_related("person__commune", "from_center", "to_center", "to_organization", "case", "service_type")
            .get(pk=referral_id)
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def sees_full_referral(user: Any, referral: Referral) -> bool:
    """The sending side and the receiving center's staff see the case; a partner only what is shared."""
    sender = Anchor(
        region_code=referral.from_center.region_code,
        province_code=referral.from_center.province_id,
        center_id=referral.from_center_id,
    )
    if may_access(user, "referrals.view_referral", sender):
        return True
    if referral.to_center is not None:
        receiving = Anchor(
            region_code=referral.to_center.region_code,
            province_code=referral.to_center.province_id,
            center_id=referral.to_center_id,
        )
        return may_access(user, "referrals.view_referral", receiving)
    return False


def may_respond(user: Any, referral: Referral) -> bool:
    if referral.to_center is not None:
        anchor = Anchor(
            region_code=referral.to_center.region_code,
            province_code=referral.to_center.province_id,
            center_id=referral.to_center_id,
        )
    else:
        anchor = Anchor(organization_id=referral.to_organization_id)
    return may_access(user, "referrals.respond_referral", anchor)


def may_cancel(user: Any, referral: Referral) -> bool:
    sender = Anchor(
        region_code=referral.from_center.region_code,
        province_code=referral.from_center.province_id,
        center_id=referral.from_center_id,
    )
    return may_access(user, "referrals.change_referral", sender)


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
        from jisr.cases.models import ListeningRecord

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
