"""The national administration pages: roles and their permissions, users and their memberships."""

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

from jisr.accounts import selectors, services
from jisr.accounts.forms import MembershipForm, RolePermissionsForm, UserCreateForm
from jisr.accounts.http import AuthenticatedHttpRequest
from jisr.accounts.models import User
from jisr.accounts.permissions_catalog import permission_groups, permission_label
from jisr.core.form_errors import service_errors_into
from jisr.core.forms import ConfirmForm

USERS_PER_PAGE = 25


@login_required
def roles(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every role with the labels of the permissions it holds."""
    role_rows = [
        (role, sorted(permission_label(permission) for permission in role.permissions.all()))
        for role in selectors.roles_with_permissions(request.user)
    ]
    return render(request, "accounts/roles.html", {"role_rows": role_rows})


@login_required
@require_http_methods(["GET", "POST"])
def role_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Tick the permissions a role holds; the change is saved and audited by role_set_permissions."""
    role = selectors.role_get(request.user, slug)
    form = RolePermissionsForm(request.POST or None, initial={"permissions": list(role.permissions.all())})
    if request.method == "POST" and form.is_valid():
        services.role_set_permissions(
            acting_user=request.user,
            role=role,
            permissions=form.cleaned_data["permissions"],
        )
        messages.success(request, _("The permissions of the role were saved."))
        return redirect("accounts:roles")
    selected = {str(value) for value in (form["permissions"].value() or [])}
    context = {"role": role, "form": form, "groups": permission_groups(), "selected": selected}
    return render(request, "accounts/role_edit.html", context)


@login_required
def users(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the accounts, 25 per page."""
    query = request.GET.get("q", "")
    page = Paginator(selectors.users_search(request.user, query), USERS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = urlencode({"q": query}) if query else ""
    return render(request, "accounts/users.html", {"page": page, "query": query, "query_string": query_string})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.require_national_permission_or_404(request.user, "accounts.add_user")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                acting_user=request.user,
                username=data["username"],
                password=data["password1"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            service_errors_into(form, _rename_password_errors(error))
        else:
            messages.success(request, _("The account was created. Give it a role below."))
            return redirect("accounts:user_detail", user_id=account.pk)
    return render(request, "accounts/user_create.html", {"form": form})


def _rename_password_errors(error: ValidationError) -> ValidationError:
    # Password validators raise field-less errors; they belong next to the password input.
    if hasattr(error, "error_dict"):
        return error
    return ValidationError({"password1": error.messages})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """An account with its memberships and the form that adds one."""
    account = selectors.user_get(request.user, user_id)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        selectors.require_national_permission_or_404(request.user, "accounts.change_user")
        if form.is_valid():
            try:
                services.membership_add(acting_user=request.user, user=account, **form.cleaned_data)
            except ValidationError as error:
                service_errors_into(form, error)
            else:
                messages.success(request, _("The membership was added."))
                return redirect("accounts:user_detail", user_id=account.pk)
    context = {"account": account, "memberships": selectors.memberships_of(account), "form": form}
    return render(request, "accounts/user_detail.html", context)


@login_required
@require_POST
def membership_end(request: AuthenticatedHttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    account = selectors.user_get(request.user, user_id, "accounts.change_user")
    membership = selectors.membership_get(request.user, account, membership_id)
    try:
        services.membership_end(acting_user=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The membership was ended."))
    return redirect("accounts:user_detail", user_id=account.pk)


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Ask for confirmation, then deactivate the account (memberships end, tokens are revoked)."""
    account: User = selectors.user_get(request.user, user_id, "accounts.change_user")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_deactivate(acting_user=request.user, user=account)
        except ValidationError as error:
            service_errors_into(form, error)
        else:
            messages.success(request, _("The account was deactivated."))
            return redirect("accounts:user_detail", user_id=account.pk)
    return render(request, "accounts/user_deactivate.html", {"account": account, "form": form})
