"""Every write of Khadamati's back office (docs/khadamati.md, "Back office"): the instrument's versions, the
disability card. Validated, scoped, audited in the same transaction."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases import services as cases_services
from jisr.cases.models import Case
from jisr.centers.importexport.export import CONTENT_TYPES, ExportFile
from jisr.centers.models import Center, Organization
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes
from jisr.khadamati import instrument, services_requests
from jisr.khadamati import messages_office as office_messages
from jisr.khadamati.instrument_v1 import CODE as INSTRUMENT_CODE
from jisr.khadamati.models import ConsentPurpose, Request, RequestEvent, RequestStatus
from jisr.khadamati.models_office import (
    AssessmentInstrument,
    Card,
    CaseLink,
    Convocation,
    MedicalReview,
    SocialAssessment,
)
from jisr.khadamati.services_requests import REASON_MIN, RECORD_ASSESSMENT, RECORD_MEDICAL_REVIEW
from jisr.people import services as people_services
from jisr.people.models import Person
from jisr.referrals import services as referrals_services
from jisr.territories.models import Province

CHANGE_INSTRUMENT = "khadamati.change_assessmentinstrument"
ISSUE_CARD = "khadamati.add_card"
WITHDRAW_CARD = "khadamati.change_card"
VIEW_CARD = "khadamati.view_card"
VIEW_REQUEST = "khadamati.view_request"


@transaction.atomic
def instrument_save(
    *,
    acting_user: User,
    instrument_version: AssessmentInstrument,
    definition: dict[str, Any],
    title_ar: str,
    title_fr: str,
    title_en: str,
) -> AssessmentInstrument:
    """Save edits of the instrument: a draft changes in place; a published or retired version is never touched —
    the edits become the next version, as a draft (the assessments made keep the version they used)."""
    scope.require(acting_user, CHANGE_INSTRUMENT)
    titles = {"title_ar": title_ar.strip(), "title_fr": title_fr.strip(), "title_en": title_en.strip()}
    problems: dict[str, list[str]] = {}  # every problem at once: the titles' and the definition's
    for name, value in titles.items():
        if not value:
            problems[name] = [_("Give the title in this language.")]
    try:
        instrument.validate_definition(definition)
    except ValidationError as error:
        problems["definition"] = error.messages
    if problems:
        raise ValidationError(problems)
    if instrument_version.status == AssessmentInstrument.Status.DRAFT:
        old = audit.snapshot(instrument_version, ["title_ar", "title_fr", "title_en", "definition"])
        for name, value in titles.items():
            setattr(instrument_version, name, value)
        instrument_version.definition = definition
        instrument_version.save(update_fields=[*titles, "definition"])
        new = audit.snapshot(instrument_version, ["title_ar", "title_fr", "title_en", "definition"])
        audit.record(
            actor=acting_user, action=AuditLog.Action.UPDATE, obj=instrument_version, changes=audit.diff(old, new)
        )
        return instrument_version
    latest = (
        AssessmentInstrument.objects.select_for_update()
        .filter(code=instrument_version.code)
        .order_by("-version")
        .first()
    )
    draft = AssessmentInstrument.objects.create(
        code=instrument_version.code,
        version=(latest.version if latest else 0) + 1,
        definition=definition,
        created_by=acting_user,
        **titles,
    )
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=draft)
    return draft


@transaction.atomic
def instrument_publish(*, acting_user: User, instrument_version: AssessmentInstrument) -> AssessmentInstrument:
    """Publish a draft; the version published before it is retired (its assessments keep it)."""
    scope.require(acting_user, CHANGE_INSTRUMENT)
    locked = AssessmentInstrument.objects.select_for_update().get(pk=instrument_version.pk)
    if locked.status != AssessmentInstrument.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    AssessmentInstrument.objects.filter(code=locked.code, status=AssessmentInstrument.Status.PUBLISHED).update(
        status=AssessmentInstrument.Status.RETIRED
    )
    locked.status = AssessmentInstrument.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    audit.record(
        actor=acting_user, action=AuditLog.Action.UPDATE, obj=locked, changes={"status": ["draft", "published"]}
    )
    return locked


def card_valid_until(valid_from: datetime.date) -> datetime.date:
    """The end of validity: JISR_KHADAMATI_CARD_VALIDITY_YEARS after `valid_from`, on the same day (29 February
    gives 28 February of a common year), as the committee's decisions count it."""
    return services_requests.years_after(valid_from, int(settings.JISR_KHADAMATI_CARD_VALIDITY_YEARS))


