"""Every read of Khadamati's back office, already limited to the reader (`jisr.core.scope`), and the public
verification of a card (docs/khadamati.md, "The card and its verification")."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, Organization
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.khadamati import selectors_requests
from jisr.khadamati.models import ConsentPurpose, DecisionOutcome, Request, RequestStatus
from jisr.khadamati.models_office import (
    AssessmentInstrument,
    Card,
    CaseLink,
    Convocation,
    MedicalReview,
    SocialAssessment,
)
from jisr.territories.models import Province

VIEW_CARD = "khadamati.view_card"
VIEW_MEDICAL = "khadamati.view_medicalreview"
EXPORT = "khadamati.export_requests"
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def published_instrument(code: str) -> AssessmentInstrument:
    """The published version of an instrument (reference data: no scope); 404 when none is published."""
    found = AssessmentInstrument.objects.filter(code=code, status=AssessmentInstrument.Status.PUBLISHED).first()
    if found is None:
        raise Http404
    return found


def instrument_versions(code: str) -> QuerySet[AssessmentInstrument]:
    return AssessmentInstrument.objects.filter(code=code).order_by("-version")


CHANGE_INSTRUMENT = "khadamati.change_assessmentinstrument"


def may_edit_instrument(user: Any) -> bool:
    return scope.user_scope(user).has_permission_somewhere(CHANGE_INSTRUMENT)


def instrument_versions_for_editing(user: Any, code: str) -> QuerySet[AssessmentInstrument]:
    """Every version of the instrument with the number of assessments made with it, newest first, for who may
    change the instrument (national reference data); 404 for anyone else."""
    scope.require(user, CHANGE_INSTRUMENT)
    return instrument_versions(code).annotate(assessment_count=Count("assessments"))


def instrument_version_for_editing(user: Any, version_id: uuid.UUID | str) -> AssessmentInstrument:
    scope.require(user, CHANGE_INSTRUMENT)
    return scope.one_or_404(AssessmentInstrument.objects.all(), pk=version_id)


@dataclass(frozen=True)
class CardCheck:
    """What the public verification page may say of a card: valid or not, until when, the initials."""

    valid: bool
    valid_until: datetime.date | None
    initials: str


def card_check(code: str) -> CardCheck | None:
    """The verification of the card whose code is `code`, or None for an unknown (or malformed) code.

    A card is valid while active and within its dates; a replaced, withdrawn, expired or not yet valid card
    is "not valid" and its date is not given. Nothing else is said: neither the name nor the disability."""
    if not CODE_PATTERN.fullmatch(code or ""):
        return None
    card = (
        Card.objects.filter(verification_code=code)
        .only("status", "valid_from", "valid_until", "holder_first_name", "holder_last_name")
        .first()
    )
    if card is None:
        return None
    today = timezone.localdate()
    valid = card.status == Card.Status.ACTIVE and card.valid_from <= today <= card.valid_until
    return CardCheck(valid=valid, valid_until=card.valid_until if valid else None, initials=card.initials)


def card_get(user: Any, card_id: uuid.UUID | str) -> Card:
    """One card for the office of its province, or 404."""
    return scope.get_or_404(user, VIEW_CARD, Card.objects.select_related("province"), pk=card_id)


WITHDRAW_CARD = "khadamati.change_card"


def card_to_withdraw_get(user: Any, card_id: uuid.UUID | str) -> Card:
    """One card for who may withdraw it (khadamati.change_card over its province), or 404 — the others learn
    nothing of it."""
    return scope.get_or_404(user, WITHDRAW_CARD, Card.objects.select_related("province", "request"), pk=card_id)


def may_withdraw_card_of(user: Any, request: Request) -> bool:
    """Whether the reader may withdraw the cards of `request` (the permission over its province)."""
    return scope.may(user, WITHDRAW_CARD, request)


# --- the queues ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One queue of the back office: the statuses it holds, and the permission that acts on it."""

    code: str
    label: Any
    statuses: tuple[str, ...]
    acts: str


STEPS: tuple[Step, ...] = (
    Step("documents", _("Documents to check"), (RequestStatus.SUBMITTED,), "khadamati.check_documents"),
    Step("medical", _("Medical committee"), (RequestStatus.MEDICAL_COMMITTEE,), "khadamati.record_medical_review"),
    Step("social", _("Social assessment"), (RequestStatus.SOCIAL_ASSESSMENT,), "khadamati.record_assessment"),
    Step(
        "decision",
        _("Committee decision"),
        (RequestStatus.COMMITTEE_DECISION, RequestStatus.RECONSIDERATION, RequestStatus.APPEAL),
        "khadamati.record_decision",
    ),
    Step("card", _("Card to issue"), (RequestStatus.GRANTED,), "khadamati.issue_card"),
)
STEPS_BY_CODE = {step.code: step for step in STEPS}
QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueCount:
    step: Step
    count: int
    late: int
    oldest: datetime.datetime | None

    @property
    def oldest_days(self) -> int | None:
        return None if self.oldest is None else (timezone.now() - self.oldest).days


