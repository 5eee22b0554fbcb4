"""The regional report as a PDF (A4 landscape), in the reader's language: Arabic right to left and shaped, or
French. What it holds is `report.RegionalReport`'s; this module lays it out with the font and shaping of
every Jisr PDF (`jisr.core.pdf`).

Per pillar, a table of its indicators — baseline, the year's target and actual (with its origin), the light
(a shape and its words, never a colour alone) — and, in the last column, the indicator's trend: the actuals
by year as bars and the targets as marks, years running from the reading side. Then the open alerts, the
centers by type and the programs' coverage. The columns run right to left in Arabic.
"""

from __future__ import annotations

import datetime
import math

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from jisr.core.pdf import BODY, new_document
from jisr.strategy.models import YEARS
from jisr.strategy.overview import IndicatorRow, light_label, origin_label
from jisr.strategy.report import RegionalReport

SIZE = 9
ROW = 11  # millimetres: the height of an indicator's row (its trend chart is drawn in it)
ACTUAL_RGB = (11, 93, 87)  # the page's colours (#0b5d57 actual, #8a4500 target)
TARGET_RGB = (138, 69, 0)
LIGHT_RGB = {"on_track": (25, 135, 84), "at_risk": (255, 193, 7), "off_track": (220, 53, 69), "": (108, 117, 125)}
PAD = 6  # millimetres kept on the reading side of the light's cell for its shape


def _number(value: float | None, decimals: int) -> str:
    return "—" if value is None else str(floatformat(value, f"{decimals}g"))


def _date(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value).date(), "SHORT_DATE_FORMAT")


class _Layout:
    """Paragraphs and tables aligned to the reading direction: in Arabic the first column is on the right."""

    def __init__(self, pdf: FPDF, rtl: bool) -> None:
        self.pdf, self.rtl = pdf, rtl
        self.align = Align.R if rtl else Align.L
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def paragraph(self, text: str, *, size: float = SIZE, bold: bool = False, gap: float = 1.0) -> None:
        self.pdf.set_font(BODY, style="B" if bold else "", size=size)
        self.pdf.set_x(self.pdf.l_margin)
        self.pdf.multi_cell(self.width, size * 0.5, text, align=self.align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(gap)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.paragraph(text, size=13, bold=True, gap=1.5)

    def columns(self, widths: list[float]) -> list[float]:
        """The x of each column's left edge, the first column on the reading side."""
        xs, x = [], self.pdf.l_margin
        for width in widths:
            xs.append(x)
            x += width
        if self.rtl:
            right = self.pdf.l_margin + self.width
            xs = [right - (xs[i] - self.pdf.l_margin) - widths[i] for i in range(len(widths))]
        return xs

    def keep(self, height: float) -> None:
        """A new page unless `height` millimetres still fit (a heading stays with its table's first rows)."""
        if self.pdf.will_page_break(height):
            self.pdf.add_page()

    def row(self, cells: list[str], widths: list[float], *, height: float = 6, bold: bool = False,
            fill: bool = False, pads: dict[int, float] | None = None) -> tuple[float, float]:  # fmt: skip
        """One table row; each cell wraps within its column (less its pad, on the reading side); returns the
        row's top and bottom y."""
        pdf = self.pdf
        pads = pads or {}
        pdf.set_font(BODY, style="B" if bold else "", size=SIZE)
        leading = SIZE * 0.45
        # The lines each cell takes, estimated from its shaped width (one shaping per cell; laying it out twice,
        # dry then for real, doubled the report's time); a tenth more for the words that do not fit a line's end.
        lines = [max(1, math.ceil(pdf.get_string_width(text) * 1.1 / (w - 2 - pads.get(i, 0))))
                 for i, (text, w) in enumerate(zip(cells, widths, strict=False))]  # fmt: skip
        least, height = height, max(height, max(lines, default=1) * leading + 2)
        if pdf.will_page_break(height):
            pdf.add_page()
        y = pdf.get_y()
        if fill:
            pdf.set_fill_color(233, 242, 241)
            pdf.rect(pdf.l_margin, y, self.width, height, style="F")
        bottom = y + (height if fill else least)  # a filled row's ground is drawn before its text
        breaks, margin = pdf.auto_page_break, pdf.b_margin
        pdf.set_auto_page_break(False)  # a row stays on its page
        for index, (text, width, x) in enumerate(zip(cells, widths, self.columns(widths), strict=False)):
            pad = pads.get(index, 0)
            pdf.set_xy(x + 1 + (0 if self.rtl else pad), y + 1)
            pdf.multi_cell(width - 2 - pad, leading, text, align=self.align, new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, pdf.get_y() + 1)
        pdf.set_auto_page_break(breaks, margin)
        height = bottom - y
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + self.width, y + height)
        pdf.set_xy(pdf.l_margin, y + height)
        return y, y + height