def _card_number(province: Province, year: int) -> str:
    """The next number of the province and year ("09001-2026-000042"); the province row is locked meanwhile,
    so two cards issued at once never get the same number."""
    Province.objects.select_for_update().filter(pk=province.pk).first()
    prefix = f"{province.code.replace('.', '')}-{year}-"
    issued = Card.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{issued + 1:06d}"


def card_create(
    *,
    acting_user: User,
    province: Province,
    holder: dict[str, Any],
    person: Any = None,
    request: Any = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> Card:
    """Issue a card to `holder` (first_name, last_name, birth_date, cin, civil_register_id) in `province`.

    The caller holds the transaction and has checked the permission over the request; an active card of the
    same holder (the same person record, CIN or register number) is marked `replaced` by this one.
    """
    today = timezone.localdate()
    valid_from = valid_from or today
    valid_until = valid_until or card_valid_until(valid_from)
    if valid_until <= valid_from:
        raise ValidationError({"valid_until": [_("The end of validity must come after its start.")]})
    previous = _active_card_of(person, holder)
    card = Card(
        number=_card_number(province, valid_from.year),
        request=request,
        person=person,
        holder_first_name=holder["first_name"],
        holder_last_name=holder["last_name"],
        holder_birth_date=holder["birth_date"],
        holder_cin=holder.get("cin") or "",
        holder_civil_register_id=holder.get("civil_register_id") or "",
        province=province,
        region_code=province.region_id,
        valid_from=valid_from,
        valid_until=valid_until,
        replaces=previous,
        issued_by=acting_user,
        issued_at=timezone.now(),
    )
    card.full_clean(exclude=["replaces"])
    if previous is not None:
        previous.status = Card.Status.REPLACED
        previous.save(update_fields=["status"])
        audit.record(
            actor=acting_user,
            action=AuditLog.Action.UPDATE,
            obj=previous,
            changes={"status": [Card.Status.ACTIVE, Card.Status.REPLACED]},
        )
    card.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=card,
        changes={"number": [None, card.number], "valid_until": [None, str(valid_until)]},
    )
    return card


def _active_card_of(person: Any, holder: dict[str, Any]) -> Card | None:
    from django.db.models import Q

    match = Q(pk__in=[])
    if person is not None:
        match |= Q(person=person)
    if holder.get("cin"):
        match |= Q(holder_cin=holder["cin"])
    if holder.get("civil_register_id"):
        match |= Q(holder_civil_register_id=holder["civil_register_id"])
    return Card.objects.select_for_update().filter(match, status=Card.Status.ACTIVE).first()


@transaction.atomic
def card_withdraw(*, acting_user: User, card: Card, reason: str) -> Card:
    """Withdraw an active card (a decision annulled, a card issued in error) with the reason; its verification page
    then says "not valid", the reason is written on the request's timeline and the holder is told (text message,
    else e-mail) once the transaction commits."""
    scope.require(acting_user, WITHDRAW_CARD, card)
    reason = " ".join(reason.split())
    if len(reason) < 10:  # noqa: PLR2004 — a sentence, not a word
        raise ValidationError({"reason": [_("Give the reason in a sentence.")]})
    locked = Card.objects.select_for_update(of=("self",)).select_related("request__applicant").get(pk=card.pk)
    if locked.status != Card.Status.ACTIVE:
        raise ValidationError(_("Only an active card can be withdrawn."))
    locked.status = Card.Status.WITHDRAWN
    locked.withdrawn_reason = reason
    locked.save(update_fields=["status", "withdrawn_reason"])
    changes = {"status": [Card.Status.ACTIVE, Card.Status.WITHDRAWN], "withdrawn_reason": [None, reason]}
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=locked, changes=changes)
    if locked.request is not None:
        # The holder reads the reason on their request's page; the message only says that the card is withdrawn.
        _request_event(locked.request, acting_user, "card_withdrawn", note=reason)
        office_messages.card_withdrawn_notice(user=locked.request.applicant)
    return locked


