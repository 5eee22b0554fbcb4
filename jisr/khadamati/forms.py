"""Forms of Khadamati's pages: they parse what was typed; the sign-in and declaration services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jisr.core.digits import DigitsCharField, DigitsDateField
from jisr.core.forms import BootstrapMixin
from jisr.khadamati.models import Representation
from jisr.khadamati.signin import Destination, parse_destination


class SignInForm(BootstrapMixin, forms.Form):
    destination = DigitsCharField(
        label=_("Your mobile number or e-mail address"),
        max_length=254,
        help_text=_("A mobile number such as 06 12 34 56 78, or an e-mail address. We send you a code there."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email", "dir": "ltr"}),
    )

    def clean_destination(self) -> Destination:
        return parse_destination(self.cleaned_data["destination"])


class CodeForm(BootstrapMixin, forms.Form):
    code = DigitsCharField(
        label=_("The six-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Enter the six digits of the code you received."))
        return code


class NameForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Family name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )


class PlaceStepForm(BootstrapMixin, forms.Form):
    """One step of the place of residence: the province or prefecture, then the commune among its own (the
    choices come from the view)."""

    def __init__(self, data: Any = None, *, name: str, label: str, choices: list[tuple[str, str]]) -> None:
        # The field exists before the form is built, so that BootstrapMixin styles it like every other one.
        self.base_fields = {name: forms.ChoiceField(label=label, choices=[("", "—"), *choices])}  # type: ignore[misc]
        super().__init__(data)


PROVINCE_LABEL = _("Province or prefecture of residence")
COMMUNE_LABEL = _("Commune of residence")


class RepresentationForm(BootstrapMixin, forms.Form):
    """The person and the document. Nothing is required here: the declaration service checks everything and
    reports every problem at once (docs/khadamati.md)."""

    relation = forms.ChoiceField(
        label=_("Whom do you act for?"), choices=Representation.Relation.choices, widget=forms.RadioSelect,
        required=False,
    )  # fmt: skip
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    birth_date = DigitsDateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cin = DigitsCharField(
        label=_("National identity card (CIN)"),
        max_length=10,
        required=False,
        help_text=_("For an adult, such as A123456."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "characters"}),
    )
    civil_register_id = DigitsCharField(
        label=_("Civil register number"),
        max_length=25,
        required=False,
        help_text=_("For a child without a CIN: the number of the birth certificate."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_(
            "Your CIN if you act for yourself, the child's birth certificate or family booklet page, or the "
            "judgment naming you guardian. PDF, JPEG or PNG."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    declaration = forms.BooleanField(
        label=_(
            "I declare that this information is true and that I may act for this person. I agree that the "
            "office checks the document."
        ),
        required=False,
    )


class RefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        help_text=_("The citizen reads it: say what is missing or wrong, and what to send instead."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class OfficeFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), *Representation.Status.choices],
    )
