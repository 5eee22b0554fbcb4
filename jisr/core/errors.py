"""The error pages (400, 403, 404, 500 and a refused CSRF check) in the site's layout and language.

Each page says what happened in the user's language and offers a way back: the home page, and
the list of the section the address belongs to (`/people/<id>/` → `/people/`). That link comes
from the address alone, never from the record, so the 404 of a record outside the user's scope
is the same page as the 404 of a record that does not exist (DESIGN.md, "anti-patterns").

The 500 page is rendered without the request's context processors: they read the session, the
user and their memberships from the database, which may be the very thing that failed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jisr.core.layouts import layout_for

# What each page says: its title and the sentence under it.
PAGES: dict[int, tuple[Promise, Promise]] = {
    400: (
        _("The request could not be understood"),
        _("The address or the form sent is not valid. Go back, check it and try again."),
    ),
    403: (
        _("Access refused"),
        _("Your account does not allow this action. If you need it, ask your center manager."),
    ),
    404: (
        _("Page not found"),
        _("This page does not exist or is not open to your account. If you followed a link, it may be out of date."),
    ),
    500: (
        _("Something went wrong"),
        _(
            "An unexpected error occurred on the server. Try again in a few minutes; "
            "if it happens again, tell the administrator."
        ),
    ),
}
CSRF_PAGE = (
    _("The form could not be sent"),
    _(
        "Its security check failed, usually because the page stayed open a long time or you logged in again "
        "in another tab. Go back, reload the page and send the form again."
    ),
)


def section_list_url(path: str) -> str | None:
    """The list page of the section `path` belongs to (`/cases/<id>/plan/` → `/cases/`), if there is one.

    Derived from the address only, so it is the same for a missing and a forbidden record; None
    when the section has no page of its own or the user is already on it."""
    segment = path.strip("/").split("/", 1)[0]
    if not segment:
        return None
    candidate = f"/{segment}/"
    if candidate == path:
        return None
    try:
        resolve(candidate)
    except Resolver404:
        return None
    return candidate


def _context(status: int, title: Promise, message: Promise, path: str) -> dict[str, object]:
    return {"status": status, "title": title, "message": message, "list_url": section_list_url(path)}


def _in_layout(request: HttpRequest, context: dict[str, object]) -> dict[str, object]:
    """The context with the layout an app chose for this request (a citizen never sees the staff menus)."""
    layout = layout_for(request)
    if layout is not None:
        context.update({"layout": layout.template, "home_url": layout.home_url})
    return context


def _page(request: HttpRequest, status: int) -> HttpResponse:
    title, message = PAGES[status]
    context = _in_layout(request, _context(status, title, message, request.path_info))
    return render(request, "errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a malformed request or a suspicious operation (the detail stays in the server log)."""
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: a role that does not allow an action (records outside the scope are 404, not 403)."""
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the same page whether the record is missing or outside the user's scope."""
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: rendered from the template alone, without the database, the session or the user."""
    title, message = PAGES[500]
    context = {**_context(500, title, message, request.path_info), "layout_without_session": True}
    context["JISR_DEMO"] = settings.JISR_DEMO
    return HttpResponse(loader.get_template("errors/error.html").render(context), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form refused by the CSRF check (the reason stays in the server log)."""
    title, message = CSRF_PAGE
    context = _in_layout(request, _context(403, title, message, request.path_info))
    return render(request, "errors/error.html", context, status=403)
