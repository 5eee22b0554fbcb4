"""What the registry tells people (`jisr.notifications`): an import they started finished, or failed (a file it
could not read, a database that went away, a worker that stopped). A cancelled import tells nobody: it was
cancelled by someone who knows. Imports started from the command line have no owner and tell nobody."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import User
from jisr.core import scope
from jisr.notifications.kinds import NotificationKind, page, register_kinds
from jisr.notifications.services import notify
from jisr.registry.models import ImportJob
from jisr.registry.selectors import IMPORT

IMPORT_FINISHED = "registry.import_finished"
IMPORT_FAILED = "registry.import_failed"


def _sees_import(user: User, job: ImportJob) -> bool:
    return scope.user_scope(user).has_permission_somewhere(IMPORT)


_import_page = page("registry:import")

KINDS = [
    NotificationKind(
        code=IMPORT_FINISHED,
        label=_("An import I started has finished"),
        title=_("An import you started finished."),
        recipients=_("the person who started the import"),
        link=_import_page,
        may_see=_sees_import,
        order=50,
        offered_with=IMPORT,
    ),
    NotificationKind(
        code=IMPORT_FAILED,
        label=_("An import I started has failed"),
        title=_("An import you started failed."),
        recipients=_("the person who started the import"),
        link=_import_page,
        may_see=_sees_import,
        order=51,
        offered_with=IMPORT,
    ),
]


def register() -> None:
    register_kinds(*KINDS)


def import_ended(job: ImportJob) -> None:
    """Tell the one who started the job that it finished or failed (nothing for a job still running, queued or
    cancelled)."""
    kind = {ImportJob.Status.DONE: IMPORT_FINISHED, ImportJob.Status.FAILED: IMPORT_FAILED}.get(
        ImportJob.Status(job.status)
    )
    if kind is not None and job.started_by_id is not None:
        notify(kind=kind, obj=job, recipients=[job.started_by], reference=f"#{job.pk}")
