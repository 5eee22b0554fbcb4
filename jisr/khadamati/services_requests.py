"""Every write on Khadamati's requests: each transition of the process, checked, scoped, audited, atomic.

The states and who moves them are in docs/khadamati.md ("Requests"). A citizen acts on their own requests
(404 on anyone else's); the back office acts with the permission of the step over the request's province
(`jisr.core.scope`, 404 outside it). A transition asked at the wrong state raises a ValidationError saying so;
the applicant is told of each change of status by text message and e-mail once the transaction commits.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.selectors import is_citizen_account
from jisr.core import audit, scope
from jisr.core.digits import to_ascii_digits
from jisr.core.models import AuditLog
from jisr.khadamati import documents, messages, request_types
from jisr.khadamati.models import (
    ConsentPurpose,
    Decision,
    DecisionOutcome,
    DecisionStage,
    DocumentStatus,
    Representation,
    Request,
    RequestConsent,
    RequestDocument,
    RequestEvent,
    RequestKind,
    RequestMessage,
    RequestStatus,
    RequestType,
)
from jisr.khadamati.services import document_read_audited
from jisr.people.services import CIN_PATTERN, normalize_cin
from jisr.territories.models import Province

VIEW = "khadamati.view_request"
CHECK_DOCUMENTS = "khadamati.check_documents"
RECORD_MEDICAL_REVIEW = "khadamati.record_medical_review"
RECORD_ASSESSMENT = "khadamati.record_assessment"
RECORD_DECISION = "khadamati.record_decision"
CONFIRM_DECISION = "khadamati.confirm_decision"
ISSUE_CARD = "khadamati.issue_card"
ASSIGN = "khadamati.assign_request"
SEND_MESSAGE = "khadamati.add_requestmessage"

S = RequestStatus
EDITABLE = frozenset({S.DRAFT, S.MORE_INFORMATION})
# The states a citizen may withdraw from: anything not yet decided for good.
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.MEDICAL_COMMITTEE, S.SOCIAL_ASSESSMENT, S.COMMITTEE_DECISION,
                          S.MORE_INFORMATION, S.RECONSIDERATION, S.APPEAL})  # fmt: skip
DECIDING = {S.COMMITTEE_DECISION: DecisionStage.FIRST, S.RECONSIDERATION: DecisionStage.RECONSIDERATION,
            S.APPEAL: DecisionStage.APPEAL}  # fmt: skip
REASON_MIN = 10
MESSAGE_MAX = 2000
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)
REGISTER_NUMBER_MAX = 20
PERSON_FIELDS = ("first_name", "last_name", "birth_date", "sex", "cin", "civil_register_id", "province")

Errors = dict[str, list[str]]


def _wrong_state() -> ValidationError:
    return ValidationError(_("This request is not at this step any more: reload the page."), code="state")


# --- deadlines -------------------------------------------------------------------------------------------------


def due_for(status: str, since: datetime.datetime) -> datetime.datetime | None:
    """When the office's work at `status` is due (JISR_KHADAMATI_SLA_DAYS), None where no service level applies."""
    days = settings.JISR_KHADAMATI_SLA_DAYS.get(str(status))
    return since + datetime.timedelta(days=int(days)) if days is not None else None


def last_confirmed_decision(request: Request) -> Decision | None:
    return request.decisions.exclude(confirmed_at=None).order_by("-recorded_at").first()


def _open_until(request: Request, after_stage: str, days: int) -> datetime.date | None:
    decision = last_confirmed_decision(request)
    if request.status != S.REFUSED or decision is None or decision.stage != after_stage:
        return None
    if decision.confirmed_at is None:
        return None
    return timezone.localdate(decision.confirmed_at) + datetime.timedelta(days=days)


def reconsideration_until(request: Request) -> datetime.date | None:
    """The last day a refusal may be reconsidered on request; None when it may not (not a first refusal)."""
    return _open_until(request, DecisionStage.FIRST, int(settings.JISR_KHADAMATI_RECONSIDERATION_DAYS))


def appeal_until(request: Request) -> datetime.date | None:
    """The last day a refused reconsideration may be appealed; None when no appeal is open."""
    return _open_until(request, DecisionStage.RECONSIDERATION, int(settings.JISR_KHADAMATI_APPEAL_DAYS))


# --- shared steps of every transition --------------------------------------------------------------------------


def _lock(request: Request) -> Request:
    return Request.objects.select_for_update().select_related("request_type", "applicant").get(pk=request.pk)


def _own(acting_user: User, request: Request) -> Request:
    """The request locked for its applicant; 404 for anyone else (another citizen, staff)."""
    if not is_citizen_account(acting_user) or request.applicant_id != acting_user.pk:
        raise Http404
    return _lock(request)


