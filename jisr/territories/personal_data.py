"""The territories hold no personal data: declared so (`jisr.core.personal_data`)."""

from __future__ import annotations

from jisr.core import personal_data
from jisr.territories.models import Arrondissement, Commune, PrefectureOfArrondissements, Province, Region


def register() -> None:
    for model in (Region, Province, PrefectureOfArrondissements, Commune, Arrondissement):
        personal_data.declare_no_personal_data(model, "the administrative division of Morocco")
