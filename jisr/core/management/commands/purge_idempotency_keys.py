"""`jisr purge_idempotency_keys`: delete the API idempotency keys past their lifetime (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jisr.core.idempotency import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete the Idempotency-Key answers older than JISR_IDEMPOTENCY_KEY_HOURS (24 by default)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("%(count)d expired idempotency keys deleted.") % {"count": idempotency_keys_purge()})