def _trend(pdf: FPDF, row: IndicatorRow, x: float, y: float, width: float, height: float, rtl: bool) -> None:
    """The actuals by year as bars and the targets as marks, scaled to the largest; years from the reading side."""
    series = row.series
    values = [v for p in series for v in (p.actual, p.target) if v is not None]
    top = max(values, default=0.0)
    if top <= 0:
        return
    slot = width / len(series)
    for index, point in enumerate(series):
        position = len(series) - 1 - index if rtl else index
        left = x + position * slot
        if point.actual is not None:
            bar = height * point.actual / top
            pdf.set_fill_color(*ACTUAL_RGB)
            pdf.rect(left + slot * 0.2, y + height - bar, slot * 0.6, bar, style="F")
        if point.target is not None:
            mark = y + height - height * point.target / top
            pdf.set_draw_color(*TARGET_RGB)
            pdf.set_line_width(0.6)
            pdf.line(left + slot * 0.05, mark, left + slot * 0.95, mark)
            pdf.set_line_width(0.2)
    pdf.set_draw_color(160, 160, 160)
    pdf.line(x, y + height, x + width, y + height)


def _light(pdf: FPDF, light: str | None, x: float, y: float) -> None:
    """The light's shape as on the page (a disc on track, a triangle at risk, a square off track, a ring
    without data), in its colour: the shape and the words beside it say it without the colour."""
    pdf.set_fill_color(*LIGHT_RGB[light or ""])
    pdf.set_draw_color(*LIGHT_RGB[light or ""])
    if light == "on_track":
        pdf.circle(x + 1.6, y + 1.6, 1.6, style="F")
    elif light == "at_risk":
        pdf.polygon([(x, y + 3.2), (x + 1.6, y), (x + 3.2, y + 3.2)], style="F")
    elif light == "off_track":
        pdf.rect(x, y, 3.2, 3.2, style="F")
    else:
        pdf.circle(x + 1.6, y + 1.6, 1.5, style="D")


def _indicators(layout: _Layout, report: RegionalReport) -> None:
    pdf, year = layout.pdf, report.year
    widths = [78.0, 24.0, 24.0, 40.0, 34.0, 40.0, 27.0]
    head = [_("Indicator"), _("Baseline"), _("Target %(year)s") % {"year": year},
            _("Actual %(year)s") % {"year": year}, _("Light"), _("Trend %(first)s–%(last)s") % {
                "first": YEARS[0], "last": YEARS[-1]}, _("Latest actual")]  # fmt: skip
    for number, block in enumerate(report.blocks, start=1):
        layout.keep(40)
        layout.heading(f"{number}. {block.pillar.name}")
        layout.row(head, widths, bold=True, fill=True)
        for row in block.rows:
            indicator, point = row.indicator, row.year_point
            decimals = indicator.decimals
            direction = _("down is good") if indicator.direction == "down" else _("up is good")
            comma = "، " if layout.rtl else ", "
            name = f"{indicator.name} ({indicator.get_unit_display()}{comma}{direction})"
            if row.illustrative:
                name += f" — {_('illustrative demo figures')}"
            baseline = f"{_number(row.baseline.value, decimals)} ({row.baseline.year})" if row.baseline else "—"
            actual = _number(point.actual, decimals)
            if point.actual is not None:
                actual += f" ({origin_label(point.origin)})"
            latest = f"{_number(row.latest.actual, decimals)} ({row.latest.year})" if row.latest else "—"
            cells = [name, baseline, _number(point.target, decimals), actual, light_label(point.light), "", latest]
            top, bottom = layout.row(cells, widths, height=ROW, pads={4: PAD})
            xs = layout.columns(widths)
            _light(pdf, point.light, xs[4] + (widths[4] - PAD if layout.rtl else 1.5), top + 1.3)
            _trend(pdf, row, xs[5] + 2, top + 1.5, widths[5] - 4, bottom - top - 3, layout.rtl)
    layout.paragraph(_("Trend: the bars are the actuals by year, the marks the targets. Light: on track when the "
                       "actual is at most the indicator's margin short of the target, in the indicator's "
                       "direction."), size=8)  # fmt: skip