def _request_event(request: Request, actor: User, kind: str, *, note: str = "") -> None:
    """A line of the request's timeline written by the office, without a change of status."""
    RequestEvent.objects.create(request=request, at=timezone.now(), actor=actor, by_office=True, kind=kind,
                                public_note=note)  # fmt: skip


@transaction.atomic
def card_downloaded(*, acting_user: User, card: Card) -> None:
    """Record that `acting_user` downloaded the card's PDF (it names the holder)."""
    scope.require(acting_user, VIEW_CARD, card)
    audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=card)


def card_downloaded_by_holder(*, acting_user: User, card: Card) -> None:
    """Record that the applicant downloaded the PDF of the card issued on their request. Only the applicant, and
    only an active card: anyone else (a representative who only reads, another citizen, the office through this
    door) gets 404, and so does a replaced or withdrawn card."""
    if card.request is None or card.request.applicant_id != acting_user.pk or card.status != Card.Status.ACTIVE:
        raise Http404
    audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=card)


# --- the medical committee ------------------------------------------------------------------------------------


def _office_request(acting_user: User, permission: str, request: Request, status: str) -> Request:
    """The request locked for a member of the office holding `permission` over its province, at `status`."""
    scope.require(acting_user, permission, request)
    locked = Request.objects.select_for_update().select_related("applicant").get(pk=request.pk)
    if locked.status != status:
        raise ValidationError(_("This request is not at this step any more: reload the page."), code="state")
    return locked


@transaction.atomic
def medical_review_record(
    *,
    acting_user: User,
    request: Request,
    report_review: str,
    in_person_needed: bool,
    findings: str = "",
    complete: bool = False,
) -> MedicalReview:
    """The medical committee records its review of the medical report and, when it has them, its findings
    (encrypted at rest). With `complete`, the findings are final and the request moves on to the social
    assessment (`services_requests.medical_review_done`)."""
    request = _office_request(acting_user, RECORD_MEDICAL_REVIEW, request, RequestStatus.MEDICAL_COMMITTEE)
    report_review, findings = report_review.strip(), findings.strip()
    errors: dict[str, list[str]] = {}
    if len(report_review) < REASON_MIN:
        errors["report_review"] = [_("Write the committee's review of the medical report.")]
    if complete and len(findings) < REASON_MIN:
        errors["findings"] = [_("Write the medical findings before closing the medical step.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    review = MedicalReview.objects.select_for_update().filter(request=request).first()
    created = review is None
    if review is None:
        review = MedicalReview(request=request, reviewed_by=acting_user, reviewed_at=now)
    review.report_review, review.in_person_needed = report_review, in_person_needed
    if findings:
        review.findings, review.findings_by, review.findings_at = findings, acting_user, now
    review.save()
    # The audit says that the record changed and by whom; its medical content stays out of the log.
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE,
        obj=review,
        changes={"in_person_needed": [None, in_person_needed], "findings": [None, bool(findings)]},
    )
    if complete:
        services_requests.medical_review_done(acting_user=acting_user, request=request)
    return review


CONVOCATION_MIN_HOURS = 24


@transaction.atomic
def convocation_schedule(
    *, acting_user: User, request: Request, scheduled_at: datetime.datetime, place: str
) -> Convocation:
    """Call the person to an in-person assessment: date, time and place, sent to the applicant by text message
    (else e-mail) once the transaction commits. An earlier convocation still scheduled is cancelled."""
    request = _office_request(acting_user, RECORD_MEDICAL_REVIEW, request, RequestStatus.MEDICAL_COMMITTEE)
    place = " ".join(place.split())
    errors: dict[str, list[str]] = {}
    if scheduled_at < timezone.now() + datetime.timedelta(hours=CONVOCATION_MIN_HOURS):
        errors["scheduled_at"] = [_("Choose a date at least a day ahead, so the person can come.")]
    if len(place) < 5:  # noqa: PLR2004 — an address, not a word
        errors["place"] = [_("Give the address where the person is expected.")]
    if errors:
        raise ValidationError(errors)
    Convocation.objects.filter(request=request, status=Convocation.Status.SCHEDULED).update(
        status=Convocation.Status.CANCELLED
    )
    channel = office_messages.convocation_notice(user=request.applicant, scheduled_at=scheduled_at, place=place)
    convocation = Convocation.objects.create(
        request=request,
        scheduled_at=scheduled_at,
        place=place,
        channel=channel,
        created_by=acting_user,
        created_at=timezone.now(),
    )
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=convocation,
        changes={"scheduled_at": [None, scheduled_at.isoformat()], "place": [None, place]},
    )
    return convocation


