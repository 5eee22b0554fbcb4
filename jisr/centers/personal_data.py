"""The directory of centers holds no data about beneficiaries: declared so (`jisr.core.personal_data`)."""

from __future__ import annotations

from jisr.centers.models import (
    Center,
    CenterImport,
    CenterService,
    CenterWorks,
    OpeningHours,
    Organization,
    ServiceType,
    WorksPhase,
    WorksPhoto,
)
from jisr.core import personal_data

REASONS = {
    Organization: "an organization of the directory",
    Center: "a center of the directory",
    OpeningHours: "a center's opening hours",
    ServiceType: "the catalogue of services",
    CenterService: "a service a center offers",
    CenterWorks: "a center's rehabilitation works (phase, contractor, budget)",
    WorksPhase: "the dates of a phase of a center's works",
    WorksPhoto: "a photo of a building under works, stored without its metadata (no beneficiary is photographed)",
    CenterImport: "an import of the directory (centers, not persons); its file goes after the upload retention",
}


def register() -> None:
    for model, reason in REASONS.items():
        personal_data.declare_no_personal_data(model, reason)
