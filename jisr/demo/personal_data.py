"""The demo marker holds no personal data: declared so (`jisr.core.personal_data`)."""

from __future__ import annotations

from jisr.core import personal_data
from jisr.demo.models import DemoDataset


def register() -> None:
    personal_data.declare_no_personal_data(DemoDataset, "which demo data set is loaded")