@transaction.atomic
def convocation_outcome_record(
    *,
    acting_user: User,
    convocation: Convocation,
    outcome: str,
    next_scheduled_at: datetime.datetime | None = None,
    next_place: str = "",
) -> Convocation:
    """Record, once its time has passed, whether the person came to the convocation.

    Held: the committee goes on to its findings. Missed: either the next convocation is set at once (`next_…`, sent
    as any convocation) or the person is asked to contact the office within JISR_KHADAMATI_CONVOCATION_MISSED_DAYS
    (the date is kept and told to the applicant). Either way the request's timeline says what follows."""
    request = _office_request(acting_user, RECORD_MEDICAL_REVIEW, convocation.request, RequestStatus.MEDICAL_COMMITTEE)
    locked = Convocation.objects.select_for_update().get(pk=convocation.pk)
    errors: dict[str, list[str]] = {}
    if locked.status != Convocation.Status.SCHEDULED:
        errors["outcome"] = [_("The outcome of this convocation is already recorded.")]
    elif locked.scheduled_at > timezone.now():
        errors["outcome"] = [_("The convocation has not taken place yet.")]
    if outcome not in (Convocation.Status.HELD, Convocation.Status.MISSED):
        errors["outcome"] = [_("Say whether the person came.")]
    wants_next = next_scheduled_at is not None or bool(next_place.strip())
    if outcome == Convocation.Status.HELD and wants_next:
        errors["next_day"] = [_("A new convocation follows a missed one only.")]
    elif wants_next and next_scheduled_at is None:
        errors["next_day"] = [_("Give the date and time of the new convocation.")]
    if errors:
        raise ValidationError(errors)
    old_status = locked.status
    locked.status, locked.outcome_by, locked.outcome_at = outcome, acting_user, timezone.now()
    note = ""
    if outcome == Convocation.Status.MISSED and next_scheduled_at is not None:
        try:
            locked.followed_by = convocation_schedule(
                acting_user=acting_user, request=request, scheduled_at=next_scheduled_at, place=next_place
            )
        except ValidationError as error:  # the new convocation's fields, as the outcome's form names them
            names = {"scheduled_at": "next_day", "place": "next_place"}
            raise ValidationError(
                {names.get(field, field): messages for field, messages in error.message_dict.items()}
            ) from error
        local = timezone.localtime(next_scheduled_at)
        note = _("A new convocation: %(date)s at %(time)s.") % {
            "date": local.strftime("%d/%m/%Y"),
            "time": local.strftime("%H:%M"),
        }
    elif outcome == Convocation.Status.MISSED:
        days = int(settings.JISR_KHADAMATI_CONVOCATION_MISSED_DAYS)
        locked.respond_by = timezone.localdate() + datetime.timedelta(days=days)
        office_messages.convocation_missed_notice(user=request.applicant, respond_by=locked.respond_by)
        note = _("Contact the office by %(date)s to be given a new date.") % {
            "date": locked.respond_by.strftime("%d/%m/%Y")
        }
    locked.save(update_fields=["status", "outcome_by", "outcome_at", "respond_by", "followed_by"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=locked,
        changes={"status": [old_status, outcome], "respond_by": [None, str(locked.respond_by or "")]},
    )
    _request_event(request, acting_user, f"convocation_{outcome}", note=note)
    return locked


# --- the social assessment ------------------------------------------------------------------------------------


@transaction.atomic
def social_assessment_record(
    *,
    acting_user: User,
    request: Request,
    ratings: dict[str, str],
    environment: dict[str, str],
    notes: str = "",
) -> SocialAssessment:
    """The social assistant rates the person's participation with the published instrument and says how the
    environment weighs; the service computes the scores (`instrument.score`), keeps them with the version used,
    and the request goes to the committee (`services_requests.assessment_done`)."""
    request = _office_request(acting_user, RECORD_ASSESSMENT, request, RequestStatus.SOCIAL_ASSESSMENT)
    version = AssessmentInstrument.objects.filter(
        code=INSTRUMENT_CODE, status=AssessmentInstrument.Status.PUBLISHED
    ).first()
    if version is None:
        raise ValidationError(_("No version of the social assessment instrument is published."))
    problems: dict[str, list[str]] = {}
    try:
        scores = instrument.score(version.definition, ratings)
    except ValidationError as error:
        problems.update(error.message_dict)
    try:
        environment = instrument.clean_environment(version.definition, environment)
    except ValidationError as error:
        problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    items = {item["code"] for domain in version.definition["domains"] for item in domain["items"]}
    assessment = SocialAssessment.objects.create(
        request=request,
        instrument=version,
        ratings={code: ratings[code] for code in items},
        environment=environment,
        scores=scores.as_json(),
        total_scaled=scores.total.scaled,
        notes=notes.strip(),
        assessed_by=acting_user,
        assessed_at=timezone.now(),
    )
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=assessment,
        changes={"total_scaled": [None, str(scores.total.scaled)], "instrument": [None, str(version)]},
    )
    services_requests.assessment_done(acting_user=acting_user, request=request)
    return assessment