def _office(acting_user: User, permission: str, request: Request) -> Request:
    """The request locked for a member of the office holding `permission` over its province; 404 otherwise."""
    scope.require(acting_user, permission, request)
    if request.status == S.DRAFT:
        raise Http404  # a draft is the citizen's own business
    return _lock(request)


def _event(request: Request, actor: User, kind: str, *, to_status: str = "", note: str = "", office: bool) -> None:
    RequestEvent.objects.create(
        request=request,
        at=timezone.now(),
        actor=actor,
        by_office=office,
        kind=kind,
        to_status=to_status,
        public_note=note,
    )


def _move(request: Request, actor: User, to_status: str, kind: str, *, note: str = "", office: bool = True,
          extra_fields: tuple[str, ...] = (), audit_changes: dict[str, Any] | None = None) -> Request:  # fmt: skip
    """Move the (locked) request to `to_status`: timeline, service level, audit, and the applicant told."""
    now = timezone.now()
    old_status = request.status
    RequestEvent.objects.create(
        request=request, at=now, actor=actor, by_office=office, kind=kind, from_status=old_status,
        to_status=to_status, public_note=note,
    )  # fmt: skip
    request.status = to_status
    request.status_changed_at = now
    request.updated_at = now
    request.due_at = due_for(to_status, now)
    request.save(update_fields=["status", "status_changed_at", "updated_at", "due_at", *extra_fields])
    changes: dict[str, Any] = {"status": [old_status, to_status], **(audit_changes or {})}
    audit.record(actor=actor, action=AuditLog.Action.UPDATE, obj=request, changes=changes)
    if office:
        messages.request_notice(user=request.applicant)
    return request


# --- the citizen's draft ---------------------------------------------------------------------------------------


def _may_act_for(acting_user: User, representation: Representation | None) -> None:
    if representation is not None and not (
        representation.citizen_id == acting_user.pk and representation.status == Representation.Status.VERIFIED
    ):
        raise Http404  # not verified (yet), or someone else's declaration


@transaction.atomic
def request_start(*, acting_user: User, request_type: RequestType, representation: Representation | None = None
                  ) -> Request:  # fmt: skip
    """A citizen starts a draft of `request_type`, for themselves or for a person they are verified to act for
    (404 for a declaration not verified yet or not theirs). The person's identity is taken from the
    declaration; for oneself, the name from the account."""
    if not is_citizen_account(acting_user) or not request_type.active:
        raise Http404
    _may_act_for(acting_user, representation)
    now = timezone.now()
    request = Request(
        request_type=request_type, applicant=acting_user, representation=representation, created_at=now,
        updated_at=now, status_changed_at=now, current_step=request_types.PERSON_STEP,
    )  # fmt: skip
    source: Any = representation if representation is not None else acting_user
    request.first_name, request.last_name = source.first_name, source.last_name
    if representation is not None:
        request.birth_date = representation.birth_date
        request.cin, request.civil_register_id = representation.cin, representation.civil_register_id
        request.province_id, request.region_code = representation.province_id, representation.region_code
        request.person_id = representation.person_id
    request.save()
    _event(request, acting_user, "started", to_status=S.DRAFT, office=False)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=request,
                 changes={"request_type": [None, request_type.code], "status": [None, S.DRAFT]})  # fmt: skip
    return request


