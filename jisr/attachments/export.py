"""The documents archive of a person (law 09-08, right of access): a ZIP with the files of every document
of the person and of their cases, decrypted, beside the JSON export that lists them
(`jisr.attachments.personal_data`). Same right as the JSON export (`people.export_person_data` over the
person), written to the audit log.
"""

from __future__ import annotations

import tempfile
import uuid
import zipfile
from typing import IO, TYPE_CHECKING

from django.db import transaction

from jisr.attachments import storage
from jisr.attachments.models import Attachment
from jisr.attachments.personal_data import archive_path
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.people.selectors import person_get

if TYPE_CHECKING:
    from jisr.accounts.models import User
    from jisr.people.models import Person

SPOOL_BYTES = 16 * 1024 * 1024  # an archive larger than this is written to a temporary file, not kept in memory


@transaction.atomic
def person_documents_archive(*, acting_user: User, person_id: uuid.UUID | str) -> tuple[Person, IO[bytes]]:
    """The person and their documents' ZIP, rewound; 404 without the export right over the person.

    The files are read and written one at a time: a person with many documents does not fill the memory."""
    person = person_get(acting_user, person_id, "people.export_person_data")
    documents = list(Attachment.objects.filter(person=person, removed_at__isnull=True).order_by("added_at", "id"))
    archive: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 — returned open
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for document in documents:
            bundle.writestr(archive_path(document), storage.load(document.stored_name, document.file_key))
    archive.seek(0)
    audit.record(actor=acting_user, action=AuditLog.Action.EXPORT, obj=person, object_repr=str(person.pk),
                 changes={"documents": [str(document.pk) for document in documents]})  # fmt: skip
    return person, archive
