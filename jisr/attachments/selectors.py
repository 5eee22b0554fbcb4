"""Reads of attached documents, always through the user's scope.

A document of a case is seen where its case is (the `case` anchor: the case's center, province, region); a
document of the person, from either of the person's sides (the center that registered them, the centers of
their cases), as the person is. The permissions are the app's own, so that a role may see a person without
their documents: `attachments.view_attachment` lists and downloads, `attachments.add_attachment` uploads,
`attachments.delete_attachment` removes. Every download is written to the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from jisr.attachments import storage
from jisr.attachments.models import CASE, Attachment
from jisr.cases.models import Case
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.people.models import Person
from jisr.people.selectors import may_person, visible_people

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User

VIEW = "attachments.view_attachment"
ADD = "attachments.add_attachment"
DELETE = "attachments.delete_attachment"


def visible_attachments(user: User | AnonymousUser, permission: str = VIEW) -> QuerySet[Attachment]:
    """The documents on which the user holds `permission`: a case's through its case, a person's through the
    person (removed ones included: they say who removed what, and why)."""
    if not scope.user_scope(user).has_permission_somewhere(permission):
        return Attachment.objects.none()
    cases = scope.in_scope(user, permission, Case)
    persons = visible_people(user, permission)
    return Attachment.objects.filter(Q(case__isnull=False, case__in=cases) | Q(case__isnull=True, person__in=persons))


def _listed(attachments: QuerySet[Attachment]) -> list[Attachment]:
    return list(attachments.select_related("added_by", "removed_by").order_by("-added_at", "id"))


def attachments_of_person(user: User | AnonymousUser, person: Person) -> list[Attachment]:
    """The person's own documents (not those of their cases) the user may see, newest first."""
    if not may_see_person_documents(user, person):
        return []
    return _listed(Attachment.objects.filter(person=person, case__isnull=True))


def attachments_of_case(user: User | AnonymousUser, case: Case) -> list[Attachment]:
    """The case's documents the user may see, newest first."""
    if not may_see_case_documents(user, case):
        return []
    return _listed(Attachment.objects.filter(case=case))


def may_see_person_documents(user: User | AnonymousUser, person: Person) -> bool:
    return may_person(user, VIEW, person)


def may_see_case_documents(user: User | AnonymousUser, case: Case) -> bool:
    return scope.may(user, VIEW, case)


def may_export_documents(user: User | AnonymousUser, person: Person) -> bool:
    """Whether the user may download the person's documents archive (the right of the person's export)."""
    return may_person(user, "people.export_person_data", person)


def may_attach_to_person(user: User | AnonymousUser, person: Person) -> bool:
    return may_person(user, ADD, person)


def may_attach_to_case(user: User | AnonymousUser, case: Case) -> bool:
    return scope.may(user, ADD, case)


def may_remove_from_case(user: User | AnonymousUser, case: Case) -> bool:
    return scope.may(user, DELETE, case)


def may_remove_from_person(user: User | AnonymousUser, person: Person) -> bool:
    return may_person(user, DELETE, person)


def may_remove(user: User | AnonymousUser, attachment: Attachment) -> bool:
    """Whether the user may remove this (not yet removed) document."""
    if attachment.is_removed:
        return False
    if attachment.case_id is not None:
        return scope.may(user, DELETE, attachment, anchor=CASE)
    return may_remove_from_person(user, attachment.person)


def attachment_get(user: User | AnonymousUser, attachment_id: uuid.UUID | str, permission: str = VIEW) -> Attachment:
    """One document, or 404 whether it is missing, outside the user's scope or the id malformed."""
    documents = visible_attachments(user, permission).select_related("person", "case", "added_by", "removed_by")
    return scope.one_or_404(documents, pk=attachment_id)


@dataclass(frozen=True)
class Download:
    attachment: Attachment
    content: bytes

    @property
    def file_name(self) -> str:
        """The name the file is saved under: its title, with the extension of what it is."""
        return download_name(self.attachment)


def download_name(attachment: Attachment) -> str:
    from jisr.core.intake.documents import DOCUMENT_TYPES

    kind = DOCUMENT_TYPES[attachment.content_type]
    stem = attachment.title.rsplit(".", 1)[0] if "." in attachment.title else attachment.title
    name = "".join(ch for ch in stem if ch.isprintable() and ch not in '\\/:*?"<>|').strip() or "document"
    return f"{name[:150]}{kind.extension}"


@transaction.atomic
def attachment_download(user: User, attachment_id: uuid.UUID | str) -> Download:
    """The document's bytes, decrypted, for a user who may see it (404 otherwise, and for a removed one).

    Every download is written to the audit log — who, which document, of which person and case — in the
    transaction that reads it (law 09-08: access to personal records is traced)."""
    attachment = attachment_get(user, attachment_id)
    if attachment.is_removed:
        raise Http404
    try:
        content = storage.load(attachment.stored_name, attachment.file_key)
    except (OSError, ValueError, InvalidToken) as exc:  # the file is gone or its key does not open it: nothing to give
        raise Http404 from exc
    audit.record(
        actor=user,
        action=AuditLog.Action.VIEW,
        obj=attachment,
        changes={"downloaded": {"person": str(attachment.person_id), "case": str(attachment.case_id or ""),
                                "kind": attachment.kind, "size": attachment.size}},
    )  # fmt: skip
    return Download(attachment=attachment, content=content)