def _clean_person(request: Request, values: dict[str, Any], *, complete: bool) -> dict[str, Any]:
    """The person step's answers (identity and province), every problem at once."""
    errors: Errors = {}
    cleaned: dict[str, Any] = {}
    for name in ("first_name", "last_name"):
        cleaned[name] = " ".join(str(values.get(name) or "").split())[:100]
    if complete and not cleaned["first_name"]:
        errors["first_name"] = [_("Enter the first name.")]
    if complete and not cleaned["last_name"]:
        errors["last_name"] = [_("Enter the family name.")]
    born = values.get("birth_date")
    if isinstance(born, str) and born:
        try:
            born = datetime.date.fromisoformat(to_ascii_digits(born))
        except ValueError:
            errors["birth_date"] = [_("Enter a date as day, month and year.")]
            born = None
    if isinstance(born, datetime.date) and not EARLIEST_BIRTH_DATE <= born <= timezone.localdate():
        errors["birth_date"] = [_("Enter a date of birth between 1900 and today.")]
    cleaned["birth_date"] = born if isinstance(born, datetime.date) else None
    if complete and cleaned["birth_date"] is None and "birth_date" not in errors:
        errors["birth_date"] = [_("Enter the date of birth.")]
    cleaned["sex"] = str(values.get("sex") or "")
    if cleaned["sex"] not in ("", "F", "M") or (complete and not cleaned["sex"]):
        errors["sex"] = [_("Choose female or male.")]
    cleaned["cin"] = normalize_cin(str(values.get("cin") or ""))
    if cleaned["cin"] and not CIN_PATTERN.fullmatch(cleaned["cin"]):
        errors["cin"] = [_("Enter a CIN such as A123456 or BE123456: one or two letters, then up to six digits.")]
    register = to_ascii_digits(str(values.get("civil_register_id") or "")).replace(" ", "")
    cleaned["civil_register_id"] = register
    if register and not (register.isdigit() and len(register) <= REGISTER_NUMBER_MAX):
        errors["civil_register_id"] = [_("Enter the civil register number: digits only.")]
    if complete and not cleaned["cin"] and not register and "cin" not in errors and "civil_register_id" not in errors:
        errors["cin"] = [_("Enter the CIN or the civil register number (at least one).")]
    province = values.get("province")
    if province is not None and not isinstance(province, Province):
        province = str(province)
        province = Province.objects.filter(code=province).first() if province else None
        if values.get("province") and province is None:
            errors["province"] = [_("Choose the province or prefecture.")]
    cleaned["province"] = province
    if complete and province is None and "province" not in errors:
        errors["province"] = [_("Choose the province or prefecture.")]
    if request.representation_id is not None:  # the identity is the verified declaration's, not retyped
        for name in ("first_name", "last_name", "birth_date", "cin", "civil_register_id", "province"):
            errors.pop(name, None)
            cleaned.pop(name, None)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _next_step(request: Request, step: str) -> str:
    codes = request_types.step_codes(request.request_type.steps)
    return codes[min(codes.index(step) + 1, len(codes) - 1)]


@transaction.atomic
def request_save_step(*, acting_user: User, request: Request, step: str, values: dict[str, Any]) -> Request:
    """Save one step of the applicant's draft (or of a request the committee asked more information on).

    A draft may be incomplete; what is there must be right (every problem at once, keyed by field). The
    request resumes at the step after the one saved."""
    request = _own(acting_user, request)
    if request.status not in EDITABLE:
        raise _wrong_state()
    codes = request_types.step_codes(request.request_type.steps)
    if step not in codes:
        raise Http404
    if step == request_types.PERSON_STEP:
        cleaned = _clean_person(request, values, complete=False)
        province = cleaned.pop("province", None)
        for name, value in cleaned.items():
            setattr(request, name, value)
        if request.representation_id is None and "province" in values:
            request.province = province
            request.region_code = province.region_id if province is not None else ""
    elif step == request_types.REVIEW_STEP:
        request.data[step] = {"declared": bool(values.get("declared")), "consent": bool(values.get("consent"))}
    elif step != request_types.DOCUMENTS_STEP:
        own = request_types.own_step(request.request_type.steps, step)
        if own is None:
            raise Http404
        request.data[step] = request_types.clean_answers(own.fields, values, complete=False)
    request.current_step = _next_step(request, step)
    request.updated_at = timezone.now()
    request.save()
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=request, changes={"step": [None, step]})
    return request


def _check_file(name: str, content: bytes) -> tuple[documents.CheckedDocument, int | None]:
    checked = documents.check_document(name, content)
    pages = documents.page_count(content) if checked.mime_type == "application/pdf" else None
    if pages is not None and pages > int(settings.JISR_KHADAMATI_DOCUMENT_MAX_PAGES):
        raise ValidationError(
            _("This PDF has more than %(count)s pages: send only the pages asked for.")
            % {"count": settings.JISR_KHADAMATI_DOCUMENT_MAX_PAGES},
            code="pages",
        )
    return checked, pages


def _store_document(request: Request, acting_user: User, code: str, name: str, content: bytes,
                    replaces: RequestDocument | None = None) -> RequestDocument:  # fmt: skip
    checked, pages = _check_file(name, content)
    stored_name, key = documents.store(content)
    try:
        with transaction.atomic():
            document = RequestDocument.objects.create(
                request=request, code=code, name=checked.name, mime_type=checked.mime_type, size=checked.size,
                pages=pages, stored_name=stored_name, key=key, uploaded_by=acting_user, uploaded_at=timezone.now(),
                replaces=replaces,
            )  # fmt: skip
    except BaseException:
        documents.delete([stored_name])
        raise
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=document,
        changes={"code": [None, code], "name": [None, checked.name], "size": [None, checked.size]},
    )
    return document


def _document_codes(request: Request) -> dict[str, dict[str, Any]]:
    return {str(spec["code"]): spec for spec in request.request_type.documents}


