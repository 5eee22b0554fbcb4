"""The dashboards' pages (thin: parse the filter, call `jisr.core.dashboards`, render or download)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from jisr.core import dashboards
from jisr.core.forms_dashboards import DashboardFilterForm


def _url(territory: dashboards.Territory, period: dashboards.Period | None = None) -> str:
    url = reverse("core:dashboard", args=[territory.level, territory.code])
    if period is None:
        return url
    return f"{url}?{urlencode({'start': f'{period.first:%Y-%m}', 'end': f'{period.last:%Y-%m}'})}"


@login_required
@require_GET
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """The territories whose dashboard the user may open; straight to it when there is one."""
    territories = dashboards.dashboard_territories(request.user)
    if not territories:
        raise Http404
    if len(territories) == 1:
        return redirect(_url(territories[0]))
    return render(request, "core/dashboard_index.html", {"territories": territories})


@login_required
@require_GET
def dashboard_page(request: HttpRequest, level: str, code: str) -> HttpResponse:
    """A territory's dashboard for the period asked for; choosing another territory goes to its page."""
    territory = dashboards.territory_for(request.user, level, code)
    choices = dashboards.territory_choices(request.user, territory)
    form = DashboardFilterForm(request.GET or None, territories=choices, today=timezone.localdate())
    period = form.period()
    if form.is_bound and form.is_valid() and form.cleaned_data["territory"] not in ("", territory.key):
        chosen = next(choice for choice in choices if choice.key == form.cleaned_data["territory"])
        return redirect(_url(chosen, period))
    board = dashboards.dashboard(request.user, territory, period)
    months = {
        "first": f"{period.first:%Y-%m}",
        "last": f"{period.last:%Y-%m}",  # the month inputs' values
        "first_label": dashboards.month_label(period.first),
        "last_label": dashboards.month_label(period.last),
    }
    query = urlencode({"start": months["first"], "end": months["last"]})
    openable = {choice.key for choice in choices}
    above = [(t, _url(t, period) if t.key in openable else None) for t in territory.lineage()[:-1]]
    return render(request, "core/dashboard.html",
                  {"board": board, "form": form, "query": query, "above": above, "months": months,
                   "single_territory": len(choices) == 1})  # fmt: skip


@login_required
@require_GET
def dashboard_download(request: HttpRequest, level: str, code: str, key: str, file_format: str) -> HttpResponse:
    """One figure's table as CSV or XLSX, for the period of the page (audited by the export)."""
    territory = dashboards.territory_for(request.user, level, code)
    form = DashboardFilterForm(request.GET or None, territories=[territory], today=timezone.localdate())
    exported = dashboards.figure_export(acting_user=request.user, territory=territory, period=form.period(),
                                        key=key, file_format=file_format)  # fmt: skip
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response
