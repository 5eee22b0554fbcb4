"""What the case list offers besides reading: export the filtered list, save and delete filters, reassign
the selected cases together (thin: parse, call one service or selector, render or redirect)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases import case_lists, forms, handover, selectors_handover
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.core.scope import require


def _list_url(query: str = "") -> str:
    """The case list with a query string (re-encoded: only parameters, never another address)."""
    cleaned = QueryDict(query).urlencode()
    return reverse("cases:list") + (f"?{cleaned}" if cleaned else "")


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as filtered, as CSV (`?format=csv`) or XLSX; for holders of cases.export_cases, 404 otherwise."""
    require(request.user, case_lists.EXPORT_PERMISSION)
    filters = forms.CaseFilterForm(request.GET, user=request.user).filters()
    try:
        exported = case_lists.case_list_export(acting_user=request.user, filters=filters,
                                               file_format=request.GET.get("format", "csv"))  # fmt: skip
    except ValidationError as error:
        service_errors_as_messages(request, error)
        return redirect(_list_url(request.GET.urlencode()))
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@login_required
@require_POST
def saved_filter_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the list's current filter (the query string posted with the name) for the user."""
    require(request.user, "cases.view_case")
    query = request.POST.get("query", "")
    form = forms.SavedFilterForm(request.POST, prefix="saved")
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(_list_url(query))
    filters = forms.CaseFilterForm(QueryDict(query), user=request.user).filters()
    try:
        saved = case_lists.saved_filter_save(acting_user=request.user, name=form.cleaned_data["name"], filters=filters)
    except ValidationError as error:
        service_errors_as_messages(request, error)
        return redirect(_list_url(query))
    messages.success(request, _("The filter “%(name)s” was saved.") % {"name": saved.name})
    return redirect(_list_url(saved.query_string))


@login_required
@require_http_methods(["GET", "POST"])
def saved_filter_delete(request: AuthenticatedHttpRequest, saved_filter_id: str) -> HttpResponse:
    """Ask to confirm, then delete one of the user's saved filters (404 for another user's)."""
    saved = case_lists.saved_filter_get(request.user, saved_filter_id)
    if request.method == "POST":
        case_lists.saved_filter_delete(acting_user=request.user, saved_filter=saved)
        messages.success(request, _("The filter “%(name)s” was deleted.") % {"name": saved.name})
        return redirect("cases:list")
    return render(request, "cases/saved_filter_delete.html", {"saved": saved})


@login_required
@require_POST
def bulk_reassign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The manager's selection from the list: first a confirmation page naming the cases and the worker,
    then, once confirmed, every case reassigned in one transaction — or none."""
    require(request.user, "cases.assign_case")
    form = forms.BulkReassignForm(request.POST, user=request.user)
    back = request.POST.get("back", "")
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(_list_url(back))
    data = form.cleaned_data
    if request.POST.get("confirm") != "1":
        cases = list(selectors_handover.cases_to_reassign(request.user, data["cases"]))
        context = {"form": form, "cases": cases, "worker": data["worker"], "unknown": len(data["cases"]) - len(cases),
                   "back_url": _list_url(back)}  # fmt: skip
        return render(request, "cases/bulk_reassign.html", context)
    try:
        count = handover.case_reassign_many(acting_user=request.user, case_ids=data["cases"], worker=data["worker"],
                                            note=data["note"])  # fmt: skip
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, ngettext(
            "%(count)d case was reassigned to %(worker)s.", "%(count)d cases were reassigned to %(worker)s.", count,
        ) % {"count": count, "worker": data["worker"].get_username()})  # fmt: skip
    return redirect(_list_url(back))
