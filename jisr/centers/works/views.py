"""The rehabilitation pages: the programme (`/partnerships/rehabilitation/`), one center's works, its photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.centers import selectors as center_selectors
from jisr.centers.works import forms, photos, selectors, services
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages
from jisr.core.intake.documents import cap_uploads, too_large, upload_refused


@login_required
def programme(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_programme(request.user)
    filter_form = forms.ProgrammeFilterForm(request.GET or None, regions=selectors.region_choices(request.user))
    chosen = filter_form.cleaned_data if filter_form.is_valid() else {}
    filters = selectors.ProgramFilters(
        region=chosen.get("region", ""), phase=chosen.get("phase", ""), late_only=bool(chosen.get("late"))
    )
    overview = selectors.programme_overview(request.user, filters, rtl=get_language_bidi())
    context = {"overview": overview, "filter_form": filter_form, "filtered": any(chosen.values()) if chosen else False,
               "may_enrol": selectors.may_enrol_somewhere(request.user)}  # fmt: skip
    return render(request, "centers/works/programme.html", context)


def _service_choices() -> list[tuple[str, str]]:
    return [(service.code, service.name) for service in center_selectors.service_types()]


@login_required
def detail(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get(request.user, works_id)
    rights = selectors.works_rights(request.user, works)
    phases = selectors.phase_rows(works)
    late = {row.phase for row in selectors.late_phases(works)}
    plan_initial = {}
    for row in phases:
        plan_initial[f"{row.phase}_start"] = row.planned_start
        plan_initial[f"{row.phase}_end"] = row.planned_end
    context = {
        "works": works,
        "center": works.center,
        "phases": phases,
        "late": late,
        "current_index": next(i for i, row in enumerate(phases) if row.phase == works.phase),
        "photos": list(works.photos.all()),
        "future_services": list(works.future_services.all()),
        "rights": rights,
        "update_form": forms.WorksUpdateForm(
            initial={
                "contractor": works.contractor,
                "notes": works.notes,
                "progress_percent": works.progress_percent,
                "budget_mad": works.budget_mad,
            }
        ),  # fmt: skip
        "advance_form": forms.AdvanceForm(),
        "step_back_form": forms.StepBackForm(),
        "remove_form": forms.RemoveForm(),
        "photo_form": forms.PhotoForm(),
        "photo_delete_form": forms.PhotoDeleteForm(),
        "plan_form": forms.PlanForm(initial=plan_initial),
        "services_form": forms.FutureServicesForm(
            initial={"services": [service.code for service in works.future_services.all()]},
            choices=_service_choices(),
        ),
        "photo_max_mb": photos.max_bytes() // (1024 * 1024),
        "money": selectors.works_money(request.user, works),
    }
    return render(request, "centers/works/detail.html", context)


@login_required
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Put a center in the programme (`?center=<id>` chooses it, as the center's page links here)."""
    if not selectors.may_enrol_somewhere(request.user):
        raise Http404
    centers = [(str(center.pk), f"{center.name} — {center.province.name}")
               for center in selectors.enrollable_centers(request.user)]  # fmt: skip
    if request.method == "POST":
        form = forms.EnrolForm(request.POST, centers=centers)
        if form.is_valid():
            data = form.cleaned_data
            center = selectors.enrollable_center_or_404(request.user, data["center"])
            try:
                works = services.works_enrol(
                    acting_user=request.user, center=center, budget_mad=data["budget_mad"],
                    contractor=data["contractor"], identified_on=data["identified_on"],
                )  # fmt: skip
            except ValidationError as error:
                service_errors_as_messages(request, error)
            else:
                messages.success(request, _("The center is in the rehabilitation programme."))
                return redirect("rehabilitation:works", works_id=works.pk)
        else:
            form_errors_as_messages(request, form)
    else:
        form = forms.EnrolForm(initial={"center": request.GET.get("center", "")}, centers=centers)
    return render(request, "centers/works/enrol.html", {"form": form, "has_centers": bool(centers)})


