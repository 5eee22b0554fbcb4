"""Registry households: find one by its id or a member's identifier, then read it with its members."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jisr.core.scope import require_permission_or_404, user_scope
from jisr.people.selectors import visible_people
from jisr.programs.models import ProgramEnrollment
from jisr.registry import selectors


@login_required
@require_GET
def household_search(request: HttpRequest) -> HttpResponse:
    require_permission_or_404(request.user, selectors.VIEW)
    query = request.GET.get("q", "").strip()[:60]
    page = Paginator(selectors.household_search(request.user, query), 25).get_page(request.GET.get("page"))
    can_import = user_scope(request.user).has_permission_somewhere("registry.import_registry")
    context = {"page": page, "search": query, "query": urlencode({"q": query}), "can_import": can_import}
    return render(request, "registry/households.html", context)


@login_required
@require_GET
def household_detail(request: HttpRequest, household_id: str) -> HttpResponse:
    household = selectors.household_get(request.user, household_id)
    members = selectors.household_members(household)
    visible = set(
        visible_people(request.user).filter(pk__in=[m.person_id for m in members]).values_list("pk", flat=True)
    )
    rows = [{"member": member, "person_visible": member.person_id in visible} for member in members]
    enrollments = ProgramEnrollment.objects.filter(household_id=household.household_id).select_related("program")
    context = {"household": household, "members": rows, "enrollments": enrollments.order_by("program__code")}
    return render(request, "registry/household.html", context)
