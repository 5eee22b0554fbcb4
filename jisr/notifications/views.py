"""The notification center, its links, and the preferences page (thin views: a selector or a service each)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.selectors import language_of
from jisr.core.form_errors import service_errors_into
from jisr.notifications import selectors, services
from jisr.notifications.forms import PreferencesForm

PAGE_SIZE = 25


def _list_url(unread: bool) -> str:
    return reverse("notifications:list") + ("?unread=1" if unread else "")


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My notifications, newest first, 25 a page; only the unread ones with `?unread=1`."""
    unread = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_of(request.user, unread=unread), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "items": selectors.shown(page), "unread": unread,
               "query_string": "unread=1" if unread else ""}  # fmt: skip
    return render(request, "notifications/list.html", context)


@login_required
@require_GET
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification: it is marked read, then its object's page opens (which checks the scope)."""
    notification = selectors.notification_get(request.user, notification_id)
    services.notification_mark_read(acting_user=request.user, notification=notification)
    return redirect(selectors.target_of(notification))


@login_required
@require_POST
def read(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_get(request.user, notification_id)
    services.notification_mark_read(acting_user=request.user, notification=notification)
    return redirect(_list_url(request.POST.get("unread") == "1"))


@login_required
@require_POST
def read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(acting_user=request.user)
    messages.success(
        request,
        ngettext("%(count)d notification marked as read.", "%(count)d notifications marked as read.", count)
        % {"count": count},
    )
    return redirect(_list_url(False))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How I am told of each kind of event (at once, in the daily digest, or not at all), and in which language."""
    rows = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, rows=rows, language=language_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(acting_user=request.user, deliveries=form.deliveries(),
                                     language=form.cleaned_data["language"])  # fmt: skip
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
