"""`/api/v1/training`: modules, programs, sessions, enrolments, attendance, results, certificates."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases.selectors import case_get
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.training import selectors, services

router = Router(tags=["training"])


class ModuleOut(Schema):
    id: uuid.UUID
    code: str
    title_ar: str
    title_fr: str
    title_en: str
    hours: int
    competencies: list[str]
    assessment_method: str
    passing_score: int
    minimum_attendance: int
    certifying_body: str
    is_active: bool


class ModuleIn(Input):
    code: str
    title_ar: str
    title_fr: str
    title_en: str
    hours: int
    competencies: list[str]
    assessment_method: str
    certifying_body: str
    passing_score: int = 50
    minimum_attendance: int = 80
    is_active: bool = True


class TrainingProgramOut(Schema):
    id: uuid.UUID
    center_id: uuid.UUID
    kind: str
    title: str  # in the request's language
    title_ar: str
    title_fr: str
    title_en: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    enrolled: int = 0
    module_ids: list[uuid.UUID]

    @staticmethod
    def resolve_module_ids(program: Any) -> list[uuid.UUID]:
        return [module.pk for module in program.modules.all()]


class TrainingProgramIn(Input):
    center_id: uuid.UUID
    title_ar: str
    title_fr: str
    title_en: str = ""
    kind: str = "certified_training"
    module_ids: list[uuid.UUID]
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int = Field(gt=0)
    description: str = ""


class SessionIn(Input):
    module_id: uuid.UUID
    held_on: datetime.date
    hours: Decimal = Field(gt=0, le=12)
    trainer: str


class SessionOut(Schema):
    id: uuid.UUID
    module_id: uuid.UUID
    held_on: datetime.date
    hours: Decimal
    trainer: str


class EnrollmentIn(Input):
    case_id: uuid.UUID


class EnrollmentOut(Schema):
    id: uuid.UUID
    program_id: uuid.UUID
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    status: str


class AttendanceIn(Input):
    present: list[uuid.UUID]


class ResultIn(Input):
    module_id: uuid.UUID
    score: int = Field(ge=0, le=100)


class ResultOut(Schema):
    id: uuid.UUID
    module_id: uuid.UUID
    score: int
    attendance_rate: int
    passed: bool


class CertificateOut(Schema):
    id: uuid.UUID
    verification_code: str
    issued_at: datetime.datetime
    revoked: bool
    pdf_url: str

    @staticmethod
    def resolve_revoked(certificate: Any) -> bool:
        return certificate.revoked_at is not None

    @staticmethod
    def resolve_pdf_url(certificate: Any) -> str:
        return reverse("training:certificate_pdf", args=[certificate.pk])


class VerificationOut(Schema):
    valid: bool
    module: str
    hours: int
    certifying_body: str
    issued_on: datetime.date


@router.get("/modules", response=list[ModuleOut])
def module_list(request: AuthenticatedHttpRequest) -> Any:
    return list(selectors.module_catalog(request.user))


@router.post("/modules", response={201: ModuleOut, 404: Message, 422: Invalid})
def module_create(request: AuthenticatedHttpRequest, payload: ModuleIn) -> Any:
    """National catalogue (training.add_trainingmodule)."""
    return Status(201, services.module_save(acting_user=request.user, **payload.dict()))


@router.get("/programs", response=list[TrainingProgramOut])
def program_list(request: AuthenticatedHttpRequest) -> Any:
    return selectors.programs_with_modules(request.user)


@router.post("/programs", response={201: TrainingProgramOut, 404: Message, 422: Invalid})
def program_create(request: AuthenticatedHttpRequest, payload: TrainingProgramIn) -> Any:
    center = selectors.program_center_get(request.user, payload.center_id)
    data = payload.dict(exclude={"center_id", "module_ids"})
    modules = selectors.modules_by_ids(payload.module_ids)
    program = services.program_create(acting_user=request.user, center=center, modules=modules, **data)
    return Status(201, selectors.program_get(request.user, program.pk))


@router.get("/programs/{program_id}", response={200: TrainingProgramOut, 404: Message})
def program_detail(request: AuthenticatedHttpRequest, program_id: uuid.UUID) -> Any:
    return selectors.program_get(request.user, program_id)


@router.post("/programs/{program_id}/sessions", response={201: SessionOut, 404: Message, 422: Invalid})
def session_create(request: AuthenticatedHttpRequest, program_id: uuid.UUID, payload: SessionIn) -> Any:
    program = selectors.program_get(request.user, program_id)
    module = selectors.module_by_id(payload.module_id)
    session = services.session_add(acting_user=request.user, program=program, module=module,
                                   held_on=payload.held_on, hours=payload.hours, trainer=payload.trainer)  # fmt: skip
    return Status(201, session)


@router.get("/programs/{program_id}/enrollments", response={200: list[EnrollmentOut], 404: Message})
def enrollment_list(request: AuthenticatedHttpRequest, program_id: uuid.UUID) -> Any:
    return selectors.program_enrollments(selectors.program_get(request.user, program_id))


@router.post("/programs/{program_id}/enrollments", response={201: EnrollmentOut, 404: Message, 422: Invalid})
def enrollment_create(request: AuthenticatedHttpRequest, program_id: uuid.UUID, payload: EnrollmentIn) -> Any:
    """Enrol a case's person (cases.change_case on the case; the program within the caller's scope)."""
    program = selectors.program_get(request.user, program_id)
    case = case_get(request.user, payload.case_id)
    return Status(201, services.enroll(acting_user=request.user, program=program, case=case))


@router.post("/sessions/{session_id}/attendance", response={200: Message, 404: Message, 422: Invalid})
def attendance_post(request: AuthenticatedHttpRequest, session_id: uuid.UUID, payload: AttendanceIn) -> Any:
    """`present`: the enrolment ids present; every other ongoing enrolment is recorded absent."""
    session = selectors.session_get(request.user, session_id, "training.record_attendance")
    count = services.attendance_record(acting_user=request.user, session=session, present=payload.present)
    return {"detail": str(count)}


@router.post("/enrollments/{enrollment_id}/results", response={201: ResultOut, 404: Message, 422: Invalid})
def result_create(request: AuthenticatedHttpRequest, enrollment_id: uuid.UUID, payload: ResultIn) -> Any:
    enrollment = selectors.enrollment_get(request.user, enrollment_id, "training.record_attendance")
    module = selectors.module_by_id(payload.module_id)
    return Status(201, services.result_record(acting_user=request.user, enrollment=enrollment, module=module,
                                              score=payload.score))  # fmt: skip


@router.post("/enrollments/{enrollment_id}/results/{module_id}/certificate",
             response={201: CertificateOut, 404: Message, 422: Invalid})  # fmt: skip
def certificate_create(request: AuthenticatedHttpRequest, enrollment_id: uuid.UUID, module_id: uuid.UUID) -> Any:
    result = selectors.result_get(request.user, enrollment_id, module_id, "training.issue_certificate")
    return Status(201, services.certificate_issue(acting_user=request.user, result=result))


@router.get("/certificates/verify/{code}", response={200: VerificationOut, 404: Message}, auth=None)
def certificate_verify(request: AuthenticatedHttpRequest, code: str) -> Any:
    """Public: is the certificate with this code genuine? Only what it certifies, never who holds it."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    module = certificate.result.module
    return {"valid": certificate.revoked_at is None, "module": module.title, "hours": module.hours,
            "certifying_body": module.certifying_body, "issued_on": certificate.issued_at.date()}  # fmt: skip
