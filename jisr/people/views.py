"""Pages of the beneficiary index (thin: parse, call one service or selector, render)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core.form_errors import service_errors_into
from jisr.core.forms import ConfirmForm
from jisr.core.idempotency import one_time_form
from jisr.core.scope import require, user_scope
from jisr.people import corrections, forms, selectors, services
from jisr.people.display import candidate_summary, resolve_set_aside
from jisr.people.models import Person


def _set_aside(request: AuthenticatedHttpRequest) -> list[str]:
    """The candidates the worker set aside, all at once with "none of these is the person"; nothing
    otherwise (the candidates' tokens ride along in the form, but only that button sends the decision)."""
    if "none_of_these" not in request.POST:
        return []
    return resolve_set_aside(request.POST.getlist("set_aside"))


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a person by name in either script, CIN or phone."""
    require(request.user, "people.view_person")
    form = forms.SearchForm(request.GET or None)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    page = (
        selectors.person_search_page(request.user, form.filters(), form.cleaned_data.get("page") or 1)
        if query
        else None
    )
    context = {
        "form": form,
        "query": query,
        "page": page,
        "results": page.results if page else [],
        "paging_query": urlencode({key: value for key, value in request.GET.items() if key != "page" and value}),
        "can_add": user_scope(request.user).has_permission_somewhere("people.add_person"),
        "can_merge": user_scope(request.user).has_permission_somewhere("people.merge_person"),
        "can_unmerge": user_scope(request.user).has_permission_somewhere("people.unmerge_person"),
    }
    return render(request, "people/search.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@one_time_form
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Intake: the form, the plausible candidates with their reasons, then one decision."""
    require(request.user, "people.add_person")
    form = forms.PersonForm(request.POST or None, user=request.user)
    candidates: list[dict[str, object]] = []
    if request.method == "POST":
        form.is_valid()
        data = form.person_fields()
        center = data.pop("center", None)
        try:
            if form.errors or center is None:
                services.person_check(**data)  # the rest of what is wrong, in the same answer
            else:
                person = services.person_create(
                    acting_user=request.user, center=center, confirmed_not_duplicate_of=_set_aside(request), **data
                )
                messages.success(request, _("The person was registered."))
                return redirect("people:detail", person_id=person.pk)
        except services.DuplicatesFound as found:
            candidates = [candidate_summary(candidate) for candidate in found.candidates]
        except ValidationError as error:
            service_errors_into(form, error)
    return render(request, "people/person_form.html", {"form": form, "candidates": candidates})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    """Correct the person's identity and contact data, with the reason (audited, shown in their export)."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    form = forms.CorrectionForm(request.POST or None, initial=forms.CorrectionForm.initial_of(person))
    candidates: list[dict[str, object]] = []
    if request.method == "POST":
        form.is_valid()
        data = form.person_fields()
        reason = data.pop("reason", "")
        try:
            if form.errors:
                services.person_check(**{"sex": person.sex, **data})
            else:
                corrections.person_correct(
                    acting_user=request.user,
                    person=person,
                    reason=reason,
                    confirmed_not_duplicate_of=_set_aside(request),
                    **data,
                )
                messages.success(request, _("The correction was saved."))
                return redirect("people:detail", person_id=person.pk)
        except services.DuplicatesFound as found:
            candidates = [candidate_summary(candidate) for candidate in found.candidates]
        except ValidationError as error:
            service_errors_into(form, error)
    return render(request, "people/edit.html", {"person": person, "form": form, "candidates": candidates})


@login_required
@require_http_methods(["GET", "POST"])
def household(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    """Correct the composition of the person's household: relations, who leaves, who joins, or start one."""
    person = selectors.person_get(request.user, person_id, "people.change_person")
    search_form = forms.SearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    form = forms.MembershipForm(request.POST or None)
    action = request.POST.get("action", "")
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == "start":
                corrections.household_start(acting_user=request.user, person=person, reason=reason)
            else:
                member = selectors.person_get(request.user, request.POST.get("member", ""), "people.change_person")
                corrections.household_member_set(
                    acting_user=request.user,
                    member=member,
                    household=None if action == "remove" else person.household,
                    relation_to_head=form.cleaned_data["relation_to_head"],
                    reason=reason,
                )
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The household was corrected."))
            return redirect("people:household", person_id=person.pk)
    members = selectors.household_members_of(person)
    changeable = selectors.changeable_among(request.user, [person, *members])
    found = selectors.household_joiners(request.user, person, query) if query and person.household else []
    context = {
        "person": person,
        "members": [person, *members],
        "changeable": changeable,
        "form": form,
        "action": action,
        "error_member": request.POST.get("member", "") if form.errors else "",
        "search_form": search_form,
        "query": query,
        "found": found,
        "relations": Person.Relation.choices,
    }
    return render(request, "people/household.html", context)


@login_required
@require_POST
def duplicate_check(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The candidates for what is typed so far (htmx partial of the intake form)."""
    require(request.user, "people.add_person")
    form = forms.PersonForm(request.POST, user=request.user)
    form.is_valid()
    data = {key: value for key, value in form.cleaned_data.items() if key in selectors.Identity.__dataclass_fields__}
    try:
        cleaned = services.clean_identity({**data, "approximate_age": form.cleaned_data.get("approximate_age")})
    except ValidationError:
        cleaned = data
    identity = selectors.Identity(
        **{key: cleaned.get(key) or "" for key in ("first_name_ar", "last_name_ar", "first_name_latin",
                                                    "last_name_latin", "sex", "cin", "civil_register_id", "phone")},
        birth_date=cleaned.get("birth_date"),
        birth_date_is_estimated=bool(cleaned.get("birth_date_is_estimated")),
    )  # fmt: skip
    has_something = any([identity.cin, identity.phone, identity.civil_register_id, identity.last_name_ar,
                         identity.last_name_latin])  # fmt: skip
    candidates = selectors.duplicate_candidates(request.user, identity) if has_something else []
    summaries = [candidate_summary(candidate) for candidate in candidates]
    return render(request, "people/_candidates.html", {"candidates": summaries, "live": True})


@login_required
def detail(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    person = selectors.person_get(request.user, person_id)
    selectors.readable_vulnerabilities(request.user, [person])
    scope = user_scope(request.user)
    context = {
        "person": person,
        "vulnerabilities": person.readable_vulnerabilities,  # type: ignore[attr-defined]
        "consents": selectors.consents_of(person),
        "household_members": selectors.household_members_of(person),
        "corrections": selectors.corrections_of(person),
        "cases": list(selectors.cases_of(request.user, person)),
        "can_merge": scope.has_permission_somewhere("people.merge_person"),
        "can_open_case": scope.has_permission_somewhere("cases.add_case"),
        "can_change": selectors.may_person(request.user, "people.change_person", person),
        "can_export": selectors.may_person(request.user, "people.export_person_data", person),
        "can_log_request": scope.has_permission_somewhere("privacy.add_datasubjectrequest"),
    }
    return render(request, "people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    """Merge a duplicate into this person: find it, say why, confirm."""
    keep = selectors.person_get(request.user, person_id, "people.merge_person")
    search_form = forms.SearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    found = [p for p in selectors.person_search(request.user, query) if p.pk != keep.pk] if query else []
    absorb = None
    form = forms.MergeForm(request.POST or None, initial={"absorb": request.GET.get("absorb", "")})
    absorb_id = request.POST.get("absorb") or request.GET.get("absorb")
    if absorb_id:
        absorb = selectors.person_get(request.user, absorb_id, "people.merge_person")
    if request.method == "POST" and form.is_valid() and absorb is not None:
        try:
            services.person_merge(
                acting_user=request.user,
                keep=keep,
                absorb=absorb,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The records were merged. A national officer can undo it."))
            return redirect("people:detail", person_id=keep.pk)
    context = {"keep": keep, "absorb": absorb, "form": form, "search_form": search_form, "found": found, "query": query}
    return render(request, "people/merge.html", context)


@login_required
def merges(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The merge history, with undo (national officers)."""
    require(request.user, "people.unmerge_person")
    page = Paginator(selectors.merges_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "people/merges.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: AuthenticatedHttpRequest, merge_id: str) -> HttpResponse:
    merge_record = selectors.merge_get(request.user, merge_id)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_unmerge(acting_user=request.user, merge=merge_record)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The merge was undone: both records are back."))
            return redirect("people:merges")
    return render(request, "people/merge_undo.html", {"merge": merge_record, "form": form})


@login_required
def timeline(request: AuthenticatedHttpRequest, person_id: str) -> HttpResponse:
    """Everything that happened to the person, across centers, within the viewer's scope."""
    from jisr.core.timeline import timeline_for

    person = selectors.person_get(request.user, person_id)
    return render(request, "people/timeline.html", {"person": person, "entries": timeline_for(request.user, person)})
