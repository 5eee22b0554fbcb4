"""The strategy holds no personal data: aggregates per territory only (`jisr.core.personal_data`)."""

from __future__ import annotations

from jisr.core import personal_data
from jisr.strategy.models import Figure, FigureRevision, Indicator, Lever, Objective, Pillar, Refresh


def register() -> None:
    personal_data.declare_no_personal_data(Pillar, "the strategy's pillars")
    personal_data.declare_no_personal_data(Lever, "the strategy's levers")
    personal_data.declare_no_personal_data(Objective, "the strategy's objectives")
    personal_data.declare_no_personal_data(Indicator, "what the strategy measures, with its source")
    personal_data.declare_no_personal_data(Figure, "baselines, targets and actuals per territory")
    personal_data.declare_no_personal_data(FigureRevision, "earlier values of those figures")
    personal_data.declare_no_personal_data(Refresh, "when the computed actuals were recomputed")
