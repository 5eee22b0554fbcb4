"""Registry households: find one by its id or a member's identifier, then read it with its members."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope
from jisr.registry import selectors


@login_required
@require_GET
def household_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope.require(request.user, selectors.VIEW)
    query = request.GET.get("q", "").strip()[:60]
    households = selectors.household_search(request.user, query)  # logged in
    page = Paginator(households, 25).get_page(request.GET.get("page"))
    can_import = scope.user_scope(request.user).has_permission_somewhere(selectors.IMPORT)
    context = {"page": page, "search": query, "query": urlencode({"q": query}), "can_import": can_import}
    return render(request, "registry/households.html", context)


@login_required
@require_GET
def household_detail(request: AuthenticatedHttpRequest, household_id: str) -> HttpResponse:
    detail = selectors.household_detail(request.user, household_id)  # logged in
    context = {"household": detail.household, "members": detail.members, "enrollments": detail.enrollments}
    return render(request, "registry/household.html", context)
