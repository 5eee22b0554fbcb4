"""Review of the probable duplicates found by record linkage (Splink): merge or set apart, pair by pair."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.background import run_after_commit
from jisr.core.digits import to_ascii_digits
from jisr.core.form_errors import service_errors_as_messages
from jisr.core.scope import require, user_scope
from jisr.people import linkage
from jisr.people.tasks import link_persons


@login_required
@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "people.merge_person")
    page = Paginator(linkage.visible_pairs(request.user), 25).get_page(request.GET.get("page"))
    can_run = user_scope(request.user).has_permission_somewhere("people.unmerge_person")
    context = {"page": page, "can_run": can_run, "last_run": linkage.last_run(request.user)}
    return render(request, "people/linkage.html", context)


@login_required
@require_POST
def run(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "people.unmerge_person")
    try:
        threshold = float(to_ascii_digits(request.POST.get("threshold") or "0.95").replace(",", "."))
    except ValueError:
        messages.error(request, _("Enter a probability of at least 0.5 and below 1."))
        return redirect("people:linkage")
    try:
        started = linkage.linkage_run_start(acting_user=request.user, threshold=threshold)
    except ValidationError as error:
        service_errors_as_messages(request, error)
        return redirect("people:linkage")
    run_after_commit(link_persons, started.pk)
    messages.success(request, _("Record linkage has started. This page shows its pairs when it finishes."))
    return redirect("people:linkage")


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pair_id: int) -> HttpResponse:
    pair = linkage.pair_get(request.user, pair_id)
    try:
        linkage.pair_decide(acting_user=request.user, pair=pair, same_person=request.POST.get("same") == "1")
    except ValidationError as error:
        service_errors_as_messages(request, error)
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("people:linkage")
