import time
from typing import Any

from django.core.management.base import BaseCommand

from jisr.socialmap.models import Refresh
from jisr.socialmap.services import refresh_run


class Command(BaseCommand):
    help = "Recompute the social map's supply, use and ratio layers now (beat also runs it nightly)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        refresh = refresh_run(Refresh.objects.create(reason="command").pk)
        self.stdout.write(f"Social map refreshed ({refresh.status}) in {time.perf_counter() - started:.1f} s.")
