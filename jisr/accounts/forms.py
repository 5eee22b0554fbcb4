"""Forms of the accounts pages: they parse input; the services validate the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jisr.accounts import selectors
from jisr.centers import selectors as centers
from jisr.core import audit_display
from jisr.core.digits import DigitsDateField
from jisr.core.forms import BootstrapMixin
from jisr.core.models import AuditLog
from jisr.territories import selectors as territories


class LoginForm(BootstrapMixin, AuthenticationForm):
    pass


class PasswordResetRequestForm(BootstrapMixin, PasswordResetForm):
    pass


class NewPasswordForm(BootstrapMixin, SetPasswordForm):
    pass


class ChangePasswordForm(BootstrapMixin, PasswordChangeForm):
    pass


class OtpTokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class RolePermissionsForm(forms.Form):
    permissions: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Permissions"), queryset=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["permissions"].queryset = selectors.assignable_permission_choices()  # type: ignore[attr-defined]


class UserCreateForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class MembershipForm(BootstrapMixin, forms.Form):
    # The querysets come from the selectors when the form is built (see __init__).
    role: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Role"), queryset=None)
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Region (regional roles)"), queryset=None, required=False
    )
    province: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Province or prefecture (provincial roles)"), queryset=None, required=False
    )
    center: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Center code (center roles)"),
        queryset=None,
        to_field_name="code",
        required=False,
        widget=forms.TextInput(),
        help_text=_("The center's code, as shown on its page."),
        error_messages={"invalid_choice": _("No center has this code.")},
    )
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partner organization (partner roles)"), queryset=None, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            "role": selectors.roles_by_level(),
            "region": territories.regions_by_code(),
            "province": territories.provinces_by_code(),
            "center": centers.center_choices(),
            "organization": centers.organizations(),
        }
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


DAY_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker's value, or a day typed day first


class AuditFilterForm(BootstrapMixin, forms.Form):
    """The audit log's filters; every one optional, all checked at once."""

    actor = forms.CharField(
        label=_("Person acting"), max_length=150, required=False, help_text=_("A name or a username.")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Type of record"), required=False)
    object_id = forms.CharField(
        label=_("Record identifier"),
        max_length=64,
        required=False,
        help_text=_("As in the address of the record's page."),
    )
    date_from = DigitsDateField(
        label=_("From"), required=False, input_formats=DAY_INPUT_FORMATS, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = DigitsDateField(
        label=_("To"), required=False, input_formats=DAY_INPUT_FORMATS, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the labels are in the reader's language.
        self.fields["action"].choices = [("", _("Any action")), *AuditLog.Action.choices]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [("", _("Any type")), *audit_display.object_types()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_to"] < cleaned["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        object_type, object_id = cleaned.get("object_type") or "", (cleaned.get("object_id") or "").strip()
        model = audit_display.model_of(object_type) if object_type else None
        if model is not None and object_id:
            try:
                audit_display.parse_object_id(model, object_id)
            except ValidationError:
                self.add_error(
                    "object_id",
                    _("This is not the identifier of a record of the type “%(type)s”.")
                    % {"type": audit_display.type_label(object_type)},
                )
        return cleaned
