"""Forms of the centers pages: they parse input; the services check scope, validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers import selectors
from jisr.centers.models import LANGUAGE_CHOICES, Center, OpeningHours
from jisr.centers.selectors import DirectoryFilters
from jisr.centers.services import OpeningSlot, ServiceOffer
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin
from jisr.territories import selectors as territories
from jisr.territories.models import Commune

REHABILITATION_FILTER_CHOICES = [("", _("Any rehabilitation status")), *Center.Rehabilitation.choices]


class DirectoryFilterForm(BootstrapMixin, forms.Form):
    """The directory's search box and filters, read from the query string."""

    q = forms.CharField(label=_("Search by name or code"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    province = forms.ChoiceField(label=_("Province or prefecture"), required=False)
    kind = forms.ChoiceField(label=_("Type of center"), required=False)
    service = forms.ChoiceField(label=_("Service offered"), required=False)
    rehabilitation = forms.ChoiceField(
        label=_("Rehabilitation status"), required=False, choices=REHABILITATION_FILTER_CHOICES
    )
    jisr = forms.BooleanField(label=_("Jisr new-generation centers only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["region"].choices = [("", _("All regions"))] + [
            (region.code, region.name) for region in territories.regions_by_code()
        ]
        region = self.data.get("region", "") if self.is_bound else ""
        fields["province"].choices = [("", _("All provinces"))] + [
            (province.code, province.name) for province in territories.provinces_of(region)
        ]
        fields["kind"].choices = [("", _("All types")), *Center.Kind.choices]
        fields["service"].choices = [("", _("All services"))] + [
            (service_type.code, service_type.name) for service_type in selectors.service_types()
        ]

    def to_filters(self) -> DirectoryFilters:
        """The filters to apply; a value that is not valid (an unknown region…) is ignored, not an error."""
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return DirectoryFilters(
            search=data.get("q") or "",
            region=data.get("region") or "",
            province=data.get("province") or "",
            kind=data.get("kind") or "",
            service=data.get("service") or "",
            jisr_only=bool(data.get("jisr")),
            rehabilitation_status=data.get("rehabilitation") or "",
        )


class CenterForm(BootstrapMixin, forms.ModelForm):
    """A center's fields; the commune is typed as its HCP code."""

    commune_code = forms.CharField(
        label=_("Commune code"),
        max_length=20,
        help_text=_("The commune's HCP code, for example 09.001.01.01 (see the territories pages)."),
    )

    class Meta:
        model = Center
        fields = [
            "code",
            "name_ar",
            "name_fr",
            "name_en",
            "organization",
            "kind",
            "is_jisr",
            "commune_code",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "phone",
            "email",
            "description",
            "wheelchair_accessible",
            "accessible_toilets",
            "sign_language",
            "braille_signage",
            "accessibility_notes",
            "rehabilitation_status",
            "rehabilitation_budget_mad",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_fr": forms.TextInput(attrs={"dir": "ltr", "lang": "fr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["commune_code"] = self.instance.commune_id
        organization_field: Any = self.fields["organization"]
        organization_field.queryset = selectors.organizations()

    def clean_commune_code(self) -> Commune:
        commune = territories.commune_by_code(self.cleaned_data["commune_code"].strip())
        if commune is None:
            raise forms.ValidationError(_("No commune has this code."))
        return commune

    def _post_clean(self) -> None:
        # The services run the model validation on the real record; the form must not mutate it first.
        pass

    def center_fields(self) -> dict[str, Any]:
        """The cleaned values as service keyword arguments."""
        data = dict(self.cleaned_data)
        data["commune"] = data.pop("commune_code")
        return data


class ServiceOfferForm(BootstrapMixin, forms.Form):
    """One line of the services table: offered or not, for whom, in which languages."""

    service_type: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)  # type: ignore[arg-type]
    offered = forms.BooleanField(label=_("Offered"), required=False)
    eligibility = forms.CharField(label=_("Eligibility"), required=False, max_length=500)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, service_types: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types  # type: ignore[attr-defined]


ServiceOfferFormSet = forms.formset_factory(ServiceOfferForm, extra=0)


def service_offer_formset(center: Center | None, data: Any = None) -> Any:
    """One line per service type, ticked where the center offers it."""
    types = list(selectors.service_types())
    offered = {service.service_type_id: service for service in center.services.all()} if center else {}
    initial = [
        {
            "service_type": service_type.pk,
            "offered": service_type.pk in offered,
            "eligibility": offered[service_type.pk].eligibility if service_type.pk in offered else "",
            "languages": offered[service_type.pk].languages if service_type.pk in offered else [],
        }
        for service_type in types
    ]
    formset = ServiceOfferFormSet(
        data, initial=initial, prefix="services", form_kwargs={"service_types": selectors.service_types()}
    )
    for form, service_type in zip(formset.forms, types, strict=False):
        form.service_type_name = service_type.name  # type: ignore[attr-defined]
    return formset


def offers_from(formset: Any) -> list[ServiceOffer]:
    """The ticked lines as service offers."""
    return [
        ServiceOffer(
            service_type=form.cleaned_data["service_type"],
            eligibility=form.cleaned_data["eligibility"],
            languages=form.cleaned_data["languages"],
        )
        for form in formset.forms
        if form.cleaned_data.get("offered")
    ]


class OpeningSlotForm(BootstrapMixin, forms.Form):
    """One opening slot; an empty line is ignored."""

    weekday = forms.TypedChoiceField(label=_("Day"), choices=OpeningHours.Weekday.choices, coerce=int)
    opens_at = forms.TimeField(label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_at = forms.TimeField(label=_("Closes at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


OpeningSlotFormSet = forms.formset_factory(OpeningSlotForm, extra=3, can_delete=True)


def opening_slot_formset(center: Center | None, data: Any = None) -> Any:
    """The center's current slots plus three empty lines."""
    initial = (
        [{"weekday": h.weekday, "opens_at": h.opens_at, "closes_at": h.closes_at} for h in center.opening_hours.all()]
        if center
        else []
    )
    return OpeningSlotFormSet(data, initial=initial, prefix="hours")


def slots_from(formset: Any) -> list[OpeningSlot]:
    """The filled lines as opening slots (empty extra lines and lines marked for removal are skipped)."""
    return [
        OpeningSlot(
            weekday=form.cleaned_data["weekday"],
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
        )
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CenterImportForm(OneTimeFormMixin, BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as described in the import format below; at most 5 MB and 10,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return uploaded
