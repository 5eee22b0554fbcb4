"""Social-watch pages: the alerts (list, one alert and its history, its steps) and the rules (list, edit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.core import scope, watch_signals
from jisr.core.form_errors import form_errors_as_messages, service_errors_as_messages, service_errors_into
from jisr.watch import forms, labels, selectors, services

PAGE_SIZE = 25


@login_required
def alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_alerts(request.user)
    data = request.GET.copy()
    data.setdefault("status", "active")
    filters = forms.FilterForm(data)
    chosen = filters.cleaned_data if filters.is_valid() else {"status": "active", "signal": "", "mine": False}
    found = selectors.alert_list(request.user, status=chosen["status"], signal=chosen["signal"], mine=chosen["mine"])
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"alert": alert, "title": labels.signal_label(alert.signal), "place": labels.alert_place(alert)}
            for alert in page]  # fmt: skip
    shown = {"status": chosen["status"], "signal": chosen["signal"], "mine": "on" if chosen["mine"] else ""}
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "query_string": urlencode({key: value for key, value in shown.items() if value}),
        "may_see_rules": scope.user_scope(request.user).has_permission_somewhere(selectors.VIEW_RULE),
    }
    return render(request, "watch/alerts.html", context)


@login_required
def alert(request: AuthenticatedHttpRequest, alert_id: str) -> HttpResponse:
    found = selectors.alert_get(request.user, alert_id)
    may_change = selectors.may_change_alert(request.user, found)
    context = {
        "alert": found,
        "title": labels.alert_title(found),
        "place": labels.alert_place(found),
        "signal": labels.signal_label(found.signal),
        "figures": labels.alert_figures(found),
        "parameters": labels.rule_parameters(found.rule),
        "events": list(selectors.alert_events(found)),
        "may_change": may_change,
        "assign_form": forms.AssignForm(users=selectors.assignable_users(found)) if may_change else None,
        "note_form": forms.NoteForm(),
        "close_form": forms.CloseForm(),
    }
    return render(request, "watch/alert.html", context)


def _after_step(request: AuthenticatedHttpRequest, alert_id: str, form: object, step: object) -> HttpResponse:
    """Run `step()` when `form` is valid; errors become messages on the alert's page."""
    if not form.is_valid():  # type: ignore[attr-defined]
        form_errors_as_messages(request, form)
    else:
        try:
            step()  # type: ignore[operator]
        except ValidationError as error:
            service_errors_as_messages(request, error)
        else:
            messages.success(request, _("The alert was updated."))
    return redirect("watch:alert", alert_id=alert_id)


@login_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, alert_id: str) -> HttpResponse:
    found = selectors.alert_get(request.user, alert_id)
    return _after_step(request, alert_id, forms.forms.Form(request.POST),
                       lambda: services.alert_acknowledge(acting_user=request.user, alert=found))  # fmt: skip


@login_required
@require_POST
def assign(request: AuthenticatedHttpRequest, alert_id: str) -> HttpResponse:
    found = selectors.alert_get(request.user, alert_id)
    form = forms.AssignForm(request.POST, users=selectors.assignable_users(found))
    return _after_step(request, alert_id, form, lambda: services.alert_assign(
        acting_user=request.user, alert=found, assignee=form.cleaned_data["assignee"]))  # fmt: skip


@login_required
@require_POST
def comment(request: AuthenticatedHttpRequest, alert_id: str) -> HttpResponse:
    found = selectors.alert_get(request.user, alert_id)
    form = forms.NoteForm(request.POST)
    return _after_step(request, alert_id, form, lambda: services.alert_comment(
        acting_user=request.user, alert=found, note=form.cleaned_data["note"]))  # fmt: skip


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, alert_id: str) -> HttpResponse:
    found = selectors.alert_get(request.user, alert_id)
    form = forms.CloseForm(request.POST)
    return _after_step(request, alert_id, form, lambda: services.alert_close(
        acting_user=request.user, alert=found, note=form.cleaned_data["note"]))  # fmt: skip


@login_required
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope.require(request.user, selectors.VIEW_RULE)
    shown = [{"rule": rule, "signal": labels.signal_label(rule.signal), "parameters": labels.rule_parameters(rule)}
             for rule in selectors.rule_list(request.user)]  # fmt: skip
    may_add = scope.user_scope(request.user).has_permission_somewhere(selectors.ADD_RULE)
    return render(request, "watch/rules.html", {"rows": shown, "may_add": may_add})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, rule_id: str | None = None) -> HttpResponse:
    rule = selectors.rule_get(request.user, rule_id) if rule_id else None
    scope.require(request.user, selectors.CHANGE_RULE if rule else selectors.ADD_RULE, rule)
    code = rule.signal if rule else (request.POST.get("signal") or request.GET.get("signal", ""))
    signal = watch_signals.signal_of(code)
    if signal is None:  # a new rule: its signal first
        chooser = forms.SignalChoiceForm(request.GET if "signal" in request.GET else None)
        return render(request, "watch/rule_signal.html", {"form": chooser})
    form = forms.RuleForm(request.POST or None, signal=signal, initial=forms.rule_initial(rule) if rule else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(acting_user=request.user, rule=rule, **form.service_arguments())
        except ValidationError as error:
            service_errors_into(
                form, ValidationError({forms.service_field(k): v for k, v in error.message_dict.items()})
            )
        else:
            messages.success(request, _("The rule was saved."))
            return redirect("watch:rules")
    return render(request, "watch/rule_edit.html", {"form": form, "rule": rule, "signal": signal})
