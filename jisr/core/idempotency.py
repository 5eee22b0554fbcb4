"""Safe repeats of creates: the `Idempotency-Key` header on the API, a one-time form token on pages.

A client that is not sure its POST arrived (a timeout on a rural link, a double click) sends it again
with the same `Idempotency-Key`. The first request runs and its answer (status and body) is stored
under (user, key); a repeat with the same method, path and body gets that stored answer back, with
`Idempotent-Replayed: true`, and writes nothing. The same key with another body is refused (422).

Race safety: the key's row is inserted in the same transaction as the create, and (user, key) is
unique. On PostgreSQL a second simultaneous request blocks on the unique index until the first
commits, then finds its row; on SQLite (`transaction_mode` IMMEDIATE) the second request's
transaction waits for the write lock. Either way the create runs once. A request that fails (an
answer of 400 or more) is rolled back with its key, so it may be sent again.

Usage, under the router's decorator: `@router.post(...)` then `@idempotent`.

Pages use the same table without a header: `OneTimeFormMixin` issues a hidden one-time token with
a create form and `@one_time_form` on its view stores where the first POST of that token redirected;
a repeat is sent there with a message (see the end of this module).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view
from ninja.operation import Operation
from ninja.signature.utils import get_typed_signature
from ninja.utils import contribute_operation_callback

from jisr.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
_CLAIM_ATTR = "jisr_idempotency_claim"

OPENAPI_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    "description": (
        "A unique value per intended create (a UUID). A repeat with the same key and body answers the "
        "first response again (header Idempotent-Replayed: true) without creating anything; the same key "
        "with another body answers 422. Keys are kept for 24 hours."
    ),
}


def key_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24))


def idempotency_keys_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the keys older than their lifetime; returns how many were deleted."""
    cutoff = (now or timezone.now()) - key_lifetime()
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def request_fingerprint(request: HttpRequest) -> str:
    """SHA-256 of the method, path and body (for a multipart upload: its fields and each file's bytes)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type == "multipart/form-data":
        # The body stream was consumed by the parser: hash what it produced, in a stable order.
        for name, values in sorted(request.POST.lists()):
            digest.update(f"field {name}={values!r}\n".encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(f"file {name} {upload.name} {upload.size}\n".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _claim_row(*, user: Any, key: str, method: str, path: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    """The (user, key) row: inserted now (True), or the one a committed request inserted first (False).

    Called inside the transaction of the create, so that a simultaneous request with the same key waits
    for it (PostgreSQL: on the unique index; SQLite: on the write lock) and then finds its answer."""
    # An expired key is free again: its old answer is forgotten and the request runs.
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=timezone.now() - key_lifetime()).delete()
    return IdempotencyKey.objects.get_or_create(
        user=user, key=key, defaults={"method": method, "path": path[:255], "fingerprint": fingerprint}
    )


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(record.response_body.encode(), status=record.status_code, content_type=record.content_type)
    response[REPLAYED_HEADER] = "true"
    return response


def _claim(request: HttpRequest, key: str) -> HttpResponse | None:
    """Insert the key's row, or return the stored answer of the request that inserted it first."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationError({HEADER: [_("The Idempotency-Key header must be 1 to 255 printable characters.")]})
    fingerprint = request_fingerprint(request)
    record, created = _claim_row(
        user=request.user, key=key, method=request.method or "", path=request.path, fingerprint=fingerprint
    )
    if created:
        setattr(request, _CLAIM_ATTR, record)
        return None
    if record.fingerprint != fingerprint:
        raise ValidationError(
            {HEADER: [_("This Idempotency-Key was already used for another request: use a new key for new data.")]}
        )
    return _replay(record)


def _record_answer(run: Callable[..., Any]) -> Callable[..., Any]:
    """Around ninja's whole operation (after authentication, parsing and rendering): one transaction
    holds the key's row and the create, and the rendered answer is stored on success."""

    @functools.wraps(run)
    def recorded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if HEADER not in request.headers:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            record: IdempotencyKey | None = getattr(request, _CLAIM_ATTR, None)
            if record is not None:
                if 200 <= response.status_code < 300:
                    record.status_code = response.status_code
                    record.content_type = response.get("Content-Type", "application/json")
                    record.response_body = response.content.decode("utf-8")
                    record.save(update_fields=["status_code", "content_type", "response_body"])
                else:
                    # Nothing was created: drop the key with the rest, so the request may be sent again.
                    transaction.set_rollback(True)
        return response

    return recorded


def _document_header(operation: Operation) -> None:
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), OPENAPI_PARAMETER]
    operation.openapi_extra = extra


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Make a ninja create endpoint safe to repeat with an `Idempotency-Key` header (see the module)."""

    @functools.wraps(view)
    def claimed(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return view(request, *args, **kwargs)
        replay = _claim(request, key.strip())
        if replay is not None:
            return replay
        return view(request, *args, **kwargs)

    # ninja reads the parameters from the signature, resolving string annotations in the wrapper's module:
    # hand it the view's signature already resolved in the view's module.
    claimed.__signature__ = get_typed_signature(view)  # type: ignore[attr-defined]
    contribute_operation_callback(claimed, _document_header)
    return decorate_view(_record_answer)(claimed)


# Pages: a one-time token in each create form ------------------------------------------------------------

FORM_TOKEN_FIELD = "form_token"
_FORM_KEY_PREFIX = "form:"


class OneTimeFormMixin(forms.Form):
    """Issues a one-time token with a create form (a hidden field; `accounts/_form.html` renders it).

    Put it first among the form's bases, and `@one_time_form` on the view: a second POST of the same
    form (a double click, the browser's back-and-resend) redirects to what the first created."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=uuid.uuid4().hex
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        cleaned.pop(FORM_TOKEN_FIELD, None)  # the token is the view's business, not the service's
        return cleaned


def one_time_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a create view once per form token: the first POST that ends in a redirect stores where it went;
    a repeat of the token (even simultaneous) is sent there with a message instead of creating again.
    A POST that does not redirect (the form re-rendered with errors) frees its token."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FORM_TOKEN_FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > 64 or not token.isalnum() or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            record, created = _claim_row(
                user=request.user, key=_FORM_KEY_PREFIX + token, method="POST", path=request.path, fingerprint=""
            )
            if not created:
                messages.info(request, _("This form had already been sent: here is what it created."))
                return HttpResponseRedirect(record.response_body)
            response = view(request, *args, **kwargs)
            location = response.get("Location") if response.status_code in (301, 302, 303) else None
            if location:
                record.status_code = response.status_code
                record.response_body = location
                record.save(update_fields=["status_code", "response_body"])
            else:
                record.delete()
        return response

    return guarded
