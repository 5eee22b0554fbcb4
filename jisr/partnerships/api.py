"""`/api/v1/partnerships`: conventions, projects, the ledger's entries (read, record, reverse, validate), the
figures per dimension, and the IATI 2.03 export, within the caller's scope.

Amounts are exact decimals in MAD, written as strings ("1250000.50") so that no client reads them as floats.
`/api/v1/partnerships/rehabilitation` belongs to the rehabilitation program (jisr.centers).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from ninja import Query, Router, Schema

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.api_schemas import Input, Invalid, Message
from jisr.partnerships import exporting, figures, reports, selectors, services
from jisr.partnerships.models import Convention, Project, Transaction

router = Router(tags=["partnerships"])
PAGE = 50


class PartyOut(Schema):
    organization_id: uuid.UUID
    name_fr: str
    name_ar: str
    roles: list[str]


class CoverageShareOut(Schema):
    level: str
    code: str
    share_percent: Decimal


class MoneyOut(Schema):
    committed: Decimal
    disbursed: Decimal
    spent: Decimal
    disbursement_rate: Decimal | None
    execution_rate: Decimal | None
    remaining: Decimal


class ConventionOut(Schema):
    id: uuid.UUID
    number: str
    title_ar: str
    title_fr: str
    title_en: str
    kind: str
    status: str
    signed_on: datetime.date | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    parties: list[PartyOut]
    territories: list[CoverageShareOut]
    pillars: list[str]
    money: MoneyOut


class ConventionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ConventionOut]


class ConventionQuery(Schema):
    q: str = ""
    status: str = ""
    kind: str = ""
    region: str = ""
    page: int = 1


class ProjectOut(Schema):
    id: uuid.UUID
    convention: str
    code: str
    title_ar: str
    title_fr: str
    centers: list[uuid.UUID]
    territories: list[CoverageShareOut]


class TransactionOut(Schema):
    id: int
    convention: str
    project: str | None
    type: str
    type_code: int
    party: uuid.UUID
    receiver: uuid.UUID | None
    amount: Decimal
    value_date: datetime.date
    category: str
    earmark: int | None
    status: str
    reverses: int | None
    reference: str
    external_ref: str | None
    description: str


class TransactionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[TransactionOut]


class TransactionQuery(Schema):
    convention: uuid.UUID | None = None
    type: int | None = None
    year: int | None = None
    status: str = ""
    page: int = 1


class TransactionIn(Input):
    convention: uuid.UUID
    type: int
    party: uuid.UUID  # the organization
    receiver: uuid.UUID | None = None
    project: str = ""  # the project's code
    amount: Decimal
    value_date: datetime.date
    category: str = ""
    earmark: int | None = None
    reference: str = ""
    description: str = ""
    external_ref: str | None = None


class TerritoryIn(Input):
    level: str  # nation, region or province
    code: str = ""  # the region's or the province's code (empty for the nation)
    share_percent: Decimal


class ConventionPatchIn(Input):
    number: str | None = None
    title_ar: str | None = None
    title_fr: str | None = None
    title_en: str | None = None
    kind: str | None = None
    signed_on: datetime.date | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    description: str | None = None


class StatusIn(Input):
    status: str
    signed_on: datetime.date | None = None


class ProjectIn(Input):
    code: str
    title_ar: str
    title_fr: str
    title_en: str = ""
    description: str = ""
    centers: list[str] = []  # the centers' codes
    territories: list[TerritoryIn] = []  # empty: split as the convention's


class ProjectPatchIn(Input):
    title_ar: str | None = None
    title_fr: str | None = None
    title_en: str | None = None
    description: str | None = None
    centers: list[str] | None = None
    territories: list[TerritoryIn] | None = None


class BudgetIn(Input):
    year: int
    amount: Decimal
    project: str = ""  # the project's code; empty for the whole convention


class BudgetOut(Schema):
    year: int
    amount: Decimal
    project: str | None


class RolesIn(Input):
    roles: list[str]  # funding, accountable, extending, implementing


class ReversalReasonIn(Input):
    reason: str


class ValidateIn(Input):
    approve: bool = True
    reason: str = ""


class FigureRow(MoneyOut):
    key: str
    label: str


class EarmarkFigureOut(Schema):
    target: str
    label: str
    earmarked: Decimal
    spent: Decimal
    remaining: Decimal
    rate: Decimal | None


class FiguresOut(Schema):
    by: str
    year: int | None
    rows: list[FigureRow]
    total: MoneyOut
    earmarks: list[EarmarkFigureOut]  # per target group or use, all years


class EarmarkOut(Schema):
    id: int
    convention: str
    commitment: int
    party: uuid.UUID
    target: str
    label: str
    earmarked: Decimal
    spent: Decimal
    remaining: Decimal
    rate: Decimal | None


def _territories(coverages: Any) -> list[dict[str, Any]]:
    return [{"level": row.level, "code": row.code, "share_percent": row.percent} for row in coverages]


def _convention(convention: Convention, money: figures.Money) -> dict[str, Any]:
    return {
        "id": convention.pk, "number": convention.number, "title_ar": convention.title_ar,
        "title_fr": convention.title_fr, "title_en": convention.title_en, "kind": convention.kind,
        "status": convention.status, "signed_on": convention.signed_on, "starts_on": convention.starts_on,
        "ends_on": convention.ends_on,
        "parties": [{"organization_id": party.organization_id, "name_fr": party.organization.name_fr,
                     "name_ar": party.organization.name_ar,
                     "roles": [name for name in services.ROLES if getattr(party, name)]}
                    for party in convention.parties.all()],
        "territories": _territories(convention.coverages.all()),
        "pillars": [pillar.code for pillar in convention.pillars.all()],
        "money": money.as_dict(),
    }  # fmt: skip


def _entry(entry: Transaction) -> dict[str, Any]:
    return {
        "id": entry.pk, "convention": entry.convention.number, "project": entry.project.code if entry.project else None,
        "type": Transaction.Kind(entry.kind).name.lower(), "type_code": entry.kind,
        "party": entry.party.organization_id, "receiver": entry.receiver.organization_id if entry.receiver else None,
        "amount": entry.amount, "value_date": entry.value_date, "category": entry.category,
        "earmark": entry.earmark_id, "status": entry.status, "reverses": entry.reverses_id,
        "reference": entry.reference, "external_ref": entry.external_ref, "description": entry.description,
    }  # fmt: skip


@router.get("/conventions", response=ConventionPage, summary="Conventions in the caller's scope, with their money")
def convention_list(request: AuthenticatedHttpRequest, query: Query[ConventionQuery]) -> dict[str, Any]:
    found = selectors.conventions(request.user, text=query.q, status=query.status, kind=query.kind,
                                  region=query.region).prefetch_related("parties__organization", "pillars",
                                                                        "coverages")  # fmt: skip
    page = Paginator(found, PAGE).get_page(query.page)
    money = figures.by("convention", only=[convention.pk for convention in page])
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "results": [_convention(c, money.get(c.pk, figures.Money())) for c in page]}  # fmt: skip


@router.get("/conventions/{convention_id}", response={200: ConventionOut, 404: Message},
            summary="One convention with its parties, territories and money")  # fmt: skip
def convention_detail(request: AuthenticatedHttpRequest, convention_id: uuid.UUID) -> dict[str, Any]:
    convention = selectors.convention_get(request.user, convention_id)
    return _convention(convention, figures.of_convention(convention.pk))


def _shares(rows: list[TerritoryIn]) -> list[services.TerritoryShare]:
    return [services.TerritoryShare(level=row.level, code=row.code, percent=row.share_percent) for row in rows]


def _project(project: Project) -> dict[str, Any]:
    return {"id": project.pk, "convention": project.convention.number, "code": project.code,
            "title_ar": project.title_ar, "title_fr": project.title_fr,
            "centers": [center.pk for center in project.centers.all()],
            "territories": _territories(project.coverages.all())}  # fmt: skip


@router.patch("/conventions/{convention_id}", response={200: ConventionOut, 404: Message, 422: Invalid},
              summary="Change a convention's number, titles, type, dates or description")  # fmt: skip
def convention_patch(request: AuthenticatedHttpRequest, convention_id: uuid.UUID,
                     payload: ConventionPatchIn) -> dict[str, Any]:  # fmt: skip
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    fields = payload.dict(exclude_unset=True)
    for name in ("number", "title_ar", "title_fr", "title_en", "kind", "description"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    services.convention_update(acting_user=request.user, convention=convention, **fields)
    convention = selectors.convention_get(request.user, convention_id)
    return _convention(convention, figures.of_convention(convention.pk))


@router.post("/conventions/{convention_id}/status", response={200: ConventionOut, 404: Message, 422: Invalid},
             summary="Move a convention along its workflow (draft, signed, in force, closed, terminated)")  # fmt: skip
def convention_status(request: AuthenticatedHttpRequest, convention_id: uuid.UUID, payload: StatusIn) -> dict[str, Any]:
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    services.convention_set_status(acting_user=request.user, convention=convention, status=payload.status,
                                   signed_on=payload.signed_on)  # fmt: skip
    convention = selectors.convention_get(request.user, convention_id)
    return _convention(convention, figures.of_convention(convention.pk))


@router.put("/conventions/{convention_id}/parties/{organization_id}",
            response={200: PartyOut, 404: Message, 422: Invalid},
            summary="Add an organization as a party, or change its roles")  # fmt: skip
def party_put(request: AuthenticatedHttpRequest, convention_id: uuid.UUID, organization_id: uuid.UUID,
              payload: RolesIn) -> dict[str, Any]:  # fmt: skip
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    organization = selectors.organization_or_404(organization_id)
    party = services.party_set(acting_user=request.user, convention=convention, organization=organization,
                               roles=payload.roles)  # fmt: skip
    return {"organization_id": organization.pk, "name_fr": organization.name_fr, "name_ar": organization.name_ar,
            "roles": [name for name in services.ROLES if getattr(party, name)]}  # fmt: skip


@router.put("/conventions/{convention_id}/budgets", response={200: BudgetOut, 404: Message, 422: Invalid},
            summary="The planned amount of a year, for the convention or one of its projects")  # fmt: skip
def budget_put(request: AuthenticatedHttpRequest, convention_id: uuid.UUID, payload: BudgetIn) -> dict[str, Any]:
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    project = selectors.project_by_code_or_404(convention, payload.project) if payload.project else None
    budget = services.budget_set(acting_user=request.user, convention=convention, year=payload.year,
                                 amount=payload.amount, project=project)  # fmt: skip
    return {"year": budget.year, "amount": budget.amount, "project": project.code if project else None}


@router.post("/conventions/{convention_id}/projects", response={201: ProjectOut, 404: Message, 422: Invalid},
             summary="A project under the convention, with its territories (shares sum to 100)")  # fmt: skip
def project_create(request: AuthenticatedHttpRequest, convention_id: uuid.UUID,
                   payload: ProjectIn) -> tuple[int, dict[str, Any]]:  # fmt: skip
    convention = selectors.convention_get(request.user, convention_id, selectors.CHANGE)
    project = services.project_create(
        acting_user=request.user, convention=convention, code=payload.code, title_ar=payload.title_ar,
        title_fr=payload.title_fr, title_en=payload.title_en, description=payload.description,
        centers=services.centers_of_codes(payload.centers), territories=_shares(payload.territories))  # fmt: skip
    return 201, _project(selectors.project_get(request.user, project.pk))


@router.patch("/projects/{project_id}", response={200: ProjectOut, 404: Message, 422: Invalid},
              summary="Change a project's titles, description, centers or territories")  # fmt: skip
def project_patch(request: AuthenticatedHttpRequest, project_id: uuid.UUID, payload: ProjectPatchIn) -> dict[str, Any]:
    project = selectors.project_get(request.user, project_id, selectors.CHANGE)
    project_update_args: dict[str, Any] = {
        "title_ar": project.title_ar if payload.title_ar is None else payload.title_ar,
        "title_fr": project.title_fr if payload.title_fr is None else payload.title_fr,
        "title_en": project.title_en if payload.title_en is None else payload.title_en,
        "description": project.description if payload.description is None else payload.description,
        "centers": None if payload.centers is None else services.centers_of_codes(payload.centers),
        "territories": None if payload.territories is None else _shares(payload.territories),
    }  # fmt: skip
    services.project_update(acting_user=request.user, project=project, **project_update_args)
    return _project(selectors.project_get(request.user, project_id))


@router.get("/projects", response=list[ProjectOut], summary="Projects of the conventions in the caller's scope")
def project_list(request: AuthenticatedHttpRequest, convention: uuid.UUID | None = None) -> list[dict[str, Any]]:
    found: list[Project] = list(selectors.projects(request.user, convention_id=convention)[:1000])
    return [_project(project) for project in found]


@router.get("/transactions", response=TransactionPage, summary="Commitments, disbursements and expenditures")
def transaction_list(request: AuthenticatedHttpRequest, query: Query[TransactionQuery]) -> dict[str, Any]:
    found = selectors.transactions(request.user, convention_id=query.convention, kind=query.type, year=query.year,
                                   status=query.status)  # fmt: skip
    page = Paginator(found, PAGE).get_page(query.page)
    return {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            "results": [_entry(entry) for entry in page]}  # fmt: skip


@router.post("/transactions", response={201: TransactionOut, 404: Message, 422: Invalid},
             summary="Record a commitment, a disbursement or an expenditure")  # fmt: skip
def transaction_create(request: AuthenticatedHttpRequest, payload: TransactionIn) -> tuple[int, dict[str, Any]]:
    convention = selectors.convention_get(request.user, payload.convention, selectors.RECORD)
    entry = services.transaction_record(
        acting_user=request.user, convention=convention, kind=payload.type,
        party=selectors.party_or_404(convention, payload.party),
        receiver=selectors.party_or_404(convention, payload.receiver) if payload.receiver else None,
        project=selectors.project_by_code_or_404(convention, payload.project) if payload.project else None,
        amount=payload.amount, value_date=payload.value_date, category=payload.category,
        earmark=selectors.earmark_or_404(convention, payload.earmark) if payload.earmark else None,
        reference=payload.reference, description=payload.description, external_ref=payload.external_ref,
    )  # fmt: skip
    return 201, _entry(selectors.transaction_get(request.user, entry.pk))


@router.post("/transactions/{entry_id}/reverse", response={201: TransactionOut, 404: Message, 422: Invalid},
             summary="Reverse an entry (a correction is never an edit)")  # fmt: skip
def transaction_reverse(request: AuthenticatedHttpRequest, entry_id: int, payload: ReversalReasonIn) -> tuple[int, Any]:
    entry = selectors.transaction_get(request.user, entry_id, selectors.RECORD)
    reversal = services.transaction_reverse(acting_user=request.user, entry=entry, reason=payload.reason)
    return 201, _entry(selectors.transaction_get(request.user, reversal.pk))


@router.post("/transactions/{entry_id}/validate", response={200: TransactionOut, 404: Message, 422: Invalid},
             summary="The second person's validation of an entry above the four-eyes amount")  # fmt: skip
def transaction_validate(request: AuthenticatedHttpRequest, entry_id: int, payload: ValidateIn) -> dict[str, Any]:
    entry = selectors.transaction_get(request.user, entry_id, selectors.VALIDATE)
    services.transaction_validate(acting_user=request.user, entry=entry, approve=payload.approve,
                                  reason=payload.reason)  # fmt: skip
    return _entry(selectors.transaction_get(request.user, entry_id))


@router.get("/figures", response=FiguresOut, summary="Committed, disbursed and spent per dimension and year")
def figure_list(request: AuthenticatedHttpRequest, by: str = "region", year: int | None = None,
                region: str | None = None) -> dict[str, Any]:  # fmt: skip
    result = reports.breakdown(request.user, by, year, region)
    earmarks = [
        {**row.as_dict(), "target": row.key, "label": row.label} for row in reports.earmark_figures(request.user)
    ]
    return {"by": result.dimension, "year": year, "total": result.total.as_dict(), "earmarks": earmarks,
            "rows": [{**row.as_dict(), "key": str(row.key)} for row in result.rows]}  # fmt: skip


@router.get("/earmarks", response=list[EarmarkOut],
            summary="Earmarks with what was spent against each and what remains")  # fmt: skip
def earmark_list(request: AuthenticatedHttpRequest, convention: uuid.UUID | None = None) -> list[dict[str, Any]]:
    return [{**money.as_dict(), "id": earmark.pk, "convention": earmark.commitment.convention.number,
             "commitment": earmark.commitment_id, "party": earmark.commitment.party.organization_id,
             "target": earmark.target, "label": earmark.label}
            for earmark, money in reports.earmark_list(request.user, convention)]  # fmt: skip


@router.get("/iati.xml", summary="The conventions, projects, budgets and transactions as IATI 2.03 XML",
            response={200: None, 404: Message})  # fmt: skip
def iati_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    content = exporting.iati_xml(acting_user=request.user)
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="iati-activities.xml"'
    return response
