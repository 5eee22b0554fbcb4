"""Pages that change who holds a case: reassign it, offer it to another center, answer a transfer
(thin: parse, call one service or selector, redirect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases import forms, handover, selectors, selectors_handover
from jisr.cases.models import Case
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.core.scope import require


def _on_case(
    request: AuthenticatedHttpRequest, case: Case, form: Form, run: Callable[[dict[str, Any]], None], done: str
) -> HttpResponse:
    """Validate the small form posted from the case page, run the service, say how it went, and return to
    the case."""
    if not form.is_valid():
        form_errors_as_messages(request, form, with_labels=False)
        return redirect("cases:detail", case_id=case.pk)
    try:
        run(form.cleaned_data)
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return redirect("cases:detail", case_id=case.pk)


@login_required
@require_POST
def reassign(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    """The manager gives the case to another social worker of the center."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    form = forms.ReassignForm(request.POST, case=case, prefix="reassign")

    def run(data: dict[str, Any]) -> None:
        handover.case_reassign(acting_user=request.user, case=case, **data)

    return _on_case(request, case, form, run, _("The case was reassigned."))


@login_required
@require_POST
def transfer_request(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    """The manager offers the case to another center; it stays here until that center accepts."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    form = forms.TransferForm(request.POST, case=case, prefix="transfer")

    def run(data: dict[str, Any]) -> None:
        handover.case_transfer_request(acting_user=request.user, case=case, **data)

    return _on_case(
        request, case, form, run, _("The transfer was sent; the case stays here until the center accepts it.")
    )


@login_required
@require_POST
def transfer_cancel(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    """The sending center withdraws the case's transfer while it waits for an answer, saying why."""
    case = selectors.case_get(request.user, case_id, "cases.assign_case")
    transfer = selectors_handover.transfer_cancellable(request.user, case)
    if transfer is None:
        messages.error(request, _("No transfer of this case is waiting for an answer."))
        return redirect("cases:detail", case_id=case.pk)
    form = forms.TransferCancelForm(request.POST, prefix="cancel")

    def run(data: dict[str, Any]) -> None:
        handover.case_transfer_cancel(acting_user=request.user, transfer=transfer, **data)

    return _on_case(request, case, form, run, _("The transfer was cancelled; the case stays at your center."))


@login_required
def incoming(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The transfers waiting for the user's center, each with its accept and refuse forms."""
    require(request.user, "cases.assign_case")
    transfers = [
        (
            transfer,
            forms.TransferAcceptForm(transfer=transfer, prefix=f"accept-{transfer.pk}"),
            forms.TransferRefuseForm(prefix=f"refuse-{transfer.pk}"),
        )
        for transfer in selectors_handover.incoming_transfers(request.user)
    ]
    return render(request, "cases/transfers.html", {"transfers": transfers})


@login_required
@require_POST
def transfer_accept(request: AuthenticatedHttpRequest, transfer_id: str) -> HttpResponse:
    transfer = selectors_handover.incoming_transfer_get(request.user, transfer_id)
    form = forms.TransferAcceptForm(request.POST, transfer=transfer, prefix=f"accept-{transfer.pk}")
    if form.is_valid():
        try:
            case = handover.case_transfer_accept(acting_user=request.user, transfer=transfer, **form.cleaned_data)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, _("The case now belongs to your center."))
            return redirect("cases:detail", case_id=case.pk)
    else:
        form_errors_as_messages(request, form, with_labels=False)
    return redirect("cases:transfers")


@login_required
@require_POST
def transfer_refuse(request: AuthenticatedHttpRequest, transfer_id: str) -> HttpResponse:
    transfer = selectors_handover.incoming_transfer_get(request.user, transfer_id)
    form = forms.TransferRefuseForm(request.POST, prefix=f"refuse-{transfer.pk}")
    if form.is_valid():
        try:
            handover.case_transfer_refuse(acting_user=request.user, transfer=transfer, **form.cleaned_data)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, _("The transfer was refused; the sending center sees your reason."))
    else:
        form_errors_as_messages(request, form, with_labels=False)
    return redirect("cases:transfers")