# --- the card of a granted request ----------------------------------------------------------------------------


@transaction.atomic
def card_issue(*, acting_user: User, request: Request) -> Card:
    """Issue the card of a granted card request (`services_requests.card_issue` moves the request), valid from
    and until the dates of the confirmed decision; the holder's previous active card is replaced."""
    moved = services_requests.card_issuable(acting_user, request)
    decision = services_requests.last_confirmed_decision(moved)
    if moved.province is None or moved.birth_date is None:  # a submitted request has both
        raise ValidationError(_("The request has no province or date of birth: the card cannot be made."))
    holder = {
        "first_name": moved.first_name,
        "last_name": moved.last_name,
        "birth_date": moved.birth_date,
        "cin": moved.cin,
        "civil_register_id": moved.civil_register_id,
    }
    card = card_create(
        acting_user=acting_user,
        province=moved.province,
        holder=holder,
        person=moved.person,
        request=moved,
        valid_from=decision.valid_from if decision else None,
        valid_until=decision.valid_until if decision else None,
    )
    services_requests.card_issue(acting_user=acting_user, request=moved, number=card.number,
                                 valid_until=card.valid_until)  # fmt: skip
    return card


# --- the queues' export ---------------------------------------------------------------------------------------

EXPORT = "khadamati.export_requests"
EXPORT_LIMIT = 20_000


def _export_rows(requests: Any) -> Any:
    now = timezone.now()
    yield [
        _("Reference"),
        _("Type"),
        _("Status"),
        _("Province"),
        _("Sex"),
        _("Date of birth"),
        _("Submitted on"),
        _("In this step since"),
        _("Days in this step"),
        _("Due by"),
        _("Past the service level"),
        _("Assigned to"),
    ]
    for request in requests:
        yield [
            request.reference,
            request.request_type.name,
            request.get_status_display(),
            request.province.code if request.province else "",
            request.sex,
            request.birth_date.isoformat() if request.birth_date else "",
            timezone.localtime(request.submitted_at).date().isoformat() if request.submitted_at else "",
            timezone.localtime(request.status_changed_at).date().isoformat(),
            (now - request.status_changed_at).days,
            timezone.localtime(request.due_at).date().isoformat() if request.due_at else "",
            _("yes") if request.due_at and request.due_at < now else _("no"),
            request.assigned_to.username if request.assigned_to else "",
        ]


@transaction.atomic
def queue_export(
    *, acting_user: User, requests: Any, step: str, filters: dict[str, Any], file_format: str
) -> ExportFile:
    """A queue (already limited to the reader and filtered) as CSV or XLSX, for holders of
    khadamati.export_requests (404 for anyone else). Names, CIN and medical or social content are never written:
    the reference, the type, the step and its delays. Audited: who, the queue, the filter, the number of rows."""
    scope.require(acting_user, EXPORT)
    if file_format not in CONTENT_TYPES:
        raise ValidationError(_("Choose CSV or XLSX."))
    if requests.count() > EXPORT_LIMIT:
        raise ValidationError(
            _("More than %(limit)d requests match: narrow the filter to export.") % {"limit": EXPORT_LIMIT}
        )
    rows = _export_rows(requests.select_related("request_type", "province", "assigned_to"))
    content, count = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows, step)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.EXPORT,
        object_type=Request._meta.label_lower,
        object_repr=f"khadamati queue {step} ({file_format})",
        changes={"format": file_format, "step": step, "filters": filters, "rows": count},
    )
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        content=content,
        content_type=CONTENT_TYPES[file_format],
        file_name=f"khadamati-{step}-{stamp}.{file_format}",
        row_count=count,
    )


