"""`/api/v1/partnerships/rehabilitation`: the centers of the rehabilitation programme the caller may see
(list with filters region, phase, late) and one center's works (phases, photos, services once open)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers.works import selectors
from jisr.centers.works.models import CenterWorks

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