@transaction.atomic
def request_upload_document(*, acting_user: User, request: Request, code: str, name: str, content: bytes
                            ) -> RequestDocument:  # fmt: skip
    """The applicant joins a document the type asks for (`code`) to their draft, checked by its content, size
    and page count; it takes the place of a document of the same code not checked yet."""
    request = _own(acting_user, request)
    if request.status not in EDITABLE:
        raise _wrong_state()
    if code not in _document_codes(request):
        problems = {"code": [_("Choose which document this is.")]}
        try:  # every problem at once: the file's too, when the type of document is missing
            _check_file(name, content)
        except ValidationError as error:
            problems["document"] = error.messages
        raise ValidationError(problems)
    try:
        document = _store_document(request, acting_user, code, name, content)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    earlier = request.request_documents.filter(code=code, status=DocumentStatus.RECEIVED).exclude(pk=document.pk)
    documents.delete_on_commit(list(earlier.values_list("stored_name", flat=True)))
    earlier.delete()
    request.updated_at = timezone.now()
    request.save(update_fields=["updated_at"])
    return document


@transaction.atomic
def request_remove_document(*, acting_user: User, document: RequestDocument) -> None:
    """The applicant takes back a document of their draft (not once the office has it)."""
    request = _own(acting_user, document.request)
    if (
        request.status not in EDITABLE
        or document.status != DocumentStatus.RECEIVED
        or document.request_id != request.pk
    ):
        raise _wrong_state()
    audit.record(
        actor=acting_user, action=AuditLog.Action.DELETE, obj=document, changes={"name": [document.name, None]}
    )
    documents.delete_on_commit([document.stored_name])
    document.delete()


def review_problems_of(request: Request) -> list[tuple[str, str]]:
    """The boxes of the review step left unticked: (field, message)."""
    review = request.data.get(request_types.REVIEW_STEP, {})
    problems = []
    if not review.get("consent"):
        problems.append(("consent", _("Tick the box to agree that the office processes this request.")))
    if not review.get("declared"):
        problems.append(("declared", _("Tick the box to declare that the information is true.")))
    return problems


def submission_problems(request: Request) -> Errors:
    """What keeps the request from being submitted, by step (empty: it may be submitted)."""
    problems: Errors = {}
    values = {name: getattr(request, name) for name in PERSON_FIELDS}
    try:
        _clean_person(request, values, complete=True)
    except ValidationError as error:
        problems[request_types.PERSON_STEP] = error.messages
    for step in request.request_type.steps:
        try:
            request_types.clean_answers(step["fields"], request.data.get(step["code"], {}), complete=True)
        except ValidationError as error:
            problems[step["code"]] = error.messages
    held = set(request.request_documents.exclude(status__in=[DocumentStatus.REFUSED, DocumentStatus.REPLACED])
               .values_list("code", flat=True))  # fmt: skip
    missing = [request_types.text_in_language(spec["label"]) for spec in request.request_type.documents
               if spec.get("required") and spec["code"] not in held]  # fmt: skip
    if missing:
        problems[request_types.DOCUMENTS_STEP] = [
            _("Join this document: %(document)s.") % {"document": label} for label in missing
        ]
    review_problems = [message for _field, message in review_problems_of(request)]
    if review_problems:
        problems[request_types.REVIEW_STEP] = review_problems
    return problems


@transaction.atomic
def request_submit(*, acting_user: User, request: Request) -> Request:
    """The applicant submits a complete draft (or the more information the committee asked for): the office of
    the province checks its documents. Every missing piece is reported at once, keyed by step. The consent to
    the processing of the application is recorded."""
    request = _own(acting_user, request)
    if request.status not in EDITABLE:
        raise _wrong_state()
    _may_act_for(acting_user, request.representation)
    problems = submission_problems(request)
    if problems:
        raise ValidationError(problems)
    if not request.consents.filter(purpose=ConsentPurpose.APPLICATION, withdrawn_at=None).exists():
        RequestConsent.objects.create(request=request, purpose=ConsentPurpose.APPLICATION, given_by=acting_user,
                                      given_at=timezone.now())  # fmt: skip
    kind = "submitted" if request.status == S.DRAFT else "resubmitted"
    request.submitted_at = request.submitted_at or timezone.now()
    return _move(request, acting_user, S.SUBMITTED, kind, office=False, extra_fields=("submitted_at",))


# --- documents checked by the office ---------------------------------------------------------------------------


def _office_document(acting_user: User, document: RequestDocument) -> tuple[Request, RequestDocument]:
    request = _office(acting_user, CHECK_DOCUMENTS, document.request)
    if request.status != S.SUBMITTED:
        raise _wrong_state()
    locked = RequestDocument.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocumentStatus.RECEIVED:
        raise ValidationError(_("This document has already been checked."), code="state")
    return request, locked


