"""`jisr load_strategy [--demo]`: the strategy's framework and census baselines; illustrative figures with --demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jisr.strategy.loader import load_census_baselines, load_demo_figures, load_framework


class Command(BaseCommand):
    help = "Load the strategy's pillars, levers, objectives and indicators, and the HCP 2024 baselines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Add illustrative targets and actuals (demo only).")

    def handle(self, *args: Any, **options: Any) -> None:
        indicators = load_framework()
        baselines = load_census_baselines()
        self.stdout.write(f"{indicators} indicators, {baselines} census baselines")
        if options["demo"]:
            self.stdout.write(f"{load_demo_figures()} illustrative figures")
