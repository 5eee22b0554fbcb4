"""The documents' bytes on disk: outside the web root, under random names, encrypted.

Each document is encrypted with a key of its own (Fernet: AES-128-CBC and HMAC-SHA256, authenticated) and
written under JISR_ATTACHMENTS_DIR as `<2 hex>/<32 hex>` (mode 0600), through a temporary file and a rename
so that no reader ever finds half a file. The document's key is kept in its row, encrypted under the
sensitive-field keys (JISR_FIELD_KEYS, `jisr.core.crypto`): `jisr rotate_field_keys` re-encrypts those keys
like every other sensitive field, and the files need not be rewritten. Whoever copies the folder without the
database and the field keys holds nothing readable; a document whose key is emptied (removed by a user) is
unreadable even in a backup of the folder taken before.

JISR_ATTACHMENTS_DIR is not MEDIA_ROOT: no web server serves it; the only way out is the download view,
which checks the reader's scope and writes the read to the audit log.
"""

from __future__ import annotations

import base64
import datetime
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import transaction

NAME = re.compile(r"^[0-9a-f]{32}$")
TEMPORARY_SUFFIX = ".part"


def root() -> Path:
    return Path(settings.JISR_ATTACHMENTS_DIR)


def path_of(stored_name: str) -> Path:
    """Where a stored name lives; a name that is not one of ours is refused (no path is ever built from input)."""
    if not NAME.fullmatch(stored_name):
        raise ValueError("not a stored document name")
    return root() / stored_name[:2] / stored_name


def store(content: bytes) -> tuple[str, str]:
    """Encrypt `content` with a new key of its own and write it; its stored name and its key."""
    key = Fernet.generate_key()
    token = Fernet(key).encrypt(content)
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(base64.urlsafe_b64decode(token))  # the token's bytes, without base64's extra third
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return stored_name, key.decode("ascii")


def load(stored_name: str, key: str) -> bytes:
    """The document's bytes, decrypted (cryptography.fernet.InvalidToken if the file was altered)."""
    token = base64.urlsafe_b64encode(path_of(stored_name).read_bytes())
    return Fernet(key.encode("ascii")).decrypt(token)


def delete(stored_names: Iterable[str]) -> int:
    """Delete the files (those already gone are skipped); how many were deleted."""
    deleted = 0
    for stored_name in stored_names:
        if not stored_name:
            continue
        path = path_of(stored_name)
        if path.exists():
            path.unlink()
            deleted += 1
    return deleted


def delete_on_commit(stored_names: Iterable[str]) -> None:
    """Delete the files once the transaction that forgot them commits (at once outside a transaction).

    A crash in between leaves files that no row names: `orphan_files_purge` deletes them."""
    names = [name for name in stored_names if name]
    if names:
        transaction.on_commit(lambda: delete(names))


def stored_files() -> Iterable[Path]:
    """Every file of the folder: documents and temporary files a crash left."""
    if not root().is_dir():
        return []
    return (path for path in root().glob("*/*") if path.is_file())


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
