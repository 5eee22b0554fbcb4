"""The data of the coverage page's charts, drawn in the browser by Chart.js (programs/coverage_chart.js).

The page passes it with `json_script`: translated series names and summaries come from here, the
figures straight from the coverage rows, so a count suppressed for the viewer (None) stays null in
the chart: the browser never receives a number the table hides.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.programs.coverage import CoverageRow

# Beyond this many bars a chart is unreadable (1,503 communes nationally): the chart draws the first
# ones in the table's order (the largest gaps by default) and says so; the table lists them all.
MAX_BARS = 40


def coverage_chart(rows: list[CoverageRow]) -> dict[str, Any] | None:
    """The charts' data for `rows` (already in the table's order), or None when there is nothing to draw."""
    drawn = rows[:MAX_BARS]
    if not any(row.figures.get("eligible_households") or row.figures.get("enrolled_households") for row in drawn):
        return None
    gaps = [row for row in rows if row.gap is not None]
    largest = max(gaps, key=lambda row: row.gap or 0) if gaps else None
    households = ngettext(
        "Bar chart of the eligible households, the enrolled households and the gap for %(count)d territory, "
        "in the order of the table below.",
        "Bar chart of the eligible households, the enrolled households and the gap for %(count)d territories, "
        "in the order of the table below.",
        len(drawn),
    ) % {"count": len(drawn)}
    if largest is not None and largest.gap:
        households += " " + _("The largest gap is in %(name)s: %(gap)s households.") % {
            "name": largest.name,
            "gap": number_format(largest.gap, force_grouping=True),
        }
    coverage = ngettext(
        "Bar chart of the coverage rate (enrolled ÷ eligible households, in %%) for %(count)d territory, "
        "in the order of the table below.",
        "Bar chart of the coverage rate (enrolled ÷ eligible households, in %%) for %(count)d territories, "
        "in the order of the table below.",
        len(drawn),
    ) % {"count": len(drawn)}
    note = None
    if len(rows) > len(drawn):
        note = _("The charts show the first %(shown)d of the %(total)d territories of the table.") % {
            "shown": len(drawn),
            "total": len(rows),
        }
    return {
        "labels": [row.name for row in drawn],
        "eligible": [row.figures.get("eligible_households") for row in drawn],
        "enrolled": [row.figures.get("enrolled_households") for row in drawn],
        "gap": [row.gap for row in drawn],
        "coverage": [row.coverage_rate for row in drawn],
        "has_rates": any(row.coverage_rate is not None for row in drawn),
        "text": {
            "eligible": _("Eligible"),
            "enrolled": _("Enrolled"),
            "gap": _("Gap"),
            "coverage": _("Coverage"),
            "households": _("Households"),
        },
        "summary": {"households": households, "coverage": coverage},
        "note": note,
    }
