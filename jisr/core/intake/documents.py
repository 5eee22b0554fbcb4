"""Documents uploaded as they are (an identity card's scan, a medical report): their type read from their
bytes, and their size capped while they arrive (docs/security.md, "Uploaded documents").

- `identify_document(head, file_name)`: the type of a document from its first bytes (its magic number, read by
  `puremagic`), never from its name nor from the Content-Type the browser sent. Only the types of
  `DOCUMENT_TYPES` are accepted (PDF, JPEG, PNG); anything else — a type the library names (an SVG drawing,
  an HTML page, a Word file, a program) or one it cannot name — is refused, saying what it is when it is
  known. A name whose extension says another accepted type than the content (a PDF named `.jpg`) is refused
  too: the name would mislead whoever opens the file later, and the mismatch often means the wrong file.
- `read_capped(chunks, max_bytes)`: the bytes of an upload, read chunk by chunk and refused as soon as they
  pass `max_bytes` (never more than `max_bytes` plus one chunk in memory).
- `CappedUploadHandler` / `cap_uploads(max_bytes)`: the same cap on the request itself, before Django writes
  the upload to memory or to a temporary file: a file that passes it is dropped while it streams, and the
  view learns it from `upload_refused(request)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import puremagic
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from jisr.core.intake.errors import IntakeError

HEAD_BYTES = 8192  # what the type is read from
MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    mime_type: str
    label: str  # what the user is told ("PDF")
    extension: str  # the extension a stored name gets
    extensions: frozenset[str]  # the extensions a file of this type may have


# Flat documents every office can open, that carry no script: PDF (reports, certificates), JPEG and PNG
# (photographs and scans of papers). See docs/security.md for why the others are refused.
DOCUMENT_TYPES: dict[str, DocumentType] = {
    "application/pdf": DocumentType("application/pdf", "PDF", ".pdf", frozenset({".pdf"})),
    "image/jpeg": DocumentType("image/jpeg", "JPEG", ".jpg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"})),
    "image/png": DocumentType("image/png", "PNG", ".png", frozenset({".png"})),
}
ACCEPTED_LABEL = "PDF, JPEG, PNG"


def _named_types(head: bytes) -> list[puremagic.PureMagicWithConfidence]:
    """What the library recognizes in `head`, the most certain first (empty when it names nothing)."""
    try:
        return list(puremagic.magic_string(head))
    except (puremagic.PureError, ValueError):
        return []


def identify_document(head: bytes, file_name: str) -> DocumentType:
    """The accepted type of a document from its first bytes; IntakeError when it is of another type, of an
    unknown one, or named with the extension of another accepted type."""
    if not head:
        raise IntakeError(_("The file is empty."))
    matches = _named_types(head[:HEAD_BYTES])
    best = [match for match in matches if match.confidence == matches[0].confidence] if matches else []
    found = next((DOCUMENT_TYPES[match.mime_type] for match in best if match.mime_type in DOCUMENT_TYPES), None)
    if found is None:
        named = next((match for match in best if match.mime_type or match.name), None)
        if named is None:
            raise IntakeError(_("The type of this file cannot be recognized from its content. Only %(types)s "
                                "documents are accepted.") % {"types": ACCEPTED_LABEL})  # fmt: skip
        what = f"{named.name} ({named.mime_type})" if named.mime_type else named.name
        raise IntakeError(_("This file is of a type that is not accepted: %(what)s. Only %(types)s documents are "
                            "accepted.") % {"what": what, "types": ACCEPTED_LABEL})  # fmt: skip
    extension = PurePath(file_name).suffix.lower()
    named_as = next((kind for kind in DOCUMENT_TYPES.values() if extension in kind.extensions), None)
    if named_as is not None and named_as is not found:
        raise IntakeError(_("This file is a %(content)s document but its name ends in “%(extension)s”, as a "
                            "%(named)s would. Check that it is the right file, and correct its name.")
                          % {"content": found.label, "extension": extension, "named": named_as.label})  # fmt: skip
    return found


def too_large(max_bytes: int) -> IntakeError:
    return IntakeError(_("The file is larger than %(max)s MB: send a smaller one (a scan in lower resolution, or "
                         "fewer pages).") % {"max": f"{max_bytes / MB:,.0f}"})  # fmt: skip


def read_capped(chunks: Iterable[bytes], max_bytes: int) -> bytes:
    """The bytes of `chunks`, or IntakeError as soon as they pass `max_bytes` (the rest is never read)."""
    content = bytearray()
    for chunk in chunks:
        content += chunk
        if len(content) > max_bytes:
            raise too_large(max_bytes)
    return bytes(content)


class CappedUploadHandler(FileUploadHandler):
    """Drops an uploaded file as soon as it passes `max_bytes`, before the next handlers (memory or
    temporary file) keep more of it; the names of the dropped files are in `refused`."""

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.refused: list[str] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.max_bytes:
            self.refused.append(self.file_name or "")
            raise SkipFile  # Django closes (and so deletes) what the other handlers kept, and skips the rest
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers make the file


# Room for the form's other fields and the multipart headers around the file.
FORM_OVERHEAD_BYTES = 256 * 1024
_REFUSED = "_jisr_upload_refused"


def cap_uploads(max_bytes: Callable[[], int]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view that receives a file: the cap applies while the request body streams in.

    A body announced larger than the cap (and the form around it) is not read at all; a file that turns out
    larger is dropped as it arrives. Either way `upload_refused(request)` is True and the view answers
    without storing anything. CSRF is checked after the handler is in place (Django reads the body to check
    it), as Django's documentation describes for upload handlers set in a view.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @functools.wraps(view)
        def capped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = max_bytes()
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
            if request.method == "POST" and announced > limit + FORM_OVERHEAD_BYTES:
                # Nothing of the body is read: the view finds an empty form, and refuses.
                request._post, request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]
                setattr(request, _REFUSED, True)
                return view(request, *args, **kwargs)
            request.upload_handlers = [CappedUploadHandler(request, max_bytes=limit), *request.upload_handlers]
            return protected(request, *args, **kwargs)

        return csrf_exempt(capped)

    return decorate


def upload_refused(request: HttpRequest) -> bool:
    """True when `cap_uploads` dropped the request's file (or did not read its body) for its size."""
    if getattr(request, _REFUSED, False):
        return True
    if request.method == "POST":
        request.POST  # noqa: B018 — the body is parsed (through the handler) if it was not yet
    return any(isinstance(handler, CappedUploadHandler) and handler.refused for handler in request.upload_handlers)


def cap_api_uploads(
    max_bytes: Callable[[], int],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The same cap for a django-ninja operation (`@decorate_view(cap_api_uploads(...))`): a file too large
    is answered 413 with the reason, before any parameter is parsed (announced size) or once the parser
    dropped it (streamed size); the operation itself never runs with it."""

    def decorate(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(run)
        def capped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = max_bytes()
            refused = JsonResponse({"detail": too_large(limit).message_text}, status=413)
            if int(request.META.get("CONTENT_LENGTH") or 0) > limit + FORM_OVERHEAD_BYTES:
                return refused
            request.upload_handlers = [CappedUploadHandler(request, max_bytes=limit), *request.upload_handlers]
            response = run(request, *args, **kwargs)
            return refused if upload_refused(request) else response

        return capped

    return decorate
