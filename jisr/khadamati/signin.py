"""Citizens' sign-up and sign-in by a one-time code sent to a mobile number or an e-mail address.

One flow for both: enter a number (or address) → enter the six-digit code → the first time, your name.

- A code is drawn with `secrets`, stored only as a keyed hash (HMAC-SHA256, key derived from SECRET_KEY,
  salted with the code's id), compared in constant time, valid JISR_OTP_CODE_MINUTES, used once; asking for a
  new code ends the previous one.
- Limits (settings, docs/security.md): JISR_OTP_SENDS_PER_DESTINATION codes per number or address per
  JISR_OTP_DESTINATION_WINDOW_MINUTES; JISR_OTP_SENDS_PER_ADDRESS per client address per
  JISR_OTP_ADDRESS_WINDOW_MINUTES; JISR_OTP_FAILURE_LIMIT wrong codes lock the number or address for
  JISR_OTP_LOCKOUT_MINUTES (no code sent, none accepted, even the right one).
- No enumeration: a number that belongs to a staff account (or to a deactivated one) gets the same answer
  and counts against the same limits, but no code is sent, so it cannot sign in here; a number nobody has
  gets a code, which creates the account once the name is given.

Refusals are exceptions whose message is for the citizen. The wrong-code counter is written in its own
transaction before the refusal is raised, so a refusal never rolls its own count back.
"""

from __future__ import annotations

import datetime
import math
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from jisr.accounts.models import Membership, Role, User
from jisr.accounts.selectors import citizen_accounts
from jisr.core import audit
from jisr.core.digits import to_ascii_digits
from jisr.core.models import AuditLog
from jisr.core.sms import mask
from jisr.khadamati import messages
from jisr.khadamati.models import Channel, SignInCode, SignInLock
from jisr.people.selectors import normalize_phone

CODE_DIGITS = 6
# A Moroccan mobile number in international form: +212 then 6 or 7 and eight digits.
MOROCCAN_MOBILE = re.compile(r"\+212[67][0-9]{8}")
HASH_SALT = "jisr.khadamati.signin.code"
# Rows of codes are kept this long (the longest window of the limits is far shorter), then deleted.
KEEP_CODES = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Destination:
    """Where a code goes: a mobile number (+212…) or an e-mail address (lower case)."""

    channel: str
    address: str

    @property
    def masked(self) -> str:
        """As the pages show it: `+212 6•••••78`, or `a•••@example.ma`."""
        if self.channel == Channel.SMS:
            return mask(self.address)
        name, _at, domain = self.address.partition("@")
        return f"{name[:1]}•••@{domain}"


class SignInRefused(Exception):
    """A refusal whose message is shown to the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooManyCodes(SignInRefused):
    """A limit on codes sent was reached (per number or address, or per client address)."""


class Locked(SignInRefused):
    """Too many wrong codes: the number or address is locked for a while."""


class CodeRejected(SignInRefused):
    """The code is wrong, expired or already used."""


@dataclass(frozen=True)
class Verified:
    """A code was right: the citizen's account, or None when this number or address has none yet."""

    destination: Destination
    account: User | None


def parse_destination(raw: str) -> Destination:
    """A Moroccan mobile number (06…, 07…, +212 6…, 00212 7…; Arabic-Indic digits too) or an e-mail address."""
    text = to_ascii_digits(raw or "").strip()
    if "@" in text:
        address = text.lower()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(_("Enter an e-mail address such as name@example.ma."), code="email") from None
        return Destination(Channel.EMAIL, address)
    number = normalize_phone(text)
    if not MOROCCAN_MOBILE.fullmatch(number):
        raise ValidationError(
            _("Enter a Moroccan mobile number such as 06 12 34 56 78 or +212 6 12 34 56 78, or an e-mail address."),
            code="phone",
        )
    return Destination(Channel.SMS, number)


def code_hash(code_id: uuid.UUID, code: str) -> str:
    """The stored form of a code: keyed by SECRET_KEY and salted with its row's id."""
    return salted_hmac(HASH_SALT, f"{code_id}:{code}", algorithm="sha256").hexdigest()


LOCKED = ngettext_lazy(
    "Too many wrong codes were entered for this number or address. Try again in %(minutes)s minute.",
    "Too many wrong codes were entered for this number or address. Try again in %(minutes)s minutes.",
    "minutes",
)
TOO_MANY = ngettext_lazy(
    "Too many codes were asked for. Try again in %(minutes)s minute.",
    "Too many codes were asked for. Try again in %(minutes)s minutes.",
    "minutes",
)


