"""The centers pages: the public directory and center page, and the forms of authorized staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers import forms, selectors, services
from jisr.centers.models import LANGUAGE_CHOICES, Center
from jisr.centers.works import selectors as works_selectors
from jisr.core import scope
from jisr.core.forms import ConfirmForm
from jisr.territories import selectors as territories

CENTERS_PER_PAGE = 25
LANGUAGE_LABELS = dict(LANGUAGE_CHOICES)


def _query_string(request: HttpRequest) -> str:
    """The filters of the current page, without the page number, for pagination and export links."""
    return urlencode([(key, str(value)) for key, value in request.GET.items() if key != "page" and value])


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The public directory: search, filters, 25 results per page; htmx asks for the results only."""
    filter_form = forms.DirectoryFilterForm(request.GET or None)
    centers = selectors.center_directory(filter_form.to_filters())
    page = Paginator(centers, CENTERS_PER_PAGE).get_page(request.GET.get("page"))
    user_scope = scope.user_scope(request.user)
    context = {
        "filter_form": filter_form,
        "page": page,
        "query": _query_string(request),
        "editable_ids": selectors.editable_center_ids(request.user, page.object_list),
        "can_export": user_scope.has_permission_somewhere("centers.export_centers"),
        "can_import": user_scope.has_permission_somewhere("centers.import_centers"),
    }
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "directory-results":
        return render(request, "centers/_results.html", context)
    return render(request, "centers/directory.html", context)


@require_GET
def province_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the province select for the chosen region (the dependent select)."""
    provinces = territories.provinces_of(request.GET.get("region", ""))
    return render(request, "centers/_province_options.html", {"provinces": provinces})


@require_GET
def detail(request: HttpRequest, center_id: str) -> HttpResponse:
    """The public page of one center."""
    center = selectors.center_get(center_id)
    service_rows = [
        (service, [LANGUAGE_LABELS.get(code, code) for code in service.languages]) for service in center.services.all()
    ]
    accessibility = [
        label
        for field_name, label in (
            ("wheelchair_accessible", _("Wheelchair accessible")),
            ("accessible_toilets", _("Accessible toilets")),
            ("sign_language", _("Sign language available")),
            ("braille_signage", _("Braille signage")),
        )
        if getattr(center, field_name)
    ]
    context = {
        "center": center,
        "service_rows": service_rows,
        "accessibility": accessibility,
        "can_edit": selectors.can_edit_center(request.user, center),
        "works": works_selectors.works_for_center(request.user, center),
        "may_enrol": works_selectors.center_for_enrol(request.user, center),
    }
    return render(request, "centers/detail.html", context)


def _add_service_errors(forms_by_field: list[Any], error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names, or at the top of the first form."""
    main_form = forms_by_field[0]
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            main_form.add_error(None, message)
        return
    for field_name, field_errors in error.message_dict.items():
        target = "commune_code" if field_name in ("commune", "province") else field_name
        form = next((f for f in forms_by_field if target in f.fields), main_form)
        for message in field_errors:
            form.add_error(target if target in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new center, for the users who may add one somewhere (the commune decides where exactly)."""
    scope.require(request.user, "centers.add_center")
    form = forms.CenterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            center = services.center_create(acting_user=request.user, **form.center_fields())
        except ValidationError as error:
            _add_service_errors([form], error)
        else:
            messages.success(request, _("The center was created. Add its services and opening hours."))
            return redirect("centers:edit", center_id=center.pk)
    return render(request, "centers/center_form.html", {"form": form, "center": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, center_id: str) -> HttpResponse:
    """A center's fields, services and opening hours, saved together or not at all."""
    center = selectors.center_get_for_edit(request.user, center_id)
    data = request.POST if request.method == "POST" else None
    form = forms.CenterForm(data, instance=center)
    service_formset = forms.service_offer_formset(center, data)
    hours_formset = forms.opening_slot_formset(center, data)
    if request.method == "POST" and form.is_valid() and service_formset.is_valid() and hours_formset.is_valid():
        try:
            services.center_edit(
                acting_user=request.user,
                center=center,
                changes=form.center_fields(),
                offers=forms.offers_from(service_formset),
                slots=forms.slots_from(hours_formset),
            )
        except ValidationError as error:
            _add_service_errors([form, *hours_formset.forms[:1]], error)
        else:
            messages.success(request, _("The center was saved."))
            return redirect("centers:detail", center_id=center.pk)
    context = {
        "form": form,
        "center": center,
        "service_formset": service_formset,
        "hours_formset": hours_formset,
        "can_delete": selectors.can_delete_center(request.user, center),
    }
    return render(request, "centers/center_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: AuthenticatedHttpRequest, center_id: str) -> HttpResponse:
    """Close an open center or reopen a closed one, after confirmation."""
    center = selectors.center_get_for_edit(request.user, center_id)
    closing = center.status == Center.Status.ACTIVE
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_status = Center.Status.INACTIVE if closing else Center.Status.ACTIVE
        services.center_update(acting_user=request.user, center=center, status=new_status)
        messages.success(request, _("The center was closed.") if closing else _("The center was reopened."))
        return redirect("centers:detail", center_id=center.pk)
    return render(
        request, "centers/confirm.html", {"form": form, "center": center, "action": "close" if closing else "reopen"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, center_id: str) -> HttpResponse:
    """Delete a center, after confirmation (only one without attached records)."""
    center = selectors.center_get_for_delete(request.user, center_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.center_delete(acting_user=request.user, center=center)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The center was deleted."))
            return redirect("centers:directory")
    return render(request, "centers/confirm.html", {"form": form, "center": center, "action": "delete"})
