"""Every write of attached documents: add one to a person or a case, remove one (with the reason).

The file is checked before anything is stored — its size while it is read (JISR_ATTACHMENT_MAX_MB), its type
from its bytes (`jisr.core.intake.documents`) — then encrypted and written (`jisr.attachments.storage`), then
its row and its audit entry are written in one transaction; if that transaction fails, the file is deleted.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.attachments import selectors, storage
from jisr.attachments.models import Attachment
from jisr.cases.models import Case
from jisr.core import audit, scope
from jisr.core.intake import IntakeError
from jisr.core.intake.documents import HEAD_BYTES, MB, identify_document, read_capped, too_large
from jisr.core.models import AuditLog
from jisr.people.models import Person

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jisr.accounts.models import User

TITLE_CHARS = 200


class Upload(Protocol):
    """What a service needs of an uploaded file (Django's UploadedFile has it)."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


def max_bytes() -> int:
    """The largest document accepted, in bytes (JISR_ATTACHMENT_MAX_MB)."""
    return max(1, int(settings.JISR_ATTACHMENT_MAX_MB)) * MB


def _title(title: str, file_name: str) -> str:
    """The name shown for the document: the one typed, else the file's own name without its folders."""
    chosen = " ".join(title.split()) or PurePath(file_name.replace("\\", "/")).name.strip()
    return chosen[:TITLE_CHARS] or _("document")


def _checked_content(upload: Upload) -> tuple[bytes, str]:
    """The upload's bytes and accepted type; ValidationError on the `file` field otherwise."""
    limit = max_bytes()
    try:
        if upload.size is not None and upload.size > limit:
            raise too_large(limit)
        content = read_capped(upload.chunks(), limit)
        document_type = identify_document(content[:HEAD_BYTES], upload.name or "")
    except IntakeError as error:
        raise ValidationError({"file": error.messages}) from None
    return content, document_type.mime_type


def attachment_add(*, acting_user: User, upload: Upload, kind: str, title: str = "", person: Person | None = None,
                   case: Case | None = None) -> Attachment:  # fmt: skip
    """Attach a document to a case (its person's) or to a person; 404 without attachments.add_attachment
    over the case, or over the person.

    Refused, with nothing stored, when the file is too large, empty, of a type other than PDF, JPEG or PNG
    (read from its bytes), or named as another type than it is."""
    if case is not None:
        scope.require(acting_user, selectors.ADD, case)
        person = case.person
    elif person is None or not selectors.may_attach_to_person(acting_user, person):
        raise Http404
    if person.anonymized_at is not None:
        raise ValidationError(_("This person's record was anonymized: no document can be attached to it."))
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    content, content_type = _checked_content(upload)
    stored_name, key = storage.store(content)
    try:
        with transaction.atomic():
            attachment = Attachment(
                person=person, case=case, kind=kind, title=_title(title, upload.name or ""), content_type=content_type,
                size=len(content), stored_name=stored_name, file_key=key, added_by=acting_user,
                added_at=timezone.now(),
            )  # fmt: skip
            attachment.full_clean()
            attachment.save()
            audit.record(
                actor=acting_user,
                action=AuditLog.Action.CREATE,
                obj=attachment,
                # Never the document's name: the audit log outlives the person.
                changes={"person": str(person.pk), "case": str(case.pk) if case else "", "kind": kind,
                         "format": content_type, "size": len(content)},
            )  # fmt: skip
    except BaseException:
        storage.delete([stored_name])
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, acting_user: User, attachment: Attachment, reason: str) -> Attachment:
    """Remove a document, saying why: its row stays (who added and removed it, when, why), its key is
    emptied and its file deleted once the removal commits. 404 without attachments.delete_attachment."""
    locked = Attachment.objects.select_for_update().select_related("person").get(pk=attachment.pk)
    if locked.is_removed:
        raise ValidationError(_("This document was already removed."))
    if not selectors.may_remove(acting_user, locked):
        raise Http404
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": [_("Say why the document is removed.")]})
    stored_name = locked.stored_name
    locked.removed_at, locked.removed_by, locked.removal_reason = timezone.now(), acting_user, reason[:500]
    locked.stored_name, locked.file_key = "", ""
    locked.full_clean()
    locked.save(update_fields=["removed_at", "removed_by", "removal_reason", "stored_name", "file_key"])
    # The reason stays on the document's row (erased with the person); the log says that it was removed.
    where = {"person": str(locked.person_id), "case": str(locked.case_id or "")}
    audit.record(actor=acting_user, action=AuditLog.Action.DELETE, obj=locked, changes={"removed": True, **where})
    storage.delete_on_commit([stored_name])
    return locked