def _wait_message(message: Any, until: datetime.datetime, now: datetime.datetime) -> str:
    """`message` (LOCKED, TOO_MANY) with the minutes left until `until`, at least one."""
    return str(message % {"minutes": max(1, math.ceil((until - now).total_seconds() / 60))})


def _lock_for(destination: Destination) -> SignInLock:
    """The destination's counter row, locked for this transaction (concurrent requests for it wait)."""
    SignInLock.objects.get_or_create(destination=destination.address)
    return SignInLock.objects.select_for_update().get(destination=destination.address)


def _holder(destination: Destination) -> tuple[bool, User | None]:
    """(a code may be sent, the citizen account that holds the destination or None for a new one).

    A number or address held by any account that is not an active citizen's (staff, deactivated, several
    accounts) gets no code."""
    if destination.channel == Channel.SMS:
        holders = list(User.objects.filter(phone=destination.address))
    else:
        holders = list(User.objects.filter(email__iexact=destination.address))
    if not holders:
        return True, None
    if len(holders) == 1 and citizen_accounts().filter(pk=holders[0].pk).exists():
        return True, holders[0]
    return False, None


def _check_limits(destination: Destination, ip_address: str | None, now: datetime.datetime) -> None:
    window = datetime.timedelta(minutes=int(settings.JISR_OTP_DESTINATION_WINDOW_MINUTES))
    recent = list(
        SignInCode.objects.filter(destination=destination.address, created_at__gt=now - window)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    limit = int(settings.JISR_OTP_SENDS_PER_DESTINATION)
    if len(recent) >= limit:
        raise TooManyCodes(_wait_message(TOO_MANY, recent[-limit] + window, now))
    if ip_address:
        window = datetime.timedelta(minutes=int(settings.JISR_OTP_ADDRESS_WINDOW_MINUTES))
        from_address = list(
            SignInCode.objects.filter(ip_address=ip_address, created_at__gt=now - window)
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        limit = int(settings.JISR_OTP_SENDS_PER_ADDRESS)
        if len(from_address) >= limit:
            raise TooManyCodes(_wait_message(TOO_MANY, from_address[-limit] + window, now))


@transaction.atomic
def sign_in_code_request(*, destination: Destination, ip_address: str | None, language: str) -> SignInCode:
    """Send a new code to `destination` (in `language`) unless a limit or a lock refuses it.

    Raises Locked or TooManyCodes. Returns the code's row (its id goes in the session): the same for a number
    that gets no code, whose row counts against the limits all the same."""
    now = timezone.now()
    SignInCode.objects.filter(created_at__lt=now - KEEP_CODES).delete()
    SignInLock.objects.filter(updated_at__lt=now - KEEP_CODES).exclude(locked_until__gt=now).delete()
    lock = _lock_for(destination)
    if lock.locked_until is not None and lock.locked_until > now:
        raise Locked(_wait_message(LOCKED, lock.locked_until, now))
    _check_limits(destination, ip_address, now)
    deliverable, _account = _holder(destination)
    SignInCode.objects.filter(destination=destination.address, used_at=None, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = SignInCode(
        id=uuid.uuid4(),
        channel=destination.channel,
        destination=destination.address,
        sent=deliverable,
        ip_address=ip_address,
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=int(settings.JISR_OTP_CODE_MINUTES)),
    )
    row.code_hash = code_hash(row.id, code) if deliverable else ""
    row.save()
    if deliverable:
        messages.sign_in_code(channel=destination.channel, address=destination.address, code=code, language=language)
    return row


def sign_in_code_destination(code_id: uuid.UUID | str) -> Destination | None:
    """Where the code with this id went (for the page that asks for it), or None."""
    try:
        row = SignInCode.objects.filter(pk=code_id).first()
    except (ValidationError, ValueError):
        return None
    return Destination(row.channel, row.destination) if row is not None else None


def _failed(row: SignInCode, lock: SignInLock, ip_address: str | None, now: datetime.datetime) -> SignInRefused:
    """Count one wrong code (locking at the limit), audit it, and say what the citizen reads."""
    limit = int(settings.JISR_OTP_FAILURE_LIMIT)
    lock.failures += 1
    locked = lock.failures >= limit
    until = now + datetime.timedelta(minutes=int(settings.JISR_OTP_LOCKOUT_MINUTES))
    if locked:
        lock.failures = 0
        lock.locked_until = until
        row.expires_at = now
        row.save(update_fields=["expires_at"])
    lock.save(update_fields=["failures", "locked_until", "updated_at"])
    destination = Destination(row.channel, row.destination)
    audit.record(
        actor=None,
        action=AuditLog.Action.LOGIN_FAILED,
        object_type="khadamati.signincode",
        object_repr=destination.masked,
        changes={"step": "code", "channel": row.channel, "locked": locked},
        ip_address=ip_address,
    )
    if locked:
        return Locked(_wait_message(LOCKED, until, now))
    remaining = limit - lock.failures
    return CodeRejected(
        ngettext(
            "This code is not right. Check it and try again: %(remaining)s attempt left.",
            "This code is not right. Check it and try again: %(remaining)s attempts left.",
            remaining,
        )
        % {"remaining": remaining}
    )


@transaction.atomic
def _verify(code_id: uuid.UUID | str, code: str, ip_address: str | None) -> Verified | SignInRefused:
    now = timezone.now()
    try:
        row = SignInCode.objects.select_for_update().filter(pk=code_id).first()
    except (ValidationError, ValueError):
        row = None
    if row is None:
        return CodeRejected(_("This code has expired. Ask for a new one."))
    lock = _lock_for(Destination(row.channel, row.destination))
    if lock.locked_until is not None and lock.locked_until > now:
        return Locked(_wait_message(LOCKED, lock.locked_until, now))
    if row.used_at is not None:
        return CodeRejected(_("This code has already been used. Ask for a new one."))
    if row.expires_at <= now:
        return CodeRejected(_("This code has expired. Ask for a new one."))
    typed = re.sub(r"\s", "", to_ascii_digits(code or ""))
    right = constant_time_compare(code_hash(row.id, typed), row.code_hash) and row.sent and bool(row.code_hash)
    if not right:
        return _failed(row, lock, ip_address, now)
    row.used_at = now
    row.save(update_fields=["used_at"])
    lock.failures, lock.locked_until = 0, None
    lock.save(update_fields=["failures", "locked_until", "updated_at"])
    destination = Destination(row.channel, row.destination)
    deliverable, account = _holder(destination)
    if not deliverable:  # the number became a staff account's since the code was sent
        return CodeRejected(_("This code has expired. Ask for a new one."))
    return Verified(destination, account)


def sign_in_code_verify(*, code_id: uuid.UUID | str, code: str, ip_address: str | None) -> Verified:
    """Check the code typed for the code row `code_id`; raises CodeRejected or Locked.

    A wrong code is counted (and audited) even though the refusal is raised: the count is committed first."""
    outcome = _verify(code_id, code, ip_address)
    if isinstance(outcome, SignInRefused):
        raise outcome
    return outcome


@transaction.atomic
def citizen_sign_up(*, destination: Destination, first_name: str, last_name: str, language: str) -> User:
    """Create the citizen account of a number or address whose code was just verified.

    The account has no password (citizens sign in by code) and the citizen role; when an account was created
    for the same number meanwhile (two tabs), that account is returned."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    errors: dict[str, list[str]] = {}
    if not first_name:
        errors["first_name"] = [_("Enter your first name.")]
    if not last_name:
        errors["last_name"] = [_("Enter your family name.")]
    if errors:
        raise ValidationError(errors)
    deliverable, existing = _holder(destination)
    if not deliverable:
        raise ValidationError(_("This number or address cannot be used here. Ask for a new code."))
    if existing is not None:
        return existing
    user = User(
        username=f"citizen-{secrets.token_hex(6)}",
        first_name=first_name[:150],
        last_name=last_name[:150],
        password=make_password(None),
        preferred_language=language[:5],
        phone=destination.address if destination.channel == Channel.SMS else "",
        email=destination.address if destination.channel == Channel.EMAIL else "",
    )
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        _deliverable, existing = _holder(destination)
        if existing is None:
            raise
        return existing
    membership = Membership.objects.create(user=user, role=Role.objects.get(slug=Role.CITIZEN))
    audit.record(
        actor=user,
        action=AuditLog.Action.CREATE,
        obj=user,
        changes={"channel": destination.channel, "role": membership.role_id},
    )
    return user
