"""The minutes of meetings, stored encrypted outside the web root (`jisr.core.encrypted_files`) under
JISR_CONSULTATIONS_FILES_DIR. Only PDFs are accepted, checked by their content (`jisr.core.intake.documents`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.core.encrypted_files import EncryptedFiles
from jisr.core.intake import IntakeError
from jisr.core.intake.documents import HEAD_BYTES, MB, identify_document

FILES = EncryptedFiles("JISR_CONSULTATIONS_FILES_DIR")
MAX_BYTES = 10 * MB


def check_minutes(name: str, content: bytes) -> str:
    """The minutes' type (application/pdf), or a ValidationError in the reader's language."""
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The minutes must be at most %(size)s MB.") % {"size": MAX_BYTES // MB}, code="size")
    try:
        kind = identify_document(content[:HEAD_BYTES], name or "")
    except IntakeError as error:
        raise ValidationError(str(error), code="type") from error
    if kind.mime_type != "application/pdf":
        raise ValidationError(_("The minutes must be a PDF document."), code="type")
    return kind.mime_type
