"""The social map holds no personal data: aggregates per territory only (`jisr.core.personal_data`)."""

from __future__ import annotations

from jisr.core import personal_data
from jisr.socialmap.models import Indicator, IndicatorValue, Refresh


def register() -> None:
    personal_data.declare_no_personal_data(Indicator, "what the social map measures, with its source")
    personal_data.declare_no_personal_data(IndicatorValue, "figures per territory, small counts hidden when shown")
    personal_data.declare_no_personal_data(Refresh, "when the social map's figures were recomputed")
