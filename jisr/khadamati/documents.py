"""The documents of Khadamati's declarations: checked by their content, stored encrypted outside the web root.

One module, so that it can hand over to the shared attachments app once that exists (same properties):

- `check_document(name, content)`: the type is read from the bytes (`puremagic`), never from the name or the
  Content-Type the browser sent; only PDF, JPEG and PNG are accepted, up to JISR_KHADAMATI_DOCUMENT_MAX_MB. A
  name whose extension says another accepted type than the content (a PDF named `.jpg`) is refused: it would
  mislead whoever opens the file. Images must open as what they say (Pillow, within its decompression-bomb
  limit); a PDF must end like one and carry no script, launch action or embedded file.
- `store(content)`: encrypted with a Fernet key of its own, written under JISR_KHADAMATI_FILES_DIR as
  `<2 hex>/<32 hex>` (mode 0600) through a temporary file and a rename. The key is kept in the row, encrypted
  under the field keys (`jisr.core.crypto`), so `jisr rotate_field_keys` rotates it and the folder alone
  (a copied disk, a backup without the keys) holds nothing readable.
- `page_count(content)`: the pages of a PDF (requests limit them, JISR_KHADAMATI_DOCUMENT_MAX_PAGES).
- `read(stored_name, key)`, `delete_on_commit(names)`.

JISR_KHADAMATI_FILES_DIR is not MEDIA_ROOT: no web server serves it; the only ways out are the download views,
which check the reader and write the read to the audit log.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

import puremagic
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
HEAD_BYTES = 8192
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
# Markers of active content in a PDF: scripts, actions that start programs, files carried inside.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia")


@dataclass(frozen=True)
class DocumentType:
    mime_type: str
    label: str
    extensions: frozenset[str]
    pillow_format: str | None = None


ACCEPTED: dict[str, DocumentType] = {
    "application/pdf": DocumentType("application/pdf", "PDF", frozenset({".pdf"})),
    "image/jpeg": DocumentType("image/jpeg", "JPEG", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}), "JPEG"),
    "image/png": DocumentType("image/png", "PNG", frozenset({".png"}), "PNG"),
}
ACCEPTED_LABEL = "PDF, JPEG, PNG"


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


def _type_of(head: bytes) -> DocumentType:
    try:
        matches = list(puremagic.magic_string(head))
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        if match.mime_type in ACCEPTED:
            return ACCEPTED[match.mime_type]
    raise ValidationError(
        _("This file is not a PDF, JPEG or PNG document (its content says so, whatever its name)."), code="type"
    )


def _check_image(content: bytes, kind: DocumentType) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This image is damaged or incomplete: it cannot be opened."), code="damaged") from error
    if found != kind.pillow_format:
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
    kind = _type_of(content[:HEAD_BYTES])
    extension = PurePath(name or "").suffix.lower()
    others = {ext for other in ACCEPTED.values() if other is not kind for ext in other.extensions}
    if extension in others:
        raise ValidationError(
            _(
                "This file's name ends in %(extension)s but its content is a %(type)s document: rename it or send "
                "the right file."
            )
            % {"extension": extension, "type": kind.label},  # fmt: skip
            code="extension",
        )
    if kind.pillow_format:
        _check_image(content, kind)
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


def root() -> Path:
    return Path(settings.JISR_KHADAMATI_FILES_DIR)


def path_of(stored_name: str) -> Path:
    """Where a stored name lives; anything that is not one of ours is refused (no path is built from input)."""
    if not STORED_NAME.fullmatch(stored_name):
        raise ValueError("not a stored document name")
    return root() / stored_name[:2] / stored_name


def store(content: bytes) -> tuple[str, str]:
    """Encrypt `content` under a new key and write it; its stored name and its key (to keep encrypted)."""
    key = Fernet.generate_key()
    stored_name = secrets.token_hex(16)
    target = path_of(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(Fernet(key).encrypt(content))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return stored_name, key.decode("ascii")


def read(stored_name: str, key: str) -> bytes:
    """The document's bytes (FileNotFoundError when its file is gone)."""
    return Fernet(key.encode("ascii")).decrypt(path_of(stored_name).read_bytes())


def delete(stored_names: Iterable[str]) -> None:
    for name in stored_names:
        if name:
            path_of(name).unlink(missing_ok=True)


def delete_on_commit(stored_names: Iterable[str]) -> None:
    """Delete the files once the transaction that forgot their rows commits (never before: a rollback keeps both)."""
    names = [name for name in stored_names if name]
    if names:
        transaction.on_commit(lambda: delete(names))
