"""`/api/v1/partnerships/rehabilitation`: the centers of the rehabilitation programme the caller may see
(list with filters region, phase, late) and one center's works (phases, photos, services once open)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers.works import selectors, services
from jisr.centers.works.models import CenterWorks
from jisr.core.api_schemas import Input, Invalid, Message

router = Router(tags=["partnerships"])
PAGE_SIZE = 50


class WorksQuery(Schema):
    region: str = ""
    phase: str = ""
    late: bool = False
    page: int = 1


class WorksOut(Schema):
    id: uuid.UUID
    center_id: uuid.UUID
    center_code: str
    center_name: str
    region_code: str
    province_code: str
    phase: str
    progress_percent: int
    budget_mad: Decimal
    contractor: str
    late_phases: list[str]


class WorksPage(Schema):
    count: int
    page: int
    pages: int
    results: list[WorksOut]


class PhaseOut(Schema):
    phase: str
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    late: bool


class PhotoOut(Schema):
    id: uuid.UUID
    phase: str
    caption: str
    content_type: str
    width: int
    height: int
    added_at: datetime.datetime
    url: str


class WorksDetailOut(WorksOut):
    phases: list[PhaseOut]
    photos: list[PhotoOut]
    future_services: list[str]


def _out(works: CenterWorks, late: list[str]) -> dict[str, Any]:
    center = works.center
    return {
        "id": works.pk, "center_id": center.pk, "center_code": center.code, "center_name": center.name,
        "region_code": center.region_code, "province_code": center.province_id, "phase": works.phase,
        "progress_percent": works.progress_percent, "budget_mad": works.budget_mad, "contractor": works.contractor,
        "late_phases": late,
    }  # fmt: skip


@router.get("", response=WorksPage, summary="The centers of the rehabilitation programme in the caller's scope")
def works_list(request: AuthenticatedHttpRequest, query: Query[WorksQuery]) -> dict[str, Any]:
    selectors.require_programme(request.user)
    filters = selectors.ProgramFilters(region=query.region, phase=query.phase, late_only=query.late)
    found = selectors.works_with_phases(request.user, filters)
    page = Paginator(found, PAGE_SIZE).get_page(query.page)
    results = [_out(works, [row.phase for row in selectors.late_phases(works)]) for works in page]
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "results": results}  # fmt: skip


class EnrolIn(Input):
    center_id: uuid.UUID
    budget_mad: Decimal
    contractor: str = ""
    identified_on: datetime.date | None = None


class UpdateIn(Input):
    contractor: str | None = None
    progress_percent: int | None = None
    budget_mad: Decimal | None = None
    notes: str | None = None


class AdvanceIn(Input):
    on_date: datetime.date | None = None


class StepBackIn(Input):
    reason: str
    confirm: bool = False


class ServicesIn(Input):
    services: list[str]


def _detail(request: AuthenticatedHttpRequest, works_id: uuid.UUID) -> dict[str, Any]:
    return works_detail(request, works_id)


@router.post("", response={201: WorksDetailOut, 404: Message, 422: Invalid},
             summary="Enrol a center in the rehabilitation programme (at the phase identified)")  # fmt: skip
def works_enrol(request: AuthenticatedHttpRequest, payload: EnrolIn) -> tuple[int, dict[str, Any]]:
    center = selectors.enrollable_center_or_404(request.user, payload.center_id)
    works = services.works_enrol(acting_user=request.user, center=center, budget_mad=payload.budget_mad,
                                 contractor=payload.contractor, identified_on=payload.identified_on)  # fmt: skip
    return 201, _detail(request, works.pk)


@router.patch("/{works_id}", response={200: WorksDetailOut, 404: Message, 422: Invalid},
              summary="Change a center's works: contractor, progress, budget, notes")  # fmt: skip
def works_update(request: AuthenticatedHttpRequest, works_id: uuid.UUID, payload: UpdateIn) -> dict[str, Any]:
    works = selectors.works_get_for_change(request.user, works_id)
    services.works_update(acting_user=request.user, works=works, **payload.dict(exclude_none=True))
    return _detail(request, works_id)


@router.post("/{works_id}/advance", response={200: WorksDetailOut, 404: Message, 422: Invalid},
             summary="Move a center to the next phase (on a date, today by default)")  # fmt: skip
def works_advance(request: AuthenticatedHttpRequest, works_id: uuid.UUID, payload: AdvanceIn) -> dict[str, Any]:
    works = selectors.works_get_for_change(request.user, works_id)
    services.works_advance(acting_user=request.user, works=works, on_date=payload.on_date)
    return _detail(request, works_id)


@router.post("/{works_id}/step-back", response={200: WorksDetailOut, 404: Message, 422: Invalid},
             summary="Undo the last phase move (a reason and confirm=true are needed)")  # fmt: skip
def works_step_back(request: AuthenticatedHttpRequest, works_id: uuid.UUID, payload: StepBackIn) -> dict[str, Any]:
    works = selectors.works_get_for_change(request.user, works_id)
    services.works_step_back(acting_user=request.user, works=works, reason=payload.reason, confirm=payload.confirm)
    return _detail(request, works_id)


@router.put("/{works_id}/future-services", response={200: WorksDetailOut, 404: Message, 422: Invalid},
            summary="Set the services the center will offer once open (service codes)")  # fmt: skip
def works_future_services(
    request: AuthenticatedHttpRequest, works_id: uuid.UUID, payload: ServicesIn
) -> dict[str, Any]:
    works = selectors.works_get_for_change(request.user, works_id)
    found = selectors.service_types_by_codes(payload.services)
    unknown = sorted(set(payload.services) - {service.code for service in found})
    if unknown:
        raise ValidationError({"services": _("Unknown service: %(codes)s.") % {"codes": ", ".join(unknown)}})
    services.works_set_future_services(acting_user=request.user, works=works, service_types=found)
    return _detail(request, works_id)


@router.get("/{works_id}", response=WorksDetailOut, summary="One center's works: phases, photos, services once open")
def works_detail(request: AuthenticatedHttpRequest, works_id: uuid.UUID) -> dict[str, Any]:
    works = selectors.works_get(request.user, works_id)
    late = [row.phase for row in selectors.late_phases(works)]
    phases = [{"phase": row.phase, "planned_start": row.planned_start, "planned_end": row.planned_end,
               "actual_start": row.actual_start, "actual_end": row.actual_end, "late": row.phase in late}
              for row in selectors.phase_rows(works)]  # fmt: skip
    photos = [{"id": photo.pk, "phase": photo.phase, "caption": photo.caption, "content_type": photo.content_type,
               "width": photo.width, "height": photo.height, "added_at": photo.added_at,
               "url": reverse("rehabilitation:photo", args=[photo.pk])} for photo in works.photos.all()]  # fmt: skip
    return {**_out(works, late), "phases": phases, "photos": photos,
            "future_services": [service.code for service in works.future_services.all()]}  # fmt: skip
