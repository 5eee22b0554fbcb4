"""The SMS backends (JISR_SMS_BACKEND): console (demo), locmem (tests) and HTTP (a provider's JSON API)."""

from __future__ import annotations

import json
import logging
import sys
import threading
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jisr.core import sms
from jisr.core.sms import Sms, SmsError, mask

logger = logging.getLogger("jisr.sms")
_console_lock = threading.Lock()


class ConsoleBackend:
    """Prints each message on the standard output (the terminal of `make demo`)."""

    def send(self, message: Sms) -> None:
        with _console_lock:
            sys.stdout.write(f"SMS to {message.to}\n{message.text}\n{'-' * 40}\n")
            sys.stdout.flush()


class LocmemBackend:
    """Keeps each message in `jisr.core.sms.outbox`, for the tests."""

    def send(self, message: Sms) -> None:
        sms.outbox.append(message)


class HttpBackend:
    """Posts each message as JSON to the provider's URL.

    Body: `{"to": "+2126…", "from": JISR_SMS_SENDER, "text": "…"}`; header `Authorization: Bearer
    JISR_SMS_HTTP_TOKEN`; any 2xx answer is a success. A refusal (another status), a timeout
    (JISR_SMS_HTTP_TIMEOUT seconds) or a network error is logged (the number masked, the text never: it may
    hold a code) and raised as SmsError.
    """

    def __init__(self) -> None:
        self.url = settings.JISR_SMS_HTTP_URL
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("JISR_SMS_HTTP_URL must be the provider's http(s) URL.")
        self.token = settings.JISR_SMS_HTTP_TOKEN
        self.sender = settings.JISR_SMS_SENDER
        self.timeout = settings.JISR_SMS_HTTP_TIMEOUT

    def send(self, message: Sms) -> None:
        body = json.dumps({"to": message.to, "from": self.sender, "text": message.text}).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 — checked scheme
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            logger.error("SMS to %s not sent: the provider could not be reached (%s)", mask(message.to), reason)
            raise SmsError(f"the provider could not be reached: {reason}") from error
        if not 200 <= status < 300:
            logger.error("SMS to %s not sent: the provider answered HTTP %s", mask(message.to), status)
            raise SmsError(f"the provider answered HTTP {status}")
