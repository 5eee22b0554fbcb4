"""`jisr link_persons [--threshold P]`: find probable duplicates across the whole index (Splink)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from jisr.people.linkage import linkage_run_execute, linkage_run_start


class Command(BaseCommand):
    help = "Run record linkage (Splink, DuckDB) over the beneficiary index and store the pairs for review."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--threshold", type=float, default=0.95, help="Match probability kept for review.")

    def handle(self, *args: Any, threshold: float = 0.95, **options: Any) -> None:
        started = time.perf_counter()
        run = linkage_run_execute(linkage_run_start(acting_user=None, threshold=threshold).pk)
        self.stdout.write(
            f"{run.pairs} new pairs in {run.clusters} clusters among {run.persons} persons "
            f"({time.perf_counter() - started:.1f} s)"
        )
