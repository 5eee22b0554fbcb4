"""The back office of Khadamati (`/khadamati/office/`), in the staff layout: for now, the declarations of
representation of the reader's provinces, to verify or refuse with a reason (docs/khadamati.md)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.khadamati import selectors, selectors_office, services
from jisr.khadamati.forms import OfficeFilterForm, RefuseForm
from jisr.khadamati.models import Representation
from jisr.khadamati.views import document_response


@login_required
def office_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queues of requests for who works on them, else the declarations of representation."""
    if selectors_office.may_use_queues(request.user):
        return redirect("khadamati:office_queues")
    selectors.require_office(request.user)
    return redirect("khadamati:office_representations")


@login_required
def office_representations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The declarations of the reader's provinces, waiting ones first (404 without the permission)."""
    selectors.require_office(request.user)
    data = request.GET if "status" in request.GET else {"status": Representation.Status.PENDING}
    form = OfficeFilterForm(data)
    status = form.cleaned_data["status"] if form.is_valid() else Representation.Status.PENDING
    page = Paginator(selectors.office_representations(request.user, status), selectors.OFFICE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "query": urlencode({"status": status})}
    return render(request, "khadamati/office/representations.html", context)


@login_required
def office_representation(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    """One declaration with its document, and the verify / refuse forms for whoever may decide it."""
    representation = selectors.office_representation_get(request.user, representation_id)
    context = {
        "representation": representation,
        "may_decide": representation.status == Representation.Status.PENDING
        and selectors.may_verify(request.user, representation),
        "refuse_form": RefuseForm(),
    }
    return render(request, "khadamati/office/representation.html", context)


def _decided(request: AuthenticatedHttpRequest, representation: Representation, decide: Callable[[], object],
             done: str) -> HttpResponse:  # fmt: skip
    """Run one decision; its refusal or `done` as a message of the declaration's page."""
    try:
        decide()
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return redirect("khadamati:office_representation", representation_id=representation.pk)


@login_required
@require_POST
def office_representation_verify(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    representation = selectors.office_representation_get(request.user, representation_id)
    return _decided(
        request,
        representation,
        lambda: services.representation_verify(acting_user=request.user, representation=representation),
        _("The declaration is verified; the citizen is told."),
    )


@login_required
@require_POST
def office_representation_refuse(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    representation = selectors.office_representation_get(request.user, representation_id)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("khadamati:office_representation", representation_id=representation.pk)
    reason = form.cleaned_data["reason"]
    return _decided(
        request,
        representation,
        lambda: services.representation_refuse(acting_user=request.user, representation=representation, reason=reason),
        _("The declaration is refused; the citizen is told and reads your reason."),
    )


@login_required
def office_representation_document(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    """The supporting document, for the office of the province (the read is audited)."""
    representation = selectors.office_representation_get(request.user, representation_id)
    content = services.representation_document_open(acting_user=request.user, representation=representation)
    return document_response(content, representation)
