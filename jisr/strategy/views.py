"""The strategy's pages: per pillar its indicators in a territory, the comparison of territories on one
indicator, downloads, and the entry of figures (one by one, or by file). Thin: parse, one selector or
service, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import service_errors_into
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes
from jisr.strategy import importing, overview, report, selectors, services
from jisr.strategy.forms import FigureForm, ImportForm
from jisr.strategy.models import YEARS
from jisr.strategy.report_pdf import regional_report_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _place(request: AuthenticatedHttpRequest) -> Any:
    chosen = request.GET.get("place", "")
    if ":" in chosen:
        level, code = chosen.split(":", 1)
        return selectors.visible_place(request.user, level, code)
    return selectors.home_place(request.user)


def _year(request: AuthenticatedHttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return overview.default_year()
    return year if year in YEARS else overview.default_year()


def _download(table: list[list[Any]], file_format: str, name: str) -> HttpResponse:
    content, _count = csv_bytes(table) if file_format == "csv" else xlsx_bytes(table, "strategy")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8" if file_format == "csv" else XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@login_required
def strategy_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each pillar with its indicators in the chosen territory: latest actual, the year's target, the light."""
    place, year = _place(request), _year(request)
    blocks = overview.overview(place, year)
    if request.GET.get("format") in ("csv", "xlsx"):
        return _download(overview.overview_table(blocks, year), request.GET["format"], f"strategy-{place.code}-{year}")
    context = {
        "place": place,
        "year": year,
        "years": YEARS,
        "blocks": blocks,
        "places": selectors.selectable_places(request.user),
        "chart": overview.chart_data([row for block in blocks for row in block.rows]),
        "can_enter": selectors.may_enter(request.user, place.level, place.code),
        "last_refresh": selectors.last_refresh(),
    }
    return render(request, "strategy/page.html", context)


@login_required
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The regional report (PDF) of the chosen territory and year, in the page's language; 404 outside scope."""
    selectors.require_strategy(request.user)
    chosen = request.GET.get("place", "")
    level, _sep, code = chosen.partition(":") if ":" in chosen else ("", "", "")
    if not level:
        home = selectors.home_place(request.user)
        level, code = home.level, home.code
    content = regional_report_pdf(report.regional_report(request.user, level, code, _year(request)))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="strategy-report-{code}-{_year(request)}.pdf"'
    return response


@login_required
def compare_page(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The territory's parts on one indicator, sorted best first, with the territory's own value."""
    selectors.require_strategy(request.user)
    indicator = selectors.indicator_get(code)
    place, year = _place(request), _year(request)
    rows, own = overview.comparison(request.user, indicator, place, year)
    if request.GET.get("format") in ("csv", "xlsx"):
        table = overview.comparison_table(indicator, rows, own, place)
        return _download(table, request.GET["format"], f"strategy-{indicator.code}-{place.code}-{year}")
    values = [row.point.actual for row in rows if row.point.actual is not None]
    scale = max([*values, own.actual or 0.0, own.target or 0.0, 0.0]) or 1.0
    context = {"indicator": indicator, "place": place, "year": year, "years": YEARS, "rows": rows, "own": own,
               "scale": scale, "places": selectors.selectable_places(request.user),
               "history": selectors.history(indicator, place)[:20],
               "png": overview.comparison_chart(indicator, rows, own, place)}  # fmt: skip
    return render(request, "strategy/compare.html", context)


@login_required
def enter_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enter one figure, or import a CSV/XLSX of them (with the row-by-row report)."""
    selectors.require_strategy(request.user)
    services.require_enter(request.user)
    form = FigureForm(request.POST or None, prefix="one")
    upload = ImportForm(request.POST or None, request.FILES or None, prefix="file")
    report = None
    if request.method == "POST" and "one-indicator" in request.POST and form.is_valid():
        try:
            services.figure_enter(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            return redirect("strategy:enter")
    if request.method == "POST" and "file-file" in request.FILES and upload.is_valid():
        file = upload.cleaned_data["file"]
        report = importing.figures_import(acting_user=request.user, file_name=file.name, content=file.read())
    return render(request, "strategy/enter.html", {"form": form, "upload": upload, "report": report})
