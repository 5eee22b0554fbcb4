"""`jisr purge_idempotency_keys`: delete the API idempotency keys past their lifetime (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from jisr.core.idempotency import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete the Idempotency-Key answers older than JISR_IDEMPOTENCY_KEY_HOURS (24 by default)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = idempotency_keys_purge()
        message = ngettext(
            "%(count)d expired idempotency key deleted.", "%(count)d expired idempotency keys deleted.", count
        )
        self.stdout.write(message % {"count": count})
