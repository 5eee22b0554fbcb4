"""`jisr refresh_strategy`: recompute the computed actuals now, in this process (as the nightly task does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jisr.strategy.models import Refresh
from jisr.strategy.services import refresh_run


class Command(BaseCommand):
    help = "Recompute every computed actual of the strategy for each year up to this one."

    def handle(self, *args: Any, **options: Any) -> None:
        refresh = refresh_run(Refresh.objects.create().pk)
        self.stdout.write(f"{refresh.steps_total} indicators computed ({refresh.status})")
