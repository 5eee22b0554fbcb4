"""What the attached documents hold about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the list of the person's documents — their own and those of their cases, removed ones included —
with their kind, name, format, size, who added (or removed) them and when. The files themselves are in the
documents archive (`jisr.attachments.export`, a ZIP that the same staff download from the person's page,
written to the audit log), delivered with the JSON export; each entry names its file in that archive.
No activity of their own: documents are kept as long as the person and their cases are.
Retention deletes the rows and the files of the person's documents, and of the documents of their cases.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jisr.attachments import storage
from jisr.attachments.models import Attachment
from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, rows

SECTION = "attached_documents"
# The stored file's name and key are how Jisr finds and opens the bytes, not data about the person.
INTERNAL = ("stored_name", "file_key", "person")


def archive_path(attachment: Attachment) -> str:
    """Where the document's file sits in the documents archive."""
    from jisr.attachments.selectors import download_name

    return f"{attachment.pk}/{download_name(attachment)}"


def export(person: Any) -> dict[str, Any]:
    """The person's documents and their cases' documents, oldest first; the removed ones say so."""
    documents = Attachment.objects.filter(person=person).order_by("added_at", "id")
    entries = rows(documents, leave_out=INTERNAL)
    for entry, document in zip(entries, documents, strict=True):
        entry["file_in_documents_archive"] = "" if document.is_removed else archive_path(document)
    return {SECTION: entries}


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Delete the persons' documents and those of their cases: the rows now, the files once this commits."""
    documents = Attachment.objects.filter(Q(person__in=person_ids) | Q(case__person__in=person_ids))
    stored = [name for name in documents.values_list("stored_name", flat=True) if name]
    documents.delete()
    storage.delete_on_commit(stored)


PROVIDER = PersonalDataProvider(
    name="attachments",
    label=_("Attached documents: identity papers, reports, certificates"),
    models={Attachment: Fate.DELETE},
    export=export,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
