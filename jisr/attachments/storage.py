"""The documents' bytes on disk: outside the web root, under random names, each encrypted with a key of its
own kept (encrypted under the field keys) in its row — `jisr.core.encrypted_files` says how.

The folder is JISR_ATTACHMENTS_DIR, not MEDIA_ROOT: no web server serves it; the only way out is the
download view, which checks the reader's scope and writes the read to the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from jisr.core.encrypted_files import EncryptedFiles

FILES = EncryptedFiles("JISR_ATTACHMENTS_DIR")
root = FILES.root
path_of = FILES.path_of
store = FILES.store
load = FILES.load
delete = FILES.delete
delete_on_commit = FILES.delete_on_commit
stored_files = FILES.stored_files


def orphan_files_purge(*, cutoff: datetime.datetime, now: datetime.datetime, days: int, acting_user: Any) -> int:
    """Delete the files no document names any more, older than `cutoff` (file retention, `jisr purge_uploads`):
    a document stored by a transaction that then failed, a file whose deletion was cut short, a temporary
    file. Recent ones are left alone: their transaction may still be running."""
    from jisr.attachments.models import Attachment
    from jisr.core import audit
    from jisr.core.models import AuditLog

    known = set(Attachment.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    limit = cutoff.timestamp()
    orphans = [path for path in stored_files() if path.name not in known and path.stat().st_mtime < limit]
    for path in orphans:
        path.unlink(missing_ok=True)
    if orphans:
        audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="attachments.file",
                     object_repr="orphan files", changes={"deleted": len(orphans)})  # fmt: skip
    return len(orphans)
