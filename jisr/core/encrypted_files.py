"""Files kept encrypted on disk, outside the web root, under random names: the bytes of documents people send.

One store per folder setting (`EncryptedFiles("JISR_ATTACHMENTS_DIR")`), each with the same properties:

- Each file is encrypted with a key of its own (Fernet: AES-128-CBC and HMAC-SHA256, authenticated) and
  written as `<2 hex>/<32 hex>` (mode 0600, folders 0700) through a temporary file and a rename, so that no
  reader ever finds half a file.
- The key is returned to the caller, who keeps it in the file's row encrypted under the sensitive-field keys
  (`jisr.core.crypto`): `jisr rotate_field_keys` re-encrypts those keys like every other sensitive field and
  the files need not be rewritten. The folder alone (a copied disk, a backup without the database and the
  field keys) holds nothing readable; a file whose key is emptied is unreadable even in an older backup.
- A stored name is only ever one this module made (32 hex digits): no path is built from input.
- The file holds the token's raw bytes (base64's extra third is not written). Files written as the base64
  token itself, as Khadamati's first version did, are read too.

No web server serves these folders (they are not MEDIA_ROOT): the only way out is a download view that
checks the reader's scope and writes the read to the audit log.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import transaction

STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
TEMPORARY_SUFFIX = ".part"
FERNET_VERSION = b"\x80"  # the first byte of every Fernet token, before base64


class EncryptedFiles:
    """The encrypted files of the folder named by the setting `folder_setting`."""

    def __init__(self, folder_setting: str) -> None:
        self.folder_setting = folder_setting

    def root(self) -> Path:
        return Path(getattr(settings, self.folder_setting))

    def path_of(self, stored_name: str) -> Path:
        """Where a stored name lives; a name that is not one of ours is refused."""
        if not STORED_NAME.fullmatch(stored_name or ""):
            raise ValueError("not a stored file name")
        return self.root() / stored_name[:2] / stored_name

    def store(self, content: bytes) -> tuple[str, str]:
        """Encrypt `content` with a new key of its own and write it; its stored name and its key."""
        key = Fernet.generate_key()
        token = Fernet(key).encrypt(content)
        stored_name = secrets.token_hex(16)
        target = self.path_of(stored_name)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=TEMPORARY_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(base64.urlsafe_b64decode(token))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return stored_name, key.decode("ascii")

    def load(self, stored_name: str, key: str) -> bytes:
        """The file's bytes, decrypted: FileNotFoundError when it is gone, cryptography.fernet.InvalidToken
        when it was altered or the key is not its own."""
        data = self.path_of(stored_name).read_bytes()
        token = base64.urlsafe_b64encode(data) if data[:1] == FERNET_VERSION else data
        return Fernet(key.encode("ascii")).decrypt(token)

    def delete(self, stored_names: Iterable[str]) -> int:
        """Delete the files (empty names and files already gone are skipped); how many were deleted."""
        deleted = 0
        for stored_name in stored_names:
            if not stored_name:
                continue
            path = self.path_of(stored_name)
            if path.exists():
                path.unlink(missing_ok=True)
                deleted += 1
        return deleted

    def delete_on_commit(self, stored_names: Iterable[str]) -> None:
        """Delete the files once the transaction that forgot their rows commits (at once outside a transaction;
        never on a rollback, which keeps both). A crash in between leaves files no row names, which the
        owning app's orphan sweep deletes."""
        names = [name for name in stored_names if name]
        if names:
            transaction.on_commit(lambda: self.delete(names))

    def stored_files(self) -> Iterator[Path]:
        """Every file of the folder: stored files and the temporary files a crash left."""
        if not self.root().is_dir():
            return iter(())
        return (path for path in self.root().glob("*/*") if path.is_file())
