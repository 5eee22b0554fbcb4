"""The signed conventions: checked by their content, stored encrypted outside the web root.

The same rules as Khadamati's documents (`jisr.khadamati.documents`): the type is read from the bytes by
the intake's document check (PDF, JPEG or PNG), never from the name; up to JISR_PARTNERSHIPS_DOCUMENT_MAX_MB;
a PDF carrying scripts, launch actions or embedded files is refused. The file is encrypted with a key of its
own (`jisr.core.encrypted_files`) in JISR_PARTNERSHIPS_FILES_DIR, the key kept in the convention's row
encrypted under the field keys; the only way out is the download view, which checks the reader's scope and
writes the read to the audit log.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.core.encrypted_files import EncryptedFiles
from jisr.core.intake import IntakeError
from jisr.core.intake.documents import HEAD_BYTES, MB, identify_document

PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
FILES = EncryptedFiles("JISR_PARTNERSHIPS_FILES_DIR")


@dataclass(frozen=True)
class CheckedDocument:
    name: str
    mime_type: str
    size: int


def display_name(name: str) -> str:
    """The file's own name without folders or control characters, at most 150 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip()
    if len(cleaned) > 150:
        stem, suffix = os.path.splitext(cleaned)
        cleaned = stem[: 150 - len(suffix)] + suffix
    return cleaned or "convention"


def check_document(name: str, content: bytes) -> CheckedDocument:
    """The document's accepted type and size, or a ValidationError in the reader's words."""
    limit = int(settings.JISR_PARTNERSHIPS_DOCUMENT_MAX_MB) * MB
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > limit:
        raise ValidationError(_("This file is larger than %(size)s MB.") % {"size": limit // MB}, code="size")
    try:
        kind = identify_document(content[:HEAD_BYTES], name or "")
    except IntakeError as error:
        raise ValidationError(str(error), code="type") from error
    if kind.mime_type == "application/pdf" and any(marker in content for marker in PDF_ACTIVE_CONTENT):
        raise ValidationError(
            _(
                "This PDF contains scripts, actions or attached files: print it to a new PDF or scan it, then send "
                "that one."
            ),  # fmt: skip
            code="active_content",
        )
    return CheckedDocument(name=display_name(name), mime_type=kind.mime_type, size=len(content))
