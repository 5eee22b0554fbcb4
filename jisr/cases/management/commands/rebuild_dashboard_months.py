import time
from typing import Any

from django.core.management.base import BaseCommand

from jisr.cases.dashboard_months import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the dashboards' monthly figures of every center from the cases (after a bulk load or a "
        "correction made outside the services; beat also runs it nightly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = rebuild()
        self.stdout.write(f"Dashboard months rebuilt: {rows:,} rows in {time.perf_counter() - started:.1f} s.")