def _alerts(layout: _Layout, report: RegionalReport) -> None:
    layout.keep(30)
    layout.heading(_("Open social-watch alerts"))
    if not report.alerts:
        layout.paragraph(_("No open alert in this territory."))
        return
    widths = [150.0, 40.0, 40.0, 37.0]
    layout.row([_("Alert"), _("Severity"), _("Status"), _("Raised on")], widths, bold=True, fill=True)
    for alert in report.alerts:
        layout.row([alert.title, alert.severity, alert.status, _date(alert.raised_at)], widths)


def _centers_and_coverage(layout: _Layout, report: RegionalReport) -> None:
    layout.heading(_("Centers"))
    if report.centers:
        total = sum(count for _kind, count in report.centers)
        separator = "، " if layout.rtl else ", "
        kinds = separator.join(f"{kind} ({count})" for kind, count in report.centers)
        text = ngettext("%(count)s active center: %(kinds)s", "%(count)s active centers: %(kinds)s", total)
        layout.paragraph(text % {"count": total, "kinds": kinds})
    else:
        layout.paragraph(_("No active center in this territory."))
    if report.coverage is None:
        return
    layout.keep(30)
    layout.heading(_("Coverage of the social programs"))
    if not report.coverage:
        layout.paragraph(_("No active program."))
        return
    widths = [120.0, 50.0, 50.0, 47.0]
    layout.row([_("Program"), _("Eligible households"), _("Enrolled households"), _("Coverage (%)")], widths,
               bold=True, fill=True)  # fmt: skip
    for line in report.coverage:
        layout.row([line.program, _number(line.eligible, 0), _number(line.enrolled, 0), _number(line.rate, 1)],
                   widths)  # fmt: skip
    layout.paragraph(_("Counts under 5 are hidden (—)."), size=8)


def regional_report_pdf(report: RegionalReport) -> bytes:
    """The report in the active language: right to left and shaped for Arabic."""
    rtl = get_language_bidi()
    title = _("Strategy 2022–2026: regional report")
    pdf = new_document(title=f"{title} — {report.place.name} {report.year}", orientation="landscape", rtl=rtl)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(15, 12, 15)
    pdf.add_page()
    layout = _Layout(pdf, rtl)
    layout.paragraph(title, size=18, bold=True, gap=1)
    layout.paragraph(f"{report.place.name} — {report.year}", size=14, bold=True, gap=1)
    counts = report.lights
    layout.paragraph(_("%(on)s indicators on track, %(risk)s at risk, %(off)s off track, %(none)s without data.")
                     % {"on": counts["on_track"], "risk": counts["at_risk"], "off": counts["off_track"],
                        "none": counts[""]}, gap=0.5)  # fmt: skip
    layout.paragraph(_("Made on %(date)s from the figures stored in Jisr. An entered value wins over one computed "
                       "from Jisr's records, and either over the roll-up of the territories.")
                     % {"date": _date(report.made_at)}, size=8)  # fmt: skip
    _indicators(layout, report)
    _alerts(layout, report)
    _centers_and_coverage(layout, report)
    return bytes(pdf.output())
