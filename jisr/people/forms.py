"""Forms of the beneficiary index: intake, correction, household, search, merge. Digits may be typed in Arabic-Indic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.digits import DigitsCharField, DigitsDateField, DigitsIntegerField
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin
from jisr.people import selectors
from jisr.people.models import Person, Vulnerability
from jisr.territories import selectors as territories

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User


class IdentityFields(BootstrapMixin, forms.Form):
    """The identity and contact fields of a person, read as typed: the people services check them all
    at once (names, sex, CIN, phone, dates, commune), so that the page and the API say the same."""

    first_name_ar = forms.CharField(label=_("First name (Arabic script)"), max_length=100, required=False)
    last_name_ar = forms.CharField(label=_("Family name (Arabic script)"), max_length=100, required=False)
    first_name_latin = forms.CharField(label=_("First name (Latin script)"), max_length=100, required=False)
    last_name_latin = forms.CharField(label=_("Family name (Latin script)"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, widget=forms.RadioSelect, required=False)
    birth_date = DigitsDateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    approximate_age = DigitsCharField(
        label=_("Or approximate age (years)"),
        required=False,
        max_length=3,
        help_text=_("When the date of birth is not known."),
    )
    cin = DigitsCharField(
        label=_("National identity card (CIN)"),
        required=False,
        max_length=12,
        help_text=_("One or two letters, then digits: A123456, BE123456."),
    )
    civil_register_id = DigitsCharField(
        label=_("National population register identifier"), required=False, max_length=20
    )
    phone = DigitsCharField(label=_("Phone"), required=False, max_length=25)
    commune_code = DigitsCharField(
        label=_("Commune of residence (HCP code)"),
        required=False,
        max_length=20,
        help_text=_("For example 09.001.01.01 (see the territories pages)."),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].widget.attrs["class"] = "form-check-input"

    def person_fields(self) -> dict[str, Any]:
        """What could be read, for the service (which reports what is wrong with it)."""
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        if not data.get("approximate_age"):
            data.pop("approximate_age", None)
        return data


class PersonForm(OneTimeFormMixin, IdentityFields):
    # The choices depend on the user: set in __init__ from selectors.registering_centers.
    center: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Registering center"), queryset=None)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Situation"),
        required=False,
        choices=Vulnerability.Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["center"]

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["center"]
        field.queryset = selectors.registering_centers(user)  # type: ignore[attr-defined]
        if len(field.queryset) == 1:  # type: ignore[attr-defined]
            field.initial = field.queryset[0]  # type: ignore[attr-defined]


class CorrectionForm(IdentityFields):
    """The person page's correction: identity and contact fields, filled with the record, and why."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=300,
        help_text=_("Kept in the record's history and shown to the person if they ask for their data."),
    )

    @classmethod
    def initial_of(cls, person: Person) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(person, name) for name in (
            "first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "sex", "cin",
            "civil_register_id", "phone", "address")}  # fmt: skip
        initial["birth_date"] = person.birth_date.isoformat() if person.birth_date else ""
        initial["commune_code"] = person.commune_id or ""
        return initial


class MembershipForm(BootstrapMixin, forms.Form):
    """A member's relation to the head of household, or their leaving it, with the reason."""

    relation_to_head = forms.ChoiceField(
        label=_("Relation to the head of household"),
        choices=[("", "—"), *Person.Relation.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reason for the correction"), required=False, max_length=300)


class SearchForm(forms.Form):
    q = DigitsCharField(label=_("Name (Arabic or Latin script), CIN or phone"), required=False, max_length=100)
    birth_year = DigitsIntegerField(
        label=_("Year of birth (optional)"), required=False, min_value=1900, max_value=2100,
        error_messages={"min_value": _("Enter a year between 1900 and this year."),
                        "max_value": _("Enter a year between 1900 and this year."),
                        "invalid": _("Enter a year between 1900 and this year.")},
    )  # fmt: skip
    commune_code = forms.CharField(label=_("Commune (HCP code, optional)"), required=False, max_length=20)
    page = DigitsIntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_commune_code(self) -> str | None:
        code = self.cleaned_data["commune_code"].strip()
        if code and territories.commune_by_code(code) is None:
            raise forms.ValidationError(_("No commune has this code."))
        return code or None

    def filters(self) -> selectors.SearchFilters:
        """The search to run (call after is_valid())."""
        data = self.cleaned_data
        return selectors.SearchFilters(data["q"], data.get("birth_year"), data.get("commune_code"))


class MergeForm(BootstrapMixin, forms.Form):
    absorb = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why are these the same person?"), max_length=300)
    confirm = forms.BooleanField(
        label=_("I checked: both records are the same person. Everything of the duplicate moves to this record."),
    )
