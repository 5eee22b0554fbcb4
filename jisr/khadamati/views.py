"""The citizen pages of Khadamati: sign-in by one-time code, the citizen's space, declarations of representation.

Light pages for slow connections: the citizen layout (`khadamati/base.html`) loads one style sheet and no
script; every control works by keyboard and without JavaScript.
"""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.selectors import is_citizen_account
from jisr.core.form_errors import service_errors_into
from jisr.khadamati import documents, selectors, services, signin
from jisr.khadamati.auth import CITIZEN_BACKEND
from jisr.khadamati.forms import (
    COMMUNE_LABEL,
    PROVINCE_LABEL,
    CodeForm,
    NameForm,
    PlaceStepForm,
    RepresentationForm,
    SignInForm,
)
from jisr.khadamati.http import citizen_required, client_address
from jisr.khadamati.middleware import citizen_may_open
from jisr.khadamati.models import Channel, Representation

# What the session holds between the steps of the sign-in (never the code itself).
CODE_KEY = "khadamati_code"
NEXT_KEY = "khadamati_next"
SIGN_UP_KEY = "khadamati_sign_up"
# The name step must follow the code soon; after this, the code is asked for again.
SIGN_UP_SECONDS = 15 * 60


def home(request: HttpRequest) -> HttpResponse:
    """The citizen's space once signed in; for a visitor, what Khadamati is and the way in."""
    citizen = is_citizen_account(request.user)
    context: dict[str, Any] = {"citizen": citizen}
    if citizen:
        context["representations"] = selectors.representations_of(request.user)
    else:
        context["office"] = request.user.is_authenticated and selectors.may_use_office(request.user)
    return render(request, "khadamati/home.html", context)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if (
        candidate
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and citizen_may_open(candidate)
    ):
        return candidate
    return reverse("khadamati:home")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the mobile number or e-mail address. The same answer whether an account exists or not."""
    if is_citizen_account(request.user):
        return redirect("khadamati:home")
    form = SignInForm(request.POST or None, initial={"destination": request.GET.get("destination", "")})
    if request.method == "POST" and form.is_valid():
        try:
            row = signin.sign_in_code_request(
                destination=form.cleaned_data["destination"],
                ip_address=client_address(request),
                language=get_language() or "ar",
            )
        except signin.SignInRefused as refusal:
            form.add_error("destination", refusal.message)
        else:
            request.session[CODE_KEY] = str(row.id)
            request.session[NEXT_KEY] = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
            request.session.pop(SIGN_UP_KEY, None)
            return redirect("khadamati:sign_in_code")
    return render(request, "khadamati/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


def _login_citizen(request: HttpRequest, user: Any) -> HttpResponse:
    next_url = request.session.get(NEXT_KEY) or reverse("khadamati:home")
    for key in (CODE_KEY, NEXT_KEY, SIGN_UP_KEY):
        request.session.pop(key, None)
    login(request, user, backend=CITIZEN_BACKEND)  # a new session key: nothing from before carries over
    return redirect(_safe_next(request, next_url))


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the six-digit code. A right code signs in, or leads the first time to the name step."""
    code_id: str = request.session.get(CODE_KEY) or ""
    destination = signin.sign_in_code_destination(code_id) if code_id else None
    if destination is None:
        return redirect("khadamati:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = signin.sign_in_code_verify(
                code_id=code_id, code=form.cleaned_data["code"], ip_address=client_address(request)
            )
        except signin.SignInRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            if verified.account is not None:
                return _login_citizen(request, verified.account)
            request.session.pop(CODE_KEY, None)
            request.session[SIGN_UP_KEY] = {
                "channel": verified.destination.channel,
                "address": verified.destination.address,
                "at": time.time(),
            }
            return redirect("khadamati:sign_in_name")
    context = {
        "form": form,
        "destination": destination,
        "by_sms": destination.channel == Channel.SMS,
        "new_code_url": reverse("khadamati:sign_in"),
        "code_minutes": int(settings.JISR_OTP_CODE_MINUTES),
    }
    return render(request, "khadamati/sign_in_code.html", context)


@require_http_methods(["GET", "POST"])
def sign_in_name(request: HttpRequest) -> HttpResponse:
    """Step 3, the first time only: the name of the new account."""
    pending = request.session.get(SIGN_UP_KEY) or {}
    if not pending or time.time() - pending.get("at", 0) > SIGN_UP_SECONDS:
        request.session.pop(SIGN_UP_KEY, None)
        return redirect("khadamati:sign_in")
    form = NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        destination = signin.Destination(pending["channel"], pending["address"])
        try:
            user = signin.citizen_sign_up(destination=destination, language=get_language() or "ar", **form.cleaned_data)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("Your account is ready."))
            return _login_citizen(request, user)
    return render(request, "khadamati/sign_in_name.html", {"form": form})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("khadamati:home")


def _residence_step(request: HttpRequest) -> tuple[Any, HttpResponse | None]:
    """The commune chosen in the two first steps of a declaration, or the page of the step to do."""
    commune = selectors.commune_or_none(request.GET.get("commune", ""))
    if commune is not None:
        return commune, None
    province = selectors.province_or_none(request.GET.get("province", ""))
    if province is None:
        choices = [(item.code, f"{item.name} — {item.region.name}") for item in selectors.provinces()]
        data = request.GET if "province" in request.GET else None
        form = PlaceStepForm(data, name="province", label=str(PROVINCE_LABEL), choices=choices)
        step = 1
    else:
        choices = [(item.code, item.name) for item in selectors.communes_of(province)]
        form = PlaceStepForm(None, name="commune", label=str(COMMUNE_LABEL), choices=choices)
        step = 2
    context = {"form": form, "step": step, "province": province}
    return None, render(request, "khadamati/representation_place.html", context)


@citizen_required
@require_http_methods(["GET", "POST"])
def representation_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Declare whom you act for: the place of residence (province, then commune), then the person and the
    supporting document."""
    commune, step_page = _residence_step(request)
    if step_page is not None:
        return step_page
    form = RepresentationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            representation = services.representation_declare(
                acting_user=request.user,
                commune=commune,
                declared=data.pop("declaration"),
                document_name=upload.name if upload else "",
                # One byte past the limit is enough to refuse a file that is too large.
                document_content=upload.read(documents.max_bytes() + 1) if upload else b"",
                **data,
            )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("Your declaration is sent. The office checks it and tells you its answer."))
            return redirect("khadamati:representation", representation_id=representation.pk)
    return render(request, "khadamati/representation_form.html", {"form": form, "commune": commune})


@citizen_required
def representation_detail(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    """One of the citizen's declarations; once verified, what Jisr's records hold about the person too."""
    representation = selectors.representation_get_own(request.user, representation_id)
    person = None
    if representation.status == Representation.Status.VERIFIED:
        person = selectors.represented_person(request.user, representation_id)
    return render(request, "khadamati/representation_detail.html", {"representation": representation, "person": person})


def document_file_response(content: bytes, content_type: str, name: str) -> HttpResponse:
    """A document as a download (never shown inline: the browser does not render it in Jisr's origin)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(content: bytes, representation: Representation) -> HttpResponse:
    """A declaration's document as a download."""
    return document_file_response(content, representation.document_type, representation.document_name)


def _quoted(name: str) -> str:
    return quote(name, safe="")


@citizen_required
def representation_document(request: AuthenticatedHttpRequest, representation_id: uuid.UUID) -> HttpResponse:
    """The citizen's own document (the read is audited)."""
    representation = selectors.representation_get_own(request.user, representation_id)
    content = services.representation_document_open(acting_user=request.user, representation=representation)
    return document_response(content, representation)
