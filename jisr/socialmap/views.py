"""The social map's pages: the map with its table, and "where next". Thin: parse → read → render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.spreadsheets import csv_bytes, xlsx_bytes
from jisr.socialmap import rankings, selectors
from jisr.socialmap.classes import SCHEMES
from jisr.socialmap.mapview import Params, map_view, view_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def map_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The choropleth of one indicator over the territories one level below the chosen one, and its table."""
    view = map_view(request.user, Params.parse(request.GET))
    file_format = request.GET.get("format")
    if file_format in ("csv", "xlsx"):
        header = ["code", "name", view.indicator.key, *([view.versus.key] if view.versus else []), "hidden"]
        lines: list[list[Any]] = [header]
        for line in view.lines:
            lines.append([line.row.place.code, line.row.place.name, line.row.value,
                          *([line.versus.value if line.versus else None] if view.versus else []),
                          line.row.hidden])  # fmt: skip
        content, _count = csv_bytes(lines) if file_format == "csv" else xlsx_bytes(lines, view.place.code)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8" if file_format == "csv" else XLSX)
        name = f"socialmap-{view.indicator.key}-{view.place.code}-{view.year or ''}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "view": view,
        "schemes": SCHEMES,
        "sex_labels": {"all": _("both sexes"), "male": _("men"), "female": _("women")},
        "breadcrumb": [
            (place, view_url(view.params, level=place.level, code=place.code)) for place in view.place.lineage
        ],  # fmt: skip
        "sort_urls": {
            "name": view_url(view.params, sort="name"),
            "value": view_url(view.params, sort="value"),
            "desc": view_url(view.params, sort="-value"),
        },
        "download_csv": view_url(view.params, format="csv"),
        "download_xlsx": view_url(view.params, format="xlsx"),
        "where_next_url": view_url(view.params).replace("/socialmap/?", "/socialmap/where-next/?"),
        "last_refresh": selectors.last_refresh(),
    }
    return render(request, "socialmap/map.html", context)


@login_required
@require_GET
def where_next(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The provinces (or the communes of a province) ranked by unmet need, each ranking with its formula."""
    level, code = request.GET.get("level") or "", request.GET.get("code") or ""
    place = selectors.visible_place(request.user, level, code) if level else selectors.home_place(request.user)
    if place.level == "commune" and place.parent is not None:
        place = place.parent
    sees = selectors.sees_counts(request.user)
    context = {"place": place, "rankings": rankings.rankings(place, sees_counts=sees),
               "last_refresh": selectors.last_refresh()}  # fmt: skip
    return render(request, "socialmap/where_next.html", context)
