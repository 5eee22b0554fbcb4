"""The social assessment instrument's versions, for who may change it (national reference data): the list, the
edit page (saving a published version makes the next version, as a draft) and the publication. Thin views."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import service_errors_as_messages, service_errors_into
from jisr.khadamati import selectors_office, services_office
from jisr.khadamati.forms_office import InstrumentForm
from jisr.khadamati.instrument_v1 import CODE as INSTRUMENT_CODE


@login_required
def office_instrument(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The versions of the instrument with how many assessments each holds (404 without the permission)."""
    versions = selectors_office.instrument_versions_for_editing(request.user, INSTRUMENT_CODE)
    return render(request, "khadamati/office/instrument.html", {"versions": versions})


@login_required
@require_http_methods(["GET", "POST"])
def office_instrument_edit(request: AuthenticatedHttpRequest, version_id: uuid.UUID) -> HttpResponse:
    """Edit a version: a draft changes in place; a published or retired one is kept, the edits make the next
    version as a draft. Every problem is shown at once, each with where it is."""
    version = selectors_office.instrument_version_for_editing(request.user, version_id)
    initial = {"title_ar": version.title_ar, "title_fr": version.title_fr, "title_en": version.title_en,
               "definition": version.definition}  # fmt: skip
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_office.instrument_save(
                acting_user=request.user, instrument_version=version, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("Saved as draft version %(version)d.") % {"version": saved.version})
            return redirect("khadamati:office_instrument_edit", version_id=saved.pk)
    return render(request, "khadamati/office/instrument_edit.html", {"version": version, "form": form})


@login_required
@require_POST
def office_instrument_publish(request: AuthenticatedHttpRequest, version_id: uuid.UUID) -> HttpResponse:
    version = selectors_office.instrument_version_for_editing(request.user, version_id)
    try:
        services_office.instrument_publish(acting_user=request.user, instrument_version=version)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("The version is published; the assessments made before keep their version."))
    return redirect("khadamati:office_instrument")
