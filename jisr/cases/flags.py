"""Flags on a case (a safety risk, a protection concern…): set and cleared by the staff of the case's
center, each time with a reason; audited in the same transaction; a cleared flag stays as history.

Both need `cases.change_case` over the case (its social workers and manager); anyone else gets 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseFlag
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.core.scope import require

REASON_MAX = 500


def _reason(reason: str, field: str, message: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError({field: [message]})
    return text[:REASON_MAX]


@transaction.atomic
def case_flag_set(*, acting_user: User, case: Case, kind: str, reason: str) -> CaseFlag:
    """Set a flag of `kind` on the case with the reason; refused when one of that kind is already set."""
    require(acting_user, "cases.change_case", case)
    if kind not in CaseFlag.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the listed flags.")]})
    text = _reason(reason, "reason", _("Say why the case is flagged."))
    flag = CaseFlag(case=case, kind=kind, reason=text, set_by=acting_user, set_at=timezone.now())
    try:
        with transaction.atomic():  # a concurrent setter loses on the constraint, not with a 500
            flag.save()
    except IntegrityError as error:
        raise ValidationError({"kind": [_("This flag is already set on the case.")]}) from error
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=flag, object_repr=case.reference,
                 changes={"case": str(case.pk), "flag": [None, kind], "reason": text})  # fmt: skip
    return flag


@transaction.atomic
def case_flag_clear(*, acting_user: User, case: Case, kind: str, reason: str) -> CaseFlag:
    """Clear the case's active flag of `kind`, with the reason; it stays in the case's history."""
    require(acting_user, "cases.change_case", case)
    text = _reason(reason, "reason", _("Say why the flag is cleared."))
    flag = CaseFlag.objects.select_for_update().filter(case=case, kind=kind, cleared_at=None).first()
    if flag is None:
        raise ValidationError({"kind": [_("This flag is not set on the case.")]})
    flag.cleared_by, flag.cleared_at, flag.clear_reason = acting_user, timezone.now(), text
    flag.save(update_fields=["cleared_by", "cleared_at", "clear_reason"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=flag, object_repr=case.reference,
                 changes={"case": str(case.pk), "flag": [kind, None], "reason": text})  # fmt: skip
    return flag