def _decide_document(acting_user: User, document: RequestDocument, status: str) -> None:
    document.status = status
    document.decided_by = acting_user
    document.decided_at = timezone.now()
    document.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason", "replace_by"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=document,
        changes={"status": [DocumentStatus.RECEIVED, status], "refusal_reason": [None, document.refusal_reason]},
    )


@transaction.atomic
def document_accept(*, acting_user: User, document: RequestDocument) -> RequestDocument:
    """The office accepts one document of a submitted request (khadamati.check_documents)."""
    _request, document = _office_document(acting_user, document)
    _decide_document(acting_user, document, DocumentStatus.ACCEPTED)
    return document


@transaction.atomic
def document_refuse(*, acting_user: User, document: RequestDocument, reason: str,
                    replace_by: datetime.date | None = None) -> RequestDocument:  # fmt: skip
    """The office refuses one document, saying why, with the date by which the applicant is to replace it
    (JISR_KHADAMATI_REPLACEMENT_DAYS from today unless given). The applicant reads the reason and is told."""
    reason = " ".join((reason or "").split())
    errors: Errors = {}
    if len(reason) < REASON_MIN:
        errors["reason"] = [_("Say why, in a sentence the citizen will understand.")]
    today = timezone.localdate()
    replace_by = replace_by or today + datetime.timedelta(days=int(settings.JISR_KHADAMATI_REPLACEMENT_DAYS))
    if replace_by <= today:
        errors["replace_by"] = [_("Give a date after today.")]
    if errors:
        raise ValidationError(errors)
    request, document = _office_document(acting_user, document)
    document.refusal_reason, document.replace_by = reason, replace_by
    _decide_document(acting_user, document, DocumentStatus.REFUSED)
    _event(request, acting_user, "document_refused", note=reason, office=True)
    messages.request_notice(user=request.applicant)
    return document


@transaction.atomic
def document_replace(*, acting_user: User, document: RequestDocument, name: str, content: bytes) -> RequestDocument:
    """The applicant replaces a refused document by its deadline; the office checks the new one."""
    request = _own(acting_user, document.request)
    locked = RequestDocument.objects.select_for_update().get(pk=document.pk)
    if request.status not in (S.SUBMITTED, S.MORE_INFORMATION) or locked.status != DocumentStatus.REFUSED:
        raise _wrong_state()
    if locked.replace_by is not None and timezone.localdate() > locked.replace_by:
        raise ValidationError(
            {"document": [_("The date to replace this document has passed: write to the office.")]}, code="late"
        )
    try:
        replacement = _store_document(request, acting_user, locked.code, name, content, replaces=locked)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    locked.status = DocumentStatus.REPLACED
    locked.save(update_fields=["status"])
    _event(request, acting_user, "document_replaced", office=False)
    request.updated_at = timezone.now()
    request.save(update_fields=["updated_at"])
    return replacement


def documents_pending(request: Request) -> list[str]:
    """Why the documents of a submitted request are not complete yet (empty: they are)."""
    problems = []
    current = request.request_documents.exclude(status=DocumentStatus.REPLACED)
    if current.filter(status=DocumentStatus.RECEIVED).exists():
        problems.append(_("Some documents have not been checked yet."))
    if current.filter(status=DocumentStatus.REFUSED).exists():
        problems.append(_("A refused document has not been replaced yet."))
    accepted = set(current.filter(status=DocumentStatus.ACCEPTED).values_list("code", flat=True))
    required = [spec for spec in request.request_type.documents if spec.get("required")]
    if any(spec["code"] not in accepted for spec in required):
        problems.append(_("A required document is missing."))
    return problems


@transaction.atomic
def documents_complete(*, acting_user: User, request: Request) -> Request:
    """The office finds the file complete (every required document accepted, none waiting): the request goes
    to the medical committee, or straight to the social assessment for a type the committee does not review."""
    request = _office(acting_user, CHECK_DOCUMENTS, request)
    if request.status != S.SUBMITTED:
        raise _wrong_state()
    problems = documents_pending(request)
    if problems:
        raise ValidationError(problems, code="documents")
    request.documents_checked_by, request.documents_checked_at = acting_user, timezone.now()
    target = S.MEDICAL_COMMITTEE if request.request_type.medical_review else S.SOCIAL_ASSESSMENT
    return _move(request, acting_user, target, "documents_complete",
                 extra_fields=("documents_checked_by", "documents_checked_at"))  # fmt: skip


# --- assessments and the committee -----------------------------------------------------------------------------