def _run(request: HttpRequest, works_id: str, form: object, step: object, done: str) -> HttpResponse:
    """Run `step()` when `form` is valid; errors become messages on the works page."""
    if not form.is_valid():  # type: ignore[attr-defined]
        form_errors_as_messages(request, form)
    else:
        try:
            step()  # type: ignore[operator]
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, done)
    return redirect("rehabilitation:works", works_id=works_id)


@login_required
@require_POST
def update(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_change(request.user, works_id)
    form = forms.WorksUpdateForm(request.POST)
    return _run(request, works_id, form,
                lambda: services.works_update(acting_user=request.user, works=works, **form.cleaned_data),
                _("The works were updated."))  # fmt: skip


@login_required
@require_POST
def advance(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_change(request.user, works_id)
    form = forms.AdvanceForm(request.POST)
    return _run(request, works_id, form,
                lambda: services.works_advance(acting_user=request.user, works=works,
                                               on_date=form.cleaned_data["on_date"]),
                _("The center moved to the next phase."))  # fmt: skip


@login_required
@require_POST
def step_back(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_change(request.user, works_id)
    form = forms.StepBackForm(request.POST)
    return _run(request, works_id, form,
                lambda: services.works_step_back(acting_user=request.user, works=works,
                                                 reason=form.cleaned_data["reason"], confirm=True),
                _("The last phase move was undone."))  # fmt: skip


@login_required
@require_POST
def plan(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_change(request.user, works_id)
    form = forms.PlanForm(request.POST)
    return _run(request, works_id, form,
                lambda: services.works_plan(acting_user=request.user, works=works, plan=form.plan()),
                _("The planned dates were saved."))  # fmt: skip


@login_required
@require_POST
def future_services(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_change(request.user, works_id)
    form = forms.FutureServicesForm(request.POST, choices=_service_choices())
    return _run(request, works_id, form,
                lambda: services.works_set_future_services(
                    acting_user=request.user, works=works,
                    service_types=selectors.service_types_by_codes(form.cleaned_data["services"])),
                _("The services of the center once open were saved."))  # fmt: skip


@login_required
@cap_uploads(photos.max_bytes)
def photo_add(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get(request.user, works_id)
    if request.method != "POST":
        return redirect("rehabilitation:works", works_id=works_id)
    if upload_refused(request):
        messages.error(request, too_large(photos.max_bytes()).message_text)
        return redirect("rehabilitation:works", works_id=works_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    return _run(request, works_id, form,
                lambda: services.works_photo_add(acting_user=request.user, works=works,
                                                 upload=form.cleaned_data["photo"],
                                                 caption=form.cleaned_data["caption"]),
                _("The photo was added, without its location and camera data."))  # fmt: skip


@login_required
@require_POST
def photo_delete(request: AuthenticatedHttpRequest, photo_id: str) -> HttpResponse:
    photo = selectors.photo_get_for_delete(request.user, photo_id)
    form = forms.PhotoDeleteForm(request.POST)
    return _run(request, str(photo.works_id), form,
                lambda: services.works_photo_remove(acting_user=request.user, photo=photo, confirm=True),
                _("The photo was deleted."))  # fmt: skip


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, works_id: str) -> HttpResponse:
    works = selectors.works_get_for_delete(request.user, works_id)
    form = forms.RemoveForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("rehabilitation:works", works_id=works_id)
    try:
        services.works_remove(acting_user=request.user, works=works, reason=form.cleaned_data["reason"], confirm=True)
    except ValidationError as error:
        service_errors_as_messages(request, error)
        return redirect("rehabilitation:works", works_id=works_id)
    messages.success(request, _("The center left the rehabilitation programme."))
    return redirect("rehabilitation:programme")


@login_required
def photo(request: AuthenticatedHttpRequest, photo_id: str) -> HttpResponse:
    """A photo's bytes, for a reader who may see the works (never cached by a shared cache)."""
    found = selectors.photo_get(request.user, photo_id)
    response = HttpResponse(selectors.photo_bytes(found), content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