def queue_counts(user: Any) -> list[QueueCount]:
    """Per step, the requests of the reader's provinces waiting there, those past their service level, and when
    the oldest arrived — in one query."""
    now = timezone.now()
    aggregates: dict[str, Any] = {}
    for step in STEPS:
        at_step = Q(status__in=step.statuses)
        aggregates[f"{step.code}_count"] = Count("pk", filter=at_step)
        aggregates[f"{step.code}_late"] = Count("pk", filter=at_step & Q(due_at__lt=now))
        aggregates[f"{step.code}_oldest"] = Min("status_changed_at", filter=at_step)
    row = selectors_requests.office_requests(user).order_by().aggregate(**aggregates)
    return [
        QueueCount(step, row[f"{step.code}_count"], row[f"{step.code}_late"], row[f"{step.code}_oldest"])
        for step in STEPS
    ]


@dataclass(frozen=True)
class QueueFilters:
    province: str = ""
    request_type: str = ""
    assigned: str = ""  # "", "me", "none"
    late: bool = False
    search: str = ""


def queue(user: Any, step: Step, filters: QueueFilters = QueueFilters()) -> QuerySet[Request]:  # noqa: B008
    """The requests of the reader's provinces at `step`, oldest arrival first, filtered."""
    requests = selectors_requests.office_requests(user).filter(status__in=step.statuses)
    if filters.province:
        requests = requests.filter(province_id=filters.province)
    if filters.request_type:
        requests = requests.filter(request_type__code=filters.request_type)
    if filters.assigned == "me":
        requests = requests.filter(assigned_to=user)
    elif filters.assigned == "none":
        requests = requests.filter(assigned_to=None)
    if filters.late:
        requests = requests.filter(due_at__lt=timezone.now())
    search = " ".join(filters.search.split())
    if search:
        reference = search.upper().removeprefix("KH-").replace("-", "")
        condition = Q(cin__iexact=search) | Q(civil_register_id=search) | Q(last_name__icontains=search)
        if re.fullmatch(r"[0-9A-F]{4,32}", reference):
            condition |= Q(id__startswith=_uuid_prefix(reference.lower()))
        requests = requests.filter(condition)
    now = timezone.now()
    return requests.annotate(
        waiting=ExpressionWrapper(
            Value(now, output_field=DateTimeField()) - F("status_changed_at"), output_field=DurationField()
        ),
        late=Case(When(due_at__lt=now, then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).order_by("status_changed_at", "pk")


def _uuid_prefix(hex_digits: str) -> str:
    """A reference's hexadecimal digits as the start of a UUID's text (hyphens after 8, 12, 16, 20 digits)."""
    parts, cuts = [], (8, 12, 16, 20)
    start = 0
    for cut in cuts:
        if len(hex_digits) <= cut:
            parts.append(hex_digits[start:])
            return "-".join(part for part in parts if part)
        parts.append(hex_digits[start:cut])
        start = cut
    parts.append(hex_digits[start:])
    return "-".join(parts)


def queue_provinces(user: Any) -> QuerySet[Province]:
    """The provinces the reader's requests are in (for the filter), by name."""
    ids = selectors_requests.office_requests(user).order_by().values("province_id").distinct()
    return Province.objects.filter(pk__in=ids).order_by("code")


def office_staff(user: Any, request: Request) -> list[Any]:
    """The members of the office who may see `request` (those it may be assigned to)."""
    from jisr.accounts.models import User

    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__role__permissions__codename="view_request",
            memberships__province_id=request.province_id,
        )
        .distinct()
        .order_by("username")
    )
    return [candidate for candidate in candidates if scope.may(candidate, selectors_requests.VIEW, request)]


def may_export(user: Any) -> bool:
    return scope.user_scope(user).has_permission_somewhere(EXPORT)


def may_act(user: Any, step: Step, request: Request) -> bool:
    return scope.may(user, step.acts, request)


# --- the medical and social records of a request ---------------------------------------------------------------


