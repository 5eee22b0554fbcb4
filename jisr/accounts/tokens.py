"""API bearer tokens: issued once, stored as SHA-256, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jisr.accounts.models import ApiToken, User
from jisr.core import audit


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def token_issue(*, user: User, name: str = "", ttl: timedelta | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the record and the raw token (shown once, never stored)."""
    raw = "jisr_" + secrets.token_urlsafe(32)
    lifetime = ttl or timedelta(hours=settings.JISR_API_TOKEN_TTL_HOURS)
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[5:13], name=name[:100], expires_at=timezone.now() + lifetime
    )
    audit.record(actor=user, action="token", obj=token, object_repr=f"token {token.prefix}…", changes={"issued": True})
    return token, raw


@transaction.atomic
def token_revoke(*, acting_user: User, token: ApiToken) -> ApiToken:
    """Revoke a token now; later calls with it get 401."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=acting_user,
            action="token",
            obj=token,
            object_repr=f"token {token.prefix}…",
            changes={"revoked": True},
        )
    return token


def token_lookup(raw: str) -> ApiToken | None:
    """The usable token (not expired, not revoked, active user) matching `raw`, or None."""
    if not raw:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most every 5 minutes: one write per request would be wasteful.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user behind a usable token, or None."""
    token = token_lookup(raw)
    return token.user if token is not None else None
