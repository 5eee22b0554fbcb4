"""The documents of Khadamati's declarations: checked by their content, stored encrypted outside the web root.

- `check_document(name, content)`: the type is read from the bytes by the intake's document check
  (`jisr.core.intake.documents`, as for attachments), never from the name or the Content-Type the browser
  sent; only PDF, JPEG and PNG are accepted, up to JISR_KHADAMATI_DOCUMENT_MAX_MB, and a name whose extension
  says another accepted type than the content is refused. Beyond that, an image must open as what it says
  (Pillow, within its decompression-bomb limit), and a PDF must end like one and carry no script, launch
  action or embedded file: these documents travel on to a committee.
- `store(content)`, `read(stored_name, key)`, `delete(names)`, `delete_on_commit(names)`: the encrypted store
  of `jisr.core.encrypted_files` on the folder JISR_KHADAMATI_FILES_DIR (the key kept in the row, encrypted
  under the field keys).
- `page_count(content)`: the pages of a PDF (requests limit them, JISR_KHADAMATI_DOCUMENT_MAX_PAGES).

JISR_KHADAMATI_FILES_DIR is not MEDIA_ROOT: no web server serves it; the only ways out are the download views,
which check the reader and write the read to the audit log.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from jisr.core.encrypted_files import EncryptedFiles
from jisr.core.intake.documents import HEAD_BYTES, MB, identify_document

# Markers of active content in a PDF: scripts, actions that start programs, files carried inside.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}  # what Pillow must find in an accepted image
FILES = EncryptedFiles("JISR_KHADAMATI_FILES_DIR")
root = FILES.root
path_of = FILES.path_of
store = FILES.store
read = FILES.load
delete = FILES.delete
delete_on_commit = FILES.delete_on_commit


@dataclass(frozen=True)
class CheckedDocument:
    name: str  # the name to show (the base name as sent, without control characters)
    mime_type: str
    size: int


def max_bytes() -> int:
    return int(settings.JISR_KHADAMATI_DOCUMENT_MAX_MB) * MB


def display_name(name: str) -> str:
    """The file's own name without its folders or control characters, at most 150 characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    cleaned = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip()
    if len(cleaned) > 150:
        stem, suffix = os.path.splitext(cleaned)
        cleaned = stem[: 150 - len(suffix)] + suffix
    return cleaned or "document"


def _check_image(content: bytes, pillow_format: str) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This image is damaged or incomplete: it cannot be opened."), code="damaged") from error
    if found != pillow_format:
        raise ValidationError(_("This image is damaged or incomplete: it cannot be opened."), code="damaged")


def _check_pdf(content: bytes) -> None:
    if b"%%EOF" not in content[-2048:]:
        raise ValidationError(_("This PDF is damaged or incomplete: it cannot be opened."), code="damaged")
    if any(marker in content for marker in PDF_ACTIVE_CONTENT):
        raise ValidationError(
            _(
                "This PDF contains scripts, actions or attached files: print it to a new PDF or scan it, then send "
                "that one."
            ),  # fmt: skip
            code="active_content",
        )


def check_document(name: str, content: bytes) -> CheckedDocument:
    """The document's accepted type and size, or a ValidationError saying what is wrong in the reader's words."""
    limit = max_bytes()
    if not name and not content:
        raise ValidationError(_("Choose the document to send."), code="missing")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(content) > limit:
        raise ValidationError(
            _("This file is larger than %(size)s MB: send a smaller scan or photo.") % {"size": limit // MB},
            code="size",
        )
    kind = identify_document(content[:HEAD_BYTES], name or "")
    if kind.mime_type in PILLOW_FORMATS:
        _check_image(content, PILLOW_FORMATS[kind.mime_type])
    else:
        _check_pdf(content)
    return CheckedDocument(name=display_name(name), mime_type=kind.mime_type, size=len(content))


def page_count(content: bytes) -> int | None:
    """The number of pages of a PDF already checked by `check_document` (None when pypdf cannot count them)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