def medical_review_read(user: Any, request: Request) -> MedicalReview | None:
    """The medical committee's record of `request`, decrypted, for who may read it (the medical committee, the
    committee's secretary); None otherwise or when there is none. Every read is written to the audit log."""
    if not scope.may(user, VIEW_MEDICAL, request):
        return None
    review = MedicalReview.objects.filter(request=request).select_related("reviewed_by", "findings_by").first()
    if review is not None:
        audit.record(actor=user, action=AuditLog.Action.VIEW, obj=review, changes={"read": ["medical_review"]})
    return review


def convocations(request: Request) -> QuerySet[Convocation]:
    return request.convocations.order_by("-scheduled_at")


def applicant_convocation(request: Request) -> Convocation | None:
    """What the applicant's page says of the medical committee's call while the request is with it: the convocation
    to come, else the last one missed with no new one set (the date by which to contact the office)."""
    if request.status != RequestStatus.MEDICAL_COMMITTEE:
        return None
    coming = request.convocations.filter(status=Convocation.Status.SCHEDULED).order_by("scheduled_at").first()
    if coming is not None:
        return coming
    return (
        request.convocations.filter(status=Convocation.Status.MISSED, followed_by=None).exclude(respond_by=None).first()
    )


def convocation_to_conclude(request: Request) -> Convocation | None:
    """The convocation still scheduled whose time has passed: the committee says whether the person came."""
    return request.convocations.filter(status=Convocation.Status.SCHEDULED, scheduled_at__lte=timezone.now()).first()


def convocation_of(request: Request, convocation_id: uuid.UUID | str) -> Convocation:
    """One convocation of a request already read through its scope, or 404."""
    return scope.one_or_404(request.convocations.all(), pk=convocation_id)


def social_assessments(request: Request) -> QuerySet[SocialAssessment]:
    return request.social_assessments.select_related("instrument", "assessed_by").order_by("-assessed_at")


def request_cards(request: Request) -> QuerySet[Card]:
    return request.cards.order_by("-issued_at")


STATUS = RequestStatus
DECISION_OUTCOMES = DecisionOutcome.choices


def may_use_queues(user: Any) -> bool:
    """True for a member of the back office who may read requests (the queues' pages)."""
    return scope.user_scope(user).has_permission_somewhere(selectors_requests.VIEW)


def may_confirm(user: Any, request: Request) -> bool:
    return scope.may(user, "khadamati.confirm_decision", request)


def may_assign(user: Any, request: Request) -> bool:
    return scope.may(user, "khadamati.assign_request", request)


def decision_of(request: Request, decision_id: uuid.UUID | str) -> Any:
    """One decision of a request already read through its scope, or 404."""
    return scope.one_or_404(request.decisions.all(), pk=decision_id)


# --- convergence -------------------------------------------------------------------------------------------------


def may_converge(user: Any) -> bool:
    """True for a member of the office who may open a case at a center (convergence)."""
    return scope.user_scope(user).has_permission_somewhere("cases.add_case")


def has_convergence_consent(request: Request) -> bool:
    return request.consents.filter(purpose=ConsentPurpose.CONVERGENCE_REFERRAL, withdrawn_at=None).exists()


def convergence_centers(user: Any, request: Request) -> list[Center]:
    """The centers of the person's province where the reader may open a case, the one of the person's commune
    first (when the person's record says where they live), then by name."""
    centers = Center.objects.filter(province_id=request.province_id).select_related("commune").order_by("code")
    commune = request.person.commune_id if request.person is not None else None
    allowed = [center for center in centers if scope.may(user, "cases.add_case", center)]
    return sorted(allowed, key=lambda center: (center.commune_id != commune, center.name))


def partner_organizations() -> QuerySet[Organization]:
    """The partners a person may be referred to (every organization but the social centers' own)."""
    return Organization.objects.exclude(sector=Organization.Sector.SOCIAL).order_by("name_fr")


def case_links(request: Request) -> QuerySet[CaseLink]:
    return request.case_links.select_related("case__center").order_by("linked_at")


def case_link_of(request: Request, link_id: uuid.UUID | str) -> CaseLink:
    return scope.one_or_404(request.case_links.select_related("case"), pk=link_id)


def partner_get(organization_id: uuid.UUID | str) -> Organization:
    return scope.one_or_404(partner_organizations(), pk=organization_id)


def center_of_request_get(user: Any, request: Request, center_id: uuid.UUID | str) -> Center:
    found = next((center for center in convergence_centers(user, request) if str(center.pk) == str(center_id)), None)
    if found is None:
        raise Http404
    return found