@transaction.atomic
def medical_review_done(*, acting_user: User, request: Request) -> Request:
    """The medical committee has reviewed the file (its findings are kept with its own records): the social
    assessment comes next (khadamati.record_medical_review)."""
    request = _office(acting_user, RECORD_MEDICAL_REVIEW, request)
    if request.status != S.MEDICAL_COMMITTEE:
        raise _wrong_state()
    request.medical_reviewed_by, request.medical_reviewed_at = acting_user, timezone.now()
    return _move(request, acting_user, S.SOCIAL_ASSESSMENT, "medical_review_done",
                 extra_fields=("medical_reviewed_by", "medical_reviewed_at"))  # fmt: skip


@transaction.atomic
def assessment_done(*, acting_user: User, request: Request) -> Request:
    """The social assistant has assessed participation and environment: the committee decides next."""
    request = _office(acting_user, RECORD_ASSESSMENT, request)
    if request.status != S.SOCIAL_ASSESSMENT:
        raise _wrong_state()
    request.assessed_by, request.assessed_at = acting_user, timezone.now()
    return _move(request, acting_user, S.COMMITTEE_DECISION, "assessment_done",
                 extra_fields=("assessed_by", "assessed_at"))  # fmt: skip


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for a 29 February that year has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _card_years() -> int:
    return int(settings.JISR_KHADAMATI_CARD_VALIDITY_YEARS)


def _clean_decision(request: Request, outcome: str, reasons: str, members_present: list[str],
                    valid_from: datetime.date | None, valid_until: datetime.date | None) -> dict[str, Any]:  # fmt: skip
    errors: Errors = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    reasons = (reasons or "").strip()
    if len(reasons) < REASON_MIN:
        errors["reasons"] = [_("Give the reasons of the decision, in words the applicant will understand.")]
    members = [" ".join(str(member).split()) for member in members_present or [] if str(member).strip()]
    if not members:
        errors["members_present"] = [_("Name the members present.")]
    if outcome == DecisionOutcome.GRANTED:
        valid_from = valid_from or timezone.localdate()
        if valid_until is None and request.request_type.kind == RequestKind.CARD:
            valid_until = years_after(valid_from, _card_years())
        if valid_until is not None and valid_until <= valid_from:
            errors["valid_until"] = [_("The end of validity comes after its start.")]
    else:
        valid_from = valid_until = None
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "reasons": reasons, "members_present": members, "valid_from": valid_from,
            "valid_until": valid_until}  # fmt: skip


@transaction.atomic
def decision_record(*, acting_user: User, request: Request, outcome: str, reasons: str, members_present: list[str],
                    meeting_date: datetime.date | None = None, valid_from: datetime.date | None = None,
                    valid_until: datetime.date | None = None) -> Decision:  # fmt: skip
    """The committee's secretary records the decision (first, on reconsideration or on appeal, by the request's
    state): granted, refused or more information, with its reasons and the members present. It takes effect
    once another person confirms it (`decision_confirm`)."""
    values = _clean_decision(request, outcome, reasons, members_present, valid_from, valid_until)
    request = _office(acting_user, RECORD_DECISION, request)
    if request.status not in DECIDING:
        raise _wrong_state()
    if request.decisions.filter(confirmed_at=None).exists():
        raise ValidationError(_("A decision is already waiting for its confirmation."), code="pending")
    decision = Decision.objects.create(
        request=request, stage=DECIDING[RequestStatus(request.status)], recorded_by=acting_user,
        recorded_at=timezone.now(), meeting_date=meeting_date or timezone.localdate(), **values,
    )  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=decision,
                 changes=audit.diff({}, audit.snapshot(decision, ["stage", "outcome", "reasons", "members_present",
                                                                  "valid_from", "valid_until"])))  # fmt: skip
    return decision


@transaction.atomic
def decision_confirm(*, acting_user: User, decision: Decision) -> Decision:
    """A second person confirms the decision (four eyes: never the one who recorded it); the request then
    takes the decision's outcome and the applicant reads it with its reasons."""
    request = _office(acting_user, CONFIRM_DECISION, decision.request)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.confirmed_at is not None or request.status not in DECIDING:
        raise _wrong_state()
    if decision.recorded_by_id == acting_user.pk:
        raise ValidationError(
            _("A decision is confirmed by someone other than the person who recorded it."), code="four_eyes"
        )
    decision.confirmed_by, decision.confirmed_at = acting_user, timezone.now()
    decision.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=decision,
                 changes={"confirmed_by": [None, str(acting_user.pk)]})  # fmt: skip
    request.decided_at = decision.confirmed_at
    moved = _move(request, acting_user, decision.outcome, "decided", note=decision.reasons,
                  extra_fields=("decided_at",))  # fmt: skip
    if decision.outcome == DecisionOutcome.MORE_INFORMATION:
        moved.due_at = decision.confirmed_at + datetime.timedelta(
            days=int(settings.JISR_KHADAMATI_MORE_INFORMATION_DAYS)
        )
        moved.save(update_fields=["due_at"])
    return decision


