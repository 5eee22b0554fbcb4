"""Demo cases at every stage of the pathway, so that the demo social workers have a caseload.

Bulk-inserted like the demo beneficiaries, with what the services would have written alongside:
the consent for case management, the status history and the listening records (encrypted).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from jisr.accounts.models import Membership
from jisr.cases.models import Case, CaseStatusChange, ListeningRecord
from jisr.cases.services import CLOSURE_REASONS, PATHWAY
from jisr.people.models import Consent, Person

STAGE_WEIGHTS = {"reception": 8, "listening": 10, "diagnosis": 10, "orientation": 8, "pathway": 20,
                 "follow_up": 14, "closed": 30}  # fmt: skip
REASONS = [
    "بدون دخل منذ أشهر، تبحث عن تكوين يؤهلها لعمل",
    "Jeune sans emploi ni formation, souhaite un projet professionnel",
    "Mère seule avec trois enfants, demande un accompagnement",
    "شخص في وضعية إعاقة يطلب التوجيه للحصول على البطاقة",
    "Personne âgée isolée, demande une aide à domicile",
    "امرأة ضحية عنف تطلب الإنصات والحماية",
    "Porteur d'un projet d'activité génératrice de revenus",
]
NOTES = [
    "تعبر عن رغبة في تعلم الخياطة وتحتاج إلى حضانة للأطفال أثناء التكوين.",
    "Exprime un besoin de soutien psychologique ; orienter vers la médiation sociale.",
    "Documents d'état civil manquants : accompagner la demande au bureau de la commune.",
]


def load_demo_cases(*, persons: list[Person], seed: int, share: float = 0.12, share_with_worker: float = 0.6) -> int:
    """Open cases for about `share` of `persons` at their registering center, spread over the stages
    (`share_with_worker` at the centers of the demo social workers, so that they have a caseload)."""
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    now = timezone.now()
    workers: dict[Any, Any] = {}
    for membership in Membership.objects.active().filter(role__slug="social_worker").select_related("user"):
        workers.setdefault(membership.center_id, membership.user)
    cases: list[Case] = []
    history: list[CaseStatusChange] = []
    consents: list[Consent] = []
    listening: list[ListeningRecord] = []
    serial: dict[str, int] = {}
    stages, weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    fallback = _fallback_opener()
    for person in persons:
        if person.registered_at is None:
            continue
        if rng.random() >= (share_with_worker if person.registered_at_id in workers else share):
            continue
        center = person.registered_at
        worker = workers.get(center.pk)
        opener = worker or fallback
        opened = now - datetime.timedelta(days=rng.randint(1, 540), hours=rng.randint(0, 8))
        prefix = f"{center.code.upper()}-{opened.year}-"
        serial[prefix] = serial.get(prefix, 0) + 1
        status = rng.choices(stages, weights)[0]
        case = Case(
            reference=f"{prefix}{serial[prefix]:05d}",
            person=person,
            center=center,
            at_registering_center=True,
            province_id=center.province_id,
            region_code=center.region_code,
            assigned_to=worker,
            status=status,
            reason=rng.choice(REASONS),
            channel=rng.choice(Case.Channel.values),
            urgency=rng.choices(Case.Urgency.values, [70, 22, 8])[0],
            opened_at=opened,
            opened_by=opener,
        )
        cases.append(case)
        consents.append(Consent(person=person, purpose=Consent.Purpose.CASE_MANAGEMENT, given_at=opened,
                                recorded_by=opener, recorded_at_center=center))  # fmt: skip

        def listened(stage: str, moment: datetime.datetime, case: Case = case, opener: Any = opener) -> None:
            if stage == "listening":
                listening.append(ListeningRecord(case=case, interviewer=opener, held_at=moment,
                                                 needs=rng.sample(ListeningRecord.Need.values, 2),
                                                 notes=rng.choice(NOTES)))  # fmt: skip

        history.extend(stage_history(rng, case, opener=opener, now=now, on_stage=listened))
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=2000)
        Consent.objects.bulk_create(consents, batch_size=2000)
        CaseStatusChange.objects.bulk_create(history, batch_size=2000)
        ListeningRecord.objects.bulk_create(listening, batch_size=2000)
    return len(cases)


def stage_history(
    rng: random.Random,
    case: Case,
    *,
    opener: Any,
    now: datetime.datetime,
    on_stage: Callable[[str, datetime.datetime], None] | None = None,
) -> list[CaseStatusChange]:
    """The status changes that brought `case` (its status and opening set) to its status, 1 to 40 days
    apart and never after `now`, as the services write them (with when each stage left began); a closed
    case gets the stage it was closed from, its closing moment and reason. `on_stage(stage, moment)` is
    called as each stage is entered (the demo records the listening interview then)."""
    status = case.status
    reached = PATHWAY[: PATHWAY.index(status) + 1] if status != "closed" else PATHWAY
    if status == "closed":
        reached = PATHWAY[: rng.randint(1, len(PATHWAY))]
        rng.randint(20, 300)  # drawn as it always was, so that the demo's next draws stay the same
        case.closure_reason = rng.choice(list(CLOSURE_REASONS))
    history = []
    moment, previous, since = case.opened_at, "", None
    for stage in [*reached, *(["closed"] if status == "closed" else [])]:
        reason = case.closure_reason if stage == "closed" else ""
        history.append(CaseStatusChange(case=case, from_status=previous, to_status=stage, changed_by=opener,
                                        changed_at=moment, reason=reason, from_status_since=since,
                                        center_id=case.center_id, province_id=case.province_id,
                                        region_code=case.region_code))  # fmt: skip
        since = moment
        if on_stage is not None:
            on_stage(stage, moment)
        if stage == "closed":
            case.closed_at = moment  # the day of the closing change, as the services write both
        # Never in the future: a case opened last week has not spent 40 days in each stage since.
        previous, moment = stage, min(moment + datetime.timedelta(days=rng.randint(1, 40)), now)
    return history


def _fallback_opener() -> Any:
    from jisr.accounts.models import User

    return User.objects.filter(username="national").first() or User.objects.filter(is_superuser=True).first()


def load_demo_referrals(*, seed: int) -> int:
    """Referrals from open cases to the demo partners' organizations in their province, most waiting."""
    from jisr.referrals.models import Referral, ReferralEvent
    from jisr.referrals.services import answer_due_on

    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    now = timezone.now()
    referrals: list[Referral] = []
    events: list[ReferralEvent] = []
    consents: list[Consent] = []
    partners = Membership.objects.active().filter(role__slug="partner_agent").select_related("organization")
    referred: set[Any] = set()
    for membership in partners:
        organization = membership.organization
        if organization is None or organization.pk in referred:
            continue  # two agents of one organization: one referral per case and organization
        referred.add(organization.pk)
        cases = (
            Case.objects.filter(province_id=organization.province_id)
            .exclude(status__in=["reception", "closed"])
            .select_related("person", "center", "opened_by")
            .order_by("reference")[:40]
        )
        for case in cases:
            status = rng.choices(["sent", "accepted", "completed", "declined"], [55, 20, 20, 5])[0]
            sent_at = now - datetime.timedelta(days=rng.randint(0, 25))
            referral = Referral(
                case=case, person=case.person, from_center=case.center, sent_by=case.opened_by,
                to_organization=organization, reason=rng.choice(REASONS), urgency=case.urgency,
                shared_fields=rng.choice([["name", "sex_age", "needs"], ["name", "phone", "needs"], ["name"]]),
                due_on=answer_due_on(sent_at, case.urgency), status=status,
                decline_reason="no_capacity" if status == "declined" else "",
                service_given="Consultation médicale" if status == "completed" else "",
                # answered two days after sending, as its event says (completed: accepted first)
                responded_at=min(sent_at + datetime.timedelta(days=2), now) if status != "sent" else None,
                completed_at=min(sent_at + datetime.timedelta(days=2), now) if status == "completed" else None,
            )  # fmt: skip
            referral.created_at = sent_at  # the sending moment, restored after bulk_create (auto_now_add)
            referrals.append(referral)
            consents.append(Consent(person=case.person, purpose=Consent.Purpose.REFERRAL, recipient=organization,
                                    given_at=sent_at, recorded_by=case.opened_by,
                                    recorded_at_center=case.center))  # fmt: skip
            events.append(ReferralEvent(referral=referral, status="sent", by=case.opened_by, at=sent_at))
            if status != "sent":
                events.append(ReferralEvent(referral=referral, status=status, by=membership.user,
                                            at=min(sent_at + datetime.timedelta(days=2), now)))  # fmt: skip
    with transaction.atomic():
        Consent.objects.bulk_create(consents)
        sent_at_of = {id(referral): referral.created_at for referral in referrals}
        Referral.objects.bulk_create(referrals)
        # auto_now_add stamped every referral "now": give each back its sending moment, or a referral
        # sent weeks ago would read "sent today" and already overdue.
        for referral in referrals:
            referral.created_at = sent_at_of[id(referral)]
        Referral.objects.bulk_update(referrals, ["created_at"], batch_size=500)
        ReferralEvent.objects.bulk_create(events)
    return len(referrals)
