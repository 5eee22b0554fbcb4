"""The forms of the rehabilitation pages: filters of the programme page, and each step on a works page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers.works.models import PHASE_CHOICES, PHASE_LABELS, PHASE_ORDER

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = {"class": "form-control"}


class ProgrammeFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    phase = forms.ChoiceField(label=_("Phase"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    late = forms.BooleanField(label=_("Late only"), required=False,
                              widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))  # fmt: skip

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions]  # type: ignore[attr-defined]
        self.fields["phase"].choices = [("", _("All phases")), *PHASE_CHOICES]  # type: ignore[attr-defined]


class WorksUpdateForm(forms.Form):
    contractor = forms.CharField(label=_("Contractor"), max_length=200, required=False,
                                 widget=forms.TextInput(attrs=TEXT))  # fmt: skip
    progress_percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100,
                                          widget=forms.NumberInput(attrs=TEXT))  # fmt: skip
    budget_mad = forms.DecimalField(label=_("Budget (MAD)"), min_value=0, max_digits=14, decimal_places=2,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))  # fmt: skip
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class AdvanceForm(forms.Form):
    on_date = forms.DateField(label=_("Date the next phase began"), widget=DATE_INPUT)


class StepBackForm(forms.Form):
    reason = forms.CharField(label=_("Why the last phase move is undone"), max_length=500,
                             widget=forms.TextInput(attrs=TEXT))  # fmt: skip
    confirm = forms.BooleanField(label=_("I confirm that the last phase move is to be undone"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))  # fmt: skip


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Why the center leaves the programme"), max_length=500,
                             widget=forms.TextInput(attrs=TEXT))  # fmt: skip
    confirm = forms.BooleanField(label=_("I confirm that the center leaves the programme, with its photos"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))  # fmt: skip


class PhotoDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm that this photo is to be deleted"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))  # fmt: skip


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))


class PlanForm(forms.Form):
    """The planned start and end of each phase."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for phase in PHASE_ORDER:
            label = PHASE_LABELS[phase]
            self.fields[f"{phase}_start"] = forms.DateField(
                label=_("%(phase)s: planned start") % {"phase": label}, required=False, widget=DATE_INPUT
            )
            self.fields[f"{phase}_end"] = forms.DateField(
                label=_("%(phase)s: planned end") % {"phase": label}, required=False, widget=DATE_INPUT
            )

    def plan(self) -> dict[str, tuple[Any, Any]]:
        return {
            phase: (self.cleaned_data[f"{phase}_start"], self.cleaned_data[f"{phase}_end"]) for phase in PHASE_ORDER
        }

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(str(PHASE_LABELS[phase]), self[f"{phase}_start"], self[f"{phase}_end"]) for phase in PHASE_ORDER]


class FutureServicesForm(forms.Form):
    services = forms.MultipleChoiceField(label=_("Services the center will offer once open"), required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = choices  # type: ignore[attr-defined]


class EnrolForm(forms.Form):
    """Put a center in the programme: the center (among those the user may enrol), its budget, when identified."""

    center = forms.ChoiceField(label=_("Center"), widget=forms.Select(attrs={"class": "form-select"}))
    budget_mad = forms.DecimalField(label=_("Budget (MAD)"), min_value=0, max_digits=14, decimal_places=2,
                                    widget=forms.NumberInput(attrs={**TEXT, "step": "0.01"}))  # fmt: skip
    contractor = forms.CharField(label=_("Contractor"), max_length=200, required=False,
                                 widget=forms.TextInput(attrs=TEXT))  # fmt: skip
    identified_on = forms.DateField(label=_("Date the center was identified"), required=False, widget=DATE_INPUT,
                                    help_text=_("Today if left empty."))  # fmt: skip

    def __init__(self, *args: Any, centers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["center"].choices = [("", _("Choose a center")), *centers]  # type: ignore[attr-defined]
