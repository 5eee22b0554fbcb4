"""Referral pages: the inboxes, sending from a case, one referral and its answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.cases.selectors import case_get
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.core.idempotency import one_time_form
from jisr.referrals import forms, selectors, services
from jisr.referrals.models import Referral


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_referrals(request.user)
    box = "sent" if request.GET.get("box") == "sent" else "received"
    status = request.GET.get("status", "")
    status = status if status in Referral.Status.values else ""
    overdue = request.GET.get("overdue") == "1"
    referrals = selectors.referral_list(request.user, box=box, status=status, overdue=overdue)
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    rows = [{"referral": r, "view": selectors.shared_view(r)} for r in page]
    context = {"box": box, "status": status, "overdue": overdue, "page": page, "rows": rows,
               "statuses": Referral.Status.choices,
               "query_string": f"box={box}&status={status}&overdue={'1' if overdue else ''}"}  # fmt: skip
    return render(request, "referrals/inbox.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def send(request: AuthenticatedHttpRequest, case_id: str) -> HttpResponse:
    case = case_get(request.user, case_id)
    form = forms.SendForm(request.POST or None, case=case, initial={"plan_action": request.GET.get("action")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["to_center"] = data.pop("to_center_code")
        try:
            referral = services.referral_send(acting_user=request.user, case=case, **data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                target = "to_center_code" if field == "to_center" else field
                for message in field_errors:
                    form.add_error(target if target in form.fields else None, message)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/send.html", {"form": form, "case": case})


@login_required
def detail(request: AuthenticatedHttpRequest, referral_id: str) -> HttpResponse:
    referral = selectors.referral_get(request.user, referral_id)
    services.referral_answer_seen(acting_user=request.user, referral=referral)  # off the worker's home
    full = selectors.sees_full_referral(request.user, referral)
    context = {
        "referral": referral,
        "view": selectors.shared_view(referral),
        "full": full,
        "events": list(selectors.referral_events(referral)) if full else [],
        "may_respond": selectors.may_respond(request.user, referral),
        "may_cancel": selectors.may_cancel(request.user, referral),
        "accept_form": forms.AcceptForm(),
        "decline_form": forms.DeclineForm(),
        "complete_form": forms.CompleteForm(),
        "cancel_form": forms.CancelForm(),
    }
    return render(request, "referrals/detail.html", context)


def _act(
    request: AuthenticatedHttpRequest,
    referral_id: str,
    form_class: type[django_forms.Form],
    action: Callable[[Referral, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    """Validate the small form posted from the referral page, run the service, and return to the referral."""
    referral = selectors.referral_get(request.user, referral_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, done)
    else:
        form_errors_as_messages(request, form, with_labels=False)
    return redirect("referrals:detail", referral_id=referral.pk)


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, referral_id: str) -> HttpResponse:
    def action(referral: Referral, data: dict[str, Any]) -> None:
        services.referral_accept(acting_user=request.user, referral=referral, note=data["note"])

    return _act(request, referral_id, forms.AcceptForm, action, _("The referral was accepted."))


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, referral_id: str) -> HttpResponse:
    def action(referral: Referral, data: dict[str, Any]) -> None:
        services.referral_decline(acting_user=request.user, referral=referral, reason=data["reason"], note=data["note"])

    return _act(request, referral_id, forms.DeclineForm, action, _("The referral was declined."))


@login_required
@require_POST
def complete(request: AuthenticatedHttpRequest, referral_id: str) -> HttpResponse:
    def action(referral: Referral, data: dict[str, Any]) -> None:
        services.referral_complete(acting_user=request.user, referral=referral, service_given=data["service_given"],
                                   feedback=data["feedback"])  # fmt: skip

    return _act(request, referral_id, forms.CompleteForm, action, _("The referral was completed."))


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, referral_id: str) -> HttpResponse:
    def action(referral: Referral, data: dict[str, Any]) -> None:
        services.referral_cancel(acting_user=request.user, referral=referral, note=data["note"])

    return _act(request, referral_id, forms.CancelForm, action, _("The referral was cancelled."))
