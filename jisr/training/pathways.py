"""Writes of the other integration pathways of a case: the professional project written in the
workshops, social incubation of an income-generating activity, and health and social mediation.

They belong to the case, so they follow its scope (cases.change_case at its center) and its life
(nothing is written on a closed case).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.cases.models import Case
from jisr.centers.models import Organization
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.training.models import Incubation, Mediation, ProfessionalProject

if TYPE_CHECKING:
    from jisr.accounts.models import User


def _writable(user: User, case: Case) -> None:
    """Http404 unless the user may change the case; a closed case takes no new pathway record."""
    scope.require(user, "cases.change_case", case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed: reopen it first."))


def _saved(user: User, obj: Model, case: Case, created: bool, changes: dict[str, Any]) -> None:
    audit.record(actor=user, action=AuditLog.Action.CREATE if created else AuditLog.Action.UPDATE, obj=obj,
                 object_repr=case.reference, changes=changes)  # fmt: skip


@transaction.atomic
def professional_project_save(
    *, acting_user: User, case: Case, title: str, sector: str, text: str, validated: bool = False,
    project: ProfessionalProject | None = None,
) -> ProfessionalProject:  # fmt: skip
    """Write or revise the person's professional project; `validated` marks the finished project."""
    _writable(acting_user, case)
    if project is not None and project.case_id != case.pk:
        raise Http404
    created = project is None
    project = project or ProfessionalProject(case=case, written_by=acting_user)
    project.title, project.sector, project.text = title.strip(), sector.strip(), text.strip()
    project.status = ProfessionalProject.Status.VALIDATED if validated else ProfessionalProject.Status.DRAFT
    project.full_clean()
    project.save()
    _saved(acting_user, project, case, created, {"title": project.title, "status": project.status})
    return project


@transaction.atomic
def incubation_save(
    *, acting_user: User, case: Case, activity: str, stage: str, business_plan: str = "", support: str = "",
    funder: str = "", funding_amount: Decimal | None = None, incubation: Incubation | None = None,
) -> Incubation:  # fmt: skip
    """Record or update the incubation of an activity; a funded activity names its funder and amount."""
    _writable(acting_user, case)
    if incubation is not None and incubation.case_id != case.pk:
        raise Http404
    errors: dict[str, list[str]] = {}
    if stage in (Incubation.Stage.FUNDED, Incubation.Stage.LAUNCHED) and (not funder.strip() or not funding_amount):
        errors["funding_amount"] = [_("A funded activity names its funder and the amount obtained.")]
    if stage != Incubation.Stage.IDEA and not business_plan.strip():
        errors["business_plan"] = [_("Write the business plan before this stage.")]
    if errors:
        raise ValidationError(errors)
    created = incubation is None
    incubation = incubation or Incubation(case=case, recorded_by=acting_user)
    incubation.activity, incubation.stage = activity.strip(), stage
    incubation.business_plan, incubation.support = business_plan.strip(), support.strip()
    incubation.funder, incubation.funding_amount = funder.strip(), funding_amount
    incubation.full_clean()
    incubation.save()
    changes = {"activity": incubation.activity, "stage": stage, "funding": str(funding_amount or "")}
    _saved(acting_user, incubation, case, created, changes)
    return incubation


@transaction.atomic
def mediation_start(
    *, acting_user: User, case: Case, kind: str, purpose: str, organization: Organization | None = None,
    started_on: datetime.date | None = None,
) -> Mediation:  # fmt: skip
    _writable(acting_user, case)
    mediation = Mediation(case=case, kind=kind, purpose=purpose.strip(), organization=organization,
                          started_on=started_on or timezone.localdate(), recorded_by=acting_user)  # fmt: skip
    mediation.full_clean()
    mediation.save()
    _saved(acting_user, mediation, case, True, {"kind": kind, "purpose": mediation.purpose})
    return mediation


@transaction.atomic
def mediation_close(*, acting_user: User, mediation: Mediation, result: str) -> Mediation:
    _writable(acting_user, mediation.case)
    if not result.strip():
        raise ValidationError({"result": [_("Say what came of the mediation.")]})
    closed = Mediation.objects.filter(pk=mediation.pk, status=Mediation.Status.OPEN).update(
        status=Mediation.Status.DONE, result=result.strip()
    )
    if not closed:
        raise ValidationError(_("This mediation is already closed."))
    mediation.refresh_from_db()
    _saved(acting_user, mediation, mediation.case, False, {"status": "done", "result": mediation.result})
    return mediation
