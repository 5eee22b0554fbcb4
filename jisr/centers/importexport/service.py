"""The writes of an import: upload (kept for the preview), then apply the whole file or nothing.

The file is read and every row validated before any transaction is opened (the guarded reader bounds
that work: `reading.center_limits()`); the writes then take one short transaction — at most 10,000
validated rows in a few bulk statements — so SQLite's write lock is never held while a file is parsed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.centers.importexport.columns import PLAIN_FIELD_COLUMNS
from jisr.centers.importexport.reading import read_table
from jisr.centers.importexport.rows import IMPORT_PERMISSION, ImportPlan, ValidRow, plan_import
from jisr.centers.models import Center, CenterImport, CenterService
from jisr.core import audit, scope
from jisr.core.models import AuditLog

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User

# Always written on update: the relations a row names and the territory derived from its commune.
ALWAYS_UPDATED = ["code", "organization", "commune", "province", "region_code", "updated_at"]


def center_import_upload(*, acting_user: User, file_name: str, content: bytes) -> CenterImport:
    """Keep an uploaded file for its dry-run preview; a file that cannot be read is refused at once,
    before any transaction (only a file within the limits is ever stored, so a preview stays bounded)."""
    scope.require(acting_user, IMPORT_PERMISSION)
    read_table(file_name, content)
    center_import = CenterImport(created_by=acting_user, file_name=file_name[:255], content=content)
    center_import.full_clean(exclude=["created_by"])
    with transaction.atomic():
        center_import.save()
    return center_import


def center_import_preview(*, acting_user: User, center_import: CenterImport) -> ImportPlan:
    """What applying the file would do now, with every row error in the reader's language."""
    table = read_table(center_import.file_name, bytes(center_import.content))
    return plan_import(user=acting_user, table=table)


def _write_services(rows: list[ValidRow]) -> None:
    rows = [row for row in rows if row.service_types is not None]
    if not rows:
        return
    wanted = {(row.center.pk, service_type.pk) for row in rows for service_type in row.service_types or []}
    stored = CenterService.objects.filter(center_id__in=[row.center.pk for row in rows])
    stored_pairs = {
        (center_id, type_id): pk for pk, center_id, type_id in stored.values_list("pk", "center", "service_type")
    }
    CenterService.objects.filter(pk__in=[pk for pair, pk in stored_pairs.items() if pair not in wanted]).delete()
    CenterService.objects.bulk_create(
        [
            CenterService(center_id=center_id, service_type_id=type_id)
            for center_id, type_id in sorted(wanted - set(stored_pairs), key=str)
        ]
    )


def _refuse_if_applied(center_import: CenterImport) -> None:
    if center_import.status != CenterImport.Status.PREVIEW:
        raise ValidationError(_("This file has already been imported."))
    if center_import.content_deleted_at:
        raise ValidationError(_("This file was deleted after the retention period: upload it again."))


def center_import_apply(*, acting_user: User, center_import: CenterImport) -> ImportPlan:
    """Write every row of the file, or nothing at all when any row is invalid (rows are re-checked now).

    The file is read and validated outside any transaction; the writes then take one short one."""
    scope.require(acting_user, IMPORT_PERMISSION)
    stored = CenterImport.objects.get(pk=center_import.pk, created_by=acting_user)
    _refuse_if_applied(stored)
    plan = center_import_preview(acting_user=acting_user, center_import=stored)
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was imported. Correct them and upload it again."))
    with transaction.atomic():
        # Lock the run so that a double click cannot import the same file twice.
        locked = CenterImport.objects.select_for_update().get(pk=center_import.pk, created_by=acting_user)
        _refuse_if_applied(locked)
        _write_plan(acting_user, locked, plan)
    center_import.status = locked.status
    return plan


def _keep_works_summary(plan: ImportPlan) -> None:
    """A center in the rehabilitation programme keeps the status and budget its works record gives it
    (docs/decisions.md 63): a file's columns do not override them."""
    from jisr.centers.works.models import CenterWorks

    in_programme = set(
        CenterWorks.objects.filter(center_id__in=[row.center.pk for row in plan.updated]).values_list(
            "center_id", flat=True
        )
    )
    for row in plan.updated:
        if row.center.pk in in_programme:
            if "rehabilitation_status" in row.before:
                row.center.rehabilitation_status = row.before["rehabilitation_status"]
            if "rehabilitation_budget_mad" in row.before:
                budget = row.before["rehabilitation_budget_mad"]
                row.center.rehabilitation_budget_mad = None if budget is None else Decimal(str(budget))


def _write_plan(acting_user: User, locked: CenterImport, plan: ImportPlan) -> None:
    """The writes of a validated plan, with their audit entry (inside the caller's transaction)."""
    now = timezone.now()
    Center.objects.bulk_create([row.center for row in plan.created], batch_size=500)
    for row in plan.updated:
        row.center.updated_at = now
    _keep_works_summary(plan)
    update_fields = ALWAYS_UPDATED + [column for column in PLAIN_FIELD_COLUMNS if column in plan.columns]
    Center.objects.bulk_update([row.center for row in plan.updated], update_fields, batch_size=500)
    _write_services(plan.rows)
    updated_diffs = {row.center.code: audit.diff(row.before, audit.snapshot(row.center)) for row in plan.updated}
    audit.record(
        actor=acting_user,
        action="import",
        obj=locked,
        changes={
            "file": locked.file_name,
            "created": [row.center.code for row in plan.created],
            # updated_at always moves: only the fields the file changed are worth keeping.
            "updated": {
                code: {name: values for name, values in changes.items() if name != "updated_at"}
                for code, changes in updated_diffs.items()
                if set(changes) - {"updated_at"}
            },
        },
    )
    locked.status = CenterImport.Status.APPLIED
    locked.applied_at = now
    locked.created_count = len(plan.created)
    locked.updated_count = len(plan.updated)
    locked.save(update_fields=["status", "applied_at", "created_count", "updated_count"])


def center_imports_purge_files(*, cutoff: datetime.datetime, now: datetime.datetime, days: int,
                               acting_user: User | None) -> int:  # fmt: skip
    """Delete the stored bytes of the files uploaded before `cutoff`, imported or not; keep the records
    and their counts, marked `content_deleted_at`. Audited; idempotent. Returns how many were expired."""
    with transaction.atomic():
        expired = list(CenterImport.objects.select_for_update().filter(created_at__lt=cutoff, content_deleted_at=None)
                       .only("pk", "file_name"))  # fmt: skip
        CenterImport.objects.filter(pk__in=[row.pk for row in expired]).update(content=b"", content_deleted_at=now)
        for center_import in expired:
            audit.record(actor=acting_user, action=AuditLog.Action.DELETE, obj=center_import,
                         changes={"files": "uploaded file", "retention_days": days})  # fmt: skip
    return len(expired)