# --- convergence: a case at a center, a referral to a partner ---------------------------------------------------

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]")


def _convergence_consent(request: Request) -> None:
    if not request.consents.filter(purpose=ConsentPurpose.CONVERGENCE_REFERRAL, withdrawn_at=None).exists():
        raise ValidationError(
            _("The applicant has not agreed to be referred to a center or a partner: nothing is shared without it.")
        )


def _person_for(acting_user: User, request: Request, center: Center) -> Person:
    """The request's person in the beneficiary index: its linked record, the record with the same CIN or civil
    register number, or a new record registered at `center` (people.add_person, after the duplicate check)."""
    if request.person is not None:
        return request.person
    same = Q(pk__in=[])
    if request.cin:
        same |= Q(cin=request.cin)
    if request.civil_register_id:
        same |= Q(civil_register_id=request.civil_register_id)
    found = Person.objects.filter(same).first()
    if found is not None:
        return found
    script = "ar" if ARABIC_LETTERS.search(request.first_name + request.last_name) else "latin"
    identity: dict[str, Any] = {
        f"first_name_{script}": request.first_name,
        f"last_name_{script}": request.last_name,
        "birth_date": request.birth_date,
        "cin": request.cin,
        "civil_register_id": request.civil_register_id,
    }
    try:
        return people_services.person_create(acting_user=acting_user, center=center, sex=request.sex, **identity)
    except people_services.DuplicatesFound as found_similar:
        raise ValidationError(
            _("Persons with a similar identity are registered: open the case from the center, then link it here.")
        ) from found_similar


@transaction.atomic
def convergence_open_case(*, acting_user: User, request: Request, center: Center, reason: str) -> CaseLink:
    """From a request, open a case at a center of the person's province — or link the person's case already open
    there — with the applicant's consent to be referred (`cases.services.case_open`, its permission and rules)."""
    scope.require(acting_user, VIEW_REQUEST, request)
    _convergence_consent(request)
    if center.province_id != request.province_id:
        raise ValidationError({"center": [_("Choose a center of the person's province.")]})
    scope.require(acting_user, "cases.add_case", center)
    person = _person_for(acting_user, request, center)
    case = Case.objects.filter(person=person, center=center).exclude(status=Case.Status.CLOSED).first()
    opened = case is None
    if case is None:
        case = cases_services.case_open(
            acting_user=acting_user,
            person=person,
            center=center,
            reason=reason,
            channel=Case.Channel.ONLINE,
            consent_obtained=True,
        )
    if CaseLink.objects.filter(request=request, case=case).exists():
        raise ValidationError(_("This case is already linked to the request."))
    link = CaseLink.objects.create(
        request=request, case=case, opened=opened, linked_by=acting_user, linked_at=timezone.now()
    )
    if request.person_id is None:
        request.person = person
        request.save(update_fields=["person"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=link,
        changes={"case": [None, case.reference], "opened": [None, opened]},
    )
    return link


REFERRAL_SHARED_FIELDS = ("name", "sex_age", "commune")


@transaction.atomic
def convergence_refer(
    *, acting_user: User, request: Request, link: CaseLink, organization: Organization, reason: str
) -> Any:
    """Refer the person to a partner (health, education, employment…) from the case linked to the request, with
    the applicant's consent to be referred (`referrals.services.referral_send`, its permission and rules); the
    name, sex and age and commune are shared, never the disability."""
    scope.require(acting_user, VIEW_REQUEST, request)
    _convergence_consent(request)
    if link.request_id != request.pk:
        raise Http404
    return referrals_services.referral_send(
        acting_user=acting_user,
        case=link.case,
        reason=reason,
        shared_fields=REFERRAL_SHARED_FIELDS,
        to_organization=organization,
        consent_obtained=True,
    )