def card_issuable(acting_user: User, request: Request) -> Request:
    """The granted card request, locked, whose card the office may issue (khadamati.issue_card): Http404 outside
    the user's provinces, ValidationError for a request in another state or of another kind."""
    request = _office(acting_user, ISSUE_CARD, request)
    if request.status != S.GRANTED or request.request_type.kind != RequestKind.CARD:
        raise _wrong_state()
    return request


@transaction.atomic
def card_issue(*, acting_user: User, request: Request, number: str, valid_until: datetime.date) -> Request:
    """Move a granted card request to "card issued" with its card's number and validity. The card itself, its
    number and its dates are made by `services_office.card_issue`, which calls this in the same transaction."""
    request = card_issuable(acting_user, request)
    request.card_number = number
    request.card_issued_at = timezone.now()
    request.card_valid_until = valid_until
    return _move(request, acting_user, S.CARD_ISSUED, "card_issued",
                 extra_fields=("card_number", "card_issued_at", "card_valid_until"),
                 audit_changes={"card_valid_until": [None, str(request.card_valid_until)]})  # fmt: skip


# --- the applicant's own moves ---------------------------------------------------------------------------------


@transaction.atomic
def request_withdraw(*, acting_user: User, request: Request, reason: str = "") -> Request:
    """The applicant withdraws a request not decided for good (the office stops; the file is kept for the
    retention period)."""
    request = _own(acting_user, request)
    if request.status not in WITHDRAWABLE:
        raise _wrong_state()
    return _move(request, acting_user, S.WITHDRAWN, "withdrawn", note=" ".join((reason or "").split())[:500],
                 office=False)  # fmt: skip


def _grounds(grounds: str) -> str:
    grounds = (grounds or "").strip()
    if len(grounds) < REASON_MIN:
        raise ValidationError({"grounds": [_("Say why you ask for it, in a sentence or more.")]})
    return grounds[:MESSAGE_MAX]


def _ask_again(acting_user: User, request: Request, grounds: str, *, appeal: bool) -> Request:
    grounds = _grounds(grounds)
    request = _own(acting_user, request)
    until = appeal_until(request) if appeal else reconsideration_until(request)
    if until is None:
        raise _wrong_state()
    if timezone.localdate() > until:
        late = (
            _("The delay to appeal has passed.") if appeal else _("The delay to ask for a reconsideration has passed.")
        )
        raise ValidationError(late, code="late")
    target, kind = (S.APPEAL, "appeal_asked") if appeal else (S.RECONSIDERATION, "reconsideration_asked")
    return _move(request, acting_user, target, kind, note=grounds, office=False)


@transaction.atomic
def reconsideration_ask(*, acting_user: User, request: Request, grounds: str) -> Request:
    """After a first refusal, the applicant asks the committee to reconsider, within
    JISR_KHADAMATI_RECONSIDERATION_DAYS of the decision."""
    return _ask_again(acting_user, request, grounds, appeal=False)


@transaction.atomic
def appeal_ask(*, acting_user: User, request: Request, grounds: str) -> Request:
    """After a refused reconsideration, the applicant appeals, within JISR_KHADAMATI_APPEAL_DAYS of it."""
    return _ask_again(acting_user, request, grounds, appeal=True)


# --- assignment, messages, consents ----------------------------------------------------------------------------


@transaction.atomic
def request_assign(*, acting_user: User, request: Request, assignee: User | None) -> Request:
    """The office gives the request to one of its members (who must see it), or takes it back (None)."""
    request = _office(acting_user, ASSIGN, request)
    if assignee is not None and not scope.may(assignee, VIEW, request):
        raise ValidationError({"assigned_to": [_("This person does not work on this province's requests.")]})
    old = request.assigned_to_id
    request.assigned_to = assignee
    request.save(update_fields=["assigned_to"])
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=request,
        changes={"assigned_to": [str(old) if old else None, str(assignee.pk) if assignee else None]},
    )
    return request


