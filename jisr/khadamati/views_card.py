"""The public verification page of a disability card and the card's PDF for the office (thin views)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import service_errors_into
from jisr.khadamati import selectors_office, services_office
from jisr.khadamati.card_pdf import card_pdf
from jisr.khadamati.forms_office import CardWithdrawForm


@never_cache
def card_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whoever reads the card's QR code learns "valid until …" or "not valid", and the holder's
    initials — never the name nor the disability. An unknown code answers 404 with the same wording."""
    check = selectors_office.card_check(code)
    response = render(request, "khadamati/card_verify.html", {"check": check})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    if check is None:
        response.status_code = 404
    return response


def verification_url(request: HttpRequest, card: object) -> str:
    return request.build_absolute_uri(reverse("khadamati:card_verify", args=[card.verification_code]))  # type: ignore[attr-defined]


@login_required
def office_card_pdf(request: AuthenticatedHttpRequest, card_id: uuid.UUID) -> HttpResponse:
    """The card's PDF, for the office of its province (each download is audited)."""
    card = selectors_office.card_get(request.user, card_id)
    services_office.card_downloaded(acting_user=request.user, card=card)
    response = HttpResponse(card_pdf(card, verification_url(request, card)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="khadamati-card-{card.number}.pdf"'
    return response


@login_required
def office_card_withdraw(request: AuthenticatedHttpRequest, card_id: uuid.UUID) -> HttpResponse:
    """Withdraw a card with a reason, in two steps: the reason, then a confirmation page that says what follows
    (the verification page answers "not valid", the holder is told) before anything is done. 404 for who may not
    withdraw the card."""
    card = selectors_office.card_to_withdraw_get(request.user, card_id)
    form = CardWithdrawForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") != "yes":
            confirming = True
        else:
            try:
                services_office.card_withdraw(acting_user=request.user, card=card, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, _("The card is withdrawn; the holder is told."))
                if card.request_id is not None:
                    return redirect("khadamati:office_request", request_id=card.request_id)
                return redirect("khadamati:office")
    context = {"card": card, "form": form, "confirming": confirming, "active": card.status == card.Status.ACTIVE}
    return render(request, "khadamati/office/card_withdraw.html", context)
