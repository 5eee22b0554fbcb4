"""Photos of the works: checked from their bytes, re-encoded without any metadata, stored encrypted.

- The size is capped while the upload is read (JISR_WORKS_PHOTO_MAX_MB) and the type read from the bytes
  (`jisr.core.intake.documents.identify_document`): only JPEG and PNG, never from the name or the browser's word.
- Pillow then decodes the whole image (a file that only starts like a JPEG is refused), refuses an image
  with more pixels than `MAX_PIXELS` (a decompression bomb), turns it upright from its EXIF orientation and
  writes it again from its pixels alone: EXIF (with the GPS position of where it was taken, the camera's
  serial number, the time), XMP, IPTC and PNG text chunks are not carried over.
- The new bytes are encrypted with a key of their own in JISR_WORKS_PHOTOS_DIR (`jisr.core.encrypted_files`).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from jisr.core.encrypted_files import EncryptedFiles
from jisr.core.intake import IntakeError
from jisr.core.intake.documents import HEAD_BYTES, MB, identify_document, read_capped, too_large

FILES = EncryptedFiles("JISR_WORKS_PHOTOS_DIR")
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
MAX_PIXELS = 40_000_000  # a 40-megapixel camera; beyond it the decoded image alone would take >120 MB
JPEG_QUALITY = 88


class Upload(Protocol):
    """What is needed of an uploaded file (Django's UploadedFile has it)."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    width: int
    height: int


def max_bytes() -> int:
    """The largest photo accepted, in bytes (JISR_WORKS_PHOTO_MAX_MB)."""
    return max(1, int(settings.JISR_WORKS_PHOTO_MAX_MB)) * MB


def _refused(message: str) -> ValidationError:
    return ValidationError({"photo": [message]})


def clean_photo(upload: Upload) -> CleanPhoto:
    """The photo's pixels re-encoded without metadata; ValidationError on `photo`, saying why, otherwise."""
    limit = max_bytes()
    try:
        if upload.size is not None and upload.size > limit:
            raise too_large(limit)
        content = read_capped(upload.chunks(), limit)
        document_type = identify_document(content[:HEAD_BYTES], upload.name or "")
    except IntakeError as error:
        raise ValidationError({"photo": error.messages}) from None
    if document_type.mime_type not in IMAGE_TYPES:
        raise _refused(_("Only photos are accepted here (JPEG or PNG), not a %(type)s document.")
                       % {"type": document_type.label})  # fmt: skip
    image_format = IMAGE_TYPES[document_type.mime_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[image_format]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    size = {"width": opened.width, "height": opened.height}
                    raise _refused(_("This photo is too large in pixels (%(width)d × %(height)d): send one of "
                                     "at most 40 megapixels.") % size)  # fmt: skip
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise _refused(_("This photo cannot be read: the file is damaged or is not really an image.")) from None
    return _reencoded(upright, image_format)


def _reencoded(image: Image.Image, image_format: str) -> CleanPhoto:
    """The image written again from its pixels only: no EXIF, XMP, IPTC, comments or text chunks."""
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    pixels_only = Image.new(image.mode, image.size)
    pixels_only.paste(image)
    if image.mode == "P" and image.getpalette() is not None:
        pixels_only.putpalette(image.getpalette() or [])
    out = io.BytesIO()
    if image_format == "JPEG":
        pixels_only.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        pixels_only.save(out, format="PNG", optimize=True)
    content_type = "image/jpeg" if image_format == "JPEG" else "image/png"
    return CleanPhoto(content=out.getvalue(), content_type=content_type, width=image.width, height=image.height)


def store(content: bytes) -> tuple[str, str]:
    return FILES.store(content)


def load(stored_name: str, key: str) -> bytes:
    return FILES.load(stored_name, key)


def delete(stored_names: list[str]) -> int:
    return FILES.delete(stored_names)


def delete_on_commit(stored_names: list[str]) -> None:
    FILES.delete_on_commit(stored_names)


def orphan_photos_purge(*, cutoff: Any, now: Any, days: int, acting_user: Any) -> int:
    """Delete the photo files no row names any more, older than `cutoff` (`jisr purge_uploads`): a photo stored
    by a transaction that then failed, a deletion cut short, a temporary file. Recent ones are left alone:
    their transaction may still be running."""
    from jisr.centers.works.models import WorksPhoto
    from jisr.core import audit
    from jisr.core.models import AuditLog

    known = set(WorksPhoto.objects.values_list("stored_name", flat=True))
    limit = cutoff.timestamp()
    orphans = [path for path in FILES.stored_files() if path.name not in known and path.stat().st_mtime < limit]
    for path in orphans:
        path.unlink(missing_ok=True)
    if orphans:
        audit.record(actor=acting_user, action=AuditLog.Action.DELETE, object_type="centers.worksphoto",
                     object_repr="orphan files", changes={"deleted": len(orphans)})  # fmt: skip
    return len(orphans)