@transaction.atomic
def message_send(*, acting_user: User, request: Request, body: str) -> RequestMessage:
    """A message about the request, from its applicant or from the office (khadamati.add_requestmessage);
    the applicant is told when the office writes."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write your message.")]})
    if len(body) > MESSAGE_MAX:
        raise ValidationError({"body": [_("Write at most %(count)s characters.") % {"count": MESSAGE_MAX}]})
    from_office = not (is_citizen_account(acting_user) and request.applicant_id == acting_user.pk)
    request = _office(acting_user, SEND_MESSAGE, request) if from_office else _own(acting_user, request)
    if request.status == S.DRAFT:
        raise _wrong_state()
    message = RequestMessage.objects.create(request=request, author=acting_user, from_office=from_office, body=body,
                                            sent_at=timezone.now())  # fmt: skip
    audit.record(
        actor=acting_user, action=AuditLog.Action.CREATE, obj=message, changes={"from_office": [None, from_office]}
    )
    if from_office:
        messages.request_notice(user=request.applicant)
    return message


@transaction.atomic
def consent_give(*, acting_user: User, request: Request, purpose: str) -> RequestConsent:
    """The applicant consents to one purpose for this request (law 09-08); giving it twice keeps the first."""
    request = _own(acting_user, request)
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": [_("Choose what you agree to.")]})
    existing = request.consents.filter(purpose=purpose, withdrawn_at=None).first()
    if existing is not None:
        return existing
    consent = RequestConsent.objects.create(request=request, purpose=purpose, given_by=acting_user,
                                            given_at=timezone.now())  # fmt: skip
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=consent, changes={"purpose": [None, purpose]})
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user: User, request: Request, purpose: str) -> None:
    """The applicant withdraws a consent; what was done under it stays, nothing more is done."""
    request = _own(acting_user, request)
    for consent in request.consents.filter(purpose=purpose, withdrawn_at=None):
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=consent,
                     changes={"withdrawn_at": [None, str(consent.withdrawn_at)]})  # fmt: skip


# --- the social registry, with consent -------------------------------------------------------------------------


def _registry_member(request: Request) -> Any:
    from django.db.models import Q

    from jisr.registry.models import RegistryMember

    condition = Q(pk__in=[])
    if request.cin:
        condition |= Q(person__cin=request.cin)
    if request.civil_register_id:
        condition |= Q(person__civil_register_id=request.civil_register_id)
    matches = list(
        RegistryMember.objects.select_related("household", "person").filter(condition, person__anonymized_at=None)[:2]
    )
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def registry_prefill(*, acting_user: User, request: Request, consent: bool) -> bool:
    """Take the household and its members from the social registry, by the person's CIN or civil register
    number, instead of typing them again — only once the applicant has ticked the consent for this purpose
    (recorded as a consent `registry_prefill`). True when a household was found (its summary is kept in the
    request's answers under `household`), False otherwise."""
    request = _own(acting_user, request)
    if request.status not in EDITABLE:
        raise _wrong_state()
    if not consent:
        raise ValidationError(
            {"consent": [_("Tick the box to agree that your household's data is taken from the social registry.")]}
        )
    if not (request.cin or request.civil_register_id):
        raise ValidationError({"consent": [_("First save the CIN or the civil register number of the person.")]})
    if not request.consents.filter(purpose=ConsentPurpose.REGISTRY_PREFILL, withdrawn_at=None).exists():
        RequestConsent.objects.create(
            request=request, purpose=ConsentPurpose.REGISTRY_PREFILL, given_by=acting_user, given_at=timezone.now()
        )
    member = _registry_member(request)
    household: dict[str, Any] = {}
    if member is not None:
        home = member.household
        people = home.members.select_related("person").order_by("member_no")
        household = {
            "household_id": home.household_id,
            "size": home.size,
            "area": home.area,
            "commune": home.commune_id,
            "members": [
                {
                    "first_name": item.person.first_name_ar or item.person.first_name_latin,
                    "relation": item.relation_to_head,
                    "sex": item.person.sex,
                    "birth_year": item.person.birth_date.year if item.person.birth_date else None,
                    "disability": item.disability,
                }
                for item in people
            ],
        }
        person = member.person
        request.sex = request.sex or person.sex
        request.birth_date = request.birth_date or person.birth_date
    request.data["household"] = household
    request.updated_at = timezone.now()
    request.save(update_fields=["data", "sex", "birth_date", "updated_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=request,
                 changes={"registry_prefill": [None, household.get("household_id", "")]})  # fmt: skip
    return member is not None


@transaction.atomic
def request_document_open(*, acting_user: User, document: RequestDocument) -> bytes:
    """A document's bytes for the applicant or the office of the province; the read is audited (404 otherwise,
    and when the file is gone)."""
    request = document.request
    own = is_citizen_account(acting_user) and request.applicant_id == acting_user.pk
    if not own:
        scope.require(acting_user, VIEW, request)
    return document_read_audited(acting_user, document, document.stored_name, document.key, document.name)
