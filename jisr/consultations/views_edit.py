"""The consultations' edit pages: a meeting, a recommendation (text and classification), an action and a
result corrected after their creation. Each answers 404 to who may not change the record; the service checks
and audits the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.consultations import forms, selectors, services
from jisr.core import scope
from jisr.core.form_errors import service_errors_into


def _edit(
    request: AuthenticatedHttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    back: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
            return redirect(back)
        except ValidationError as error:
            service_errors_into(form, error)
    return render(request, "consultations/edit.html", {"form": form, "title": title, "back": back})


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, meeting_id: str) -> HttpResponse:
    meeting = selectors.meeting_get(request.user, meeting_id, selectors.MEETINGS)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    form = forms.MeetingEditForm(request.POST or None, initial=initial)
    return _edit(
        request,
        form=form,
        save=lambda data: services.meeting_update(acting_user=request.user, meeting=meeting, **data),
        title=_("Edit the meeting: %(name)s") % {"name": meeting},
        back=reverse("consultations:meeting", args=[meeting.pk]),
    )


def meeting_url(meeting: Any) -> str:
    return reverse("consultations:meeting", args=[meeting.pk])


@login_required
def recommendation_edit(request: AuthenticatedHttpRequest, recommendation_id: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(request.user, recommendation_id, selectors.RECOMMENDATIONS)
    initial = {name: getattr(recommendation, name) for name in services.RECOMMENDATION_FIELDS}
    form = forms.RecommendationForm(request.POST or None, initial=initial, region_id=recommendation.meeting.region_id)
    return _edit(
        request,
        form=form,
        save=lambda data: services.recommendation_update(
            acting_user=request.user, recommendation=recommendation, **data
        ),
        title=_("Edit the recommendation %(reference)s") % {"reference": recommendation.reference},
        back=reverse("consultations:recommendation", args=[recommendation.pk]),
    )


@login_required
def action_edit(request: AuthenticatedHttpRequest, action_id: str) -> HttpResponse:
    action = selectors.action_get(request.user, action_id)
    scope.require(request.user, selectors.PLANS, action)
    initial: dict[str, Any] = {name: getattr(action, name) for name in services.ACTION_FIELDS}
    initial.update({name: list(getattr(action, name).all()) for name in services.ACTION_SETS})
    form = forms.ActionForm(request.POST or None, initial=initial, region_id=action.plan.region_id)
    return _edit(
        request,
        form=form,
        save=lambda data: services.action_update(acting_user=request.user, action=action, **data),
        title=_("Edit the action %(code)s") % {"code": action.code},
        back=reverse("consultations:action", args=[action.pk]),
    )


@login_required
def result_edit(request: AuthenticatedHttpRequest, action_id: str, result_id: str) -> HttpResponse:
    action = selectors.action_get(request.user, action_id)
    scope.require(request.user, selectors.PLANS, action)
    result = selectors.result_get(request.user, action, result_id)
    initial = {name: getattr(result, name) for name in services.RESULT_FIELDS}
    form = forms.ResultEditForm(request.POST or None, initial=initial)
    return _edit(
        request,
        form=form,
        save=lambda data: services.result_update(acting_user=request.user, result=result, **data),
        title=_("Edit the result: %(title)s") % {"title": result.title},
        back=reverse("consultations:action", args=[action.pk]),
    )
