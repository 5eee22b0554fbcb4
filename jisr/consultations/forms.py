"""The consultations' forms: choices come from selectors, decisions are checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Organization
from jisr.consultations import selectors
from jisr.consultations.choices import TargetGroup
from jisr.consultations.models import Attendance, Recommendation
from jisr.core.forms import BootstrapMixin

TEXTAREA = {"rows": 3}


class RecommendationForm(BootstrapMixin, forms.Form):
    text_ar = forms.CharField(label=_("Text in Arabic"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    text_fr = forms.CharField(label=_("Text in French"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    organization = forms.ModelChoiceField(label=_("Proposed by"), queryset=selectors.organizations(), required=False)
    province = forms.ModelChoiceField(
        label=_("Territory"), queryset=selectors.provinces_of(""), required=False, empty_label=_("The whole region")
    )
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices, initial=TargetGroup.ALL)
    pillar = forms.ModelChoiceField(label=_("Pillar"), queryset=selectors.pillars(), required=False)
    lever = forms.ModelChoiceField(label=_("Lever"), queryset=selectors.levers(), required=False)

    def __init__(self, *args: Any, region_id: str, participants: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = selectors.provinces_of(region_id)  # type: ignore[attr-defined]
        if participants is not None:
            self.fields["organization"].queryset = participants  # type: ignore[attr-defined]


class DecisionForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Recommendation.Status.choices)
    action = forms.ModelChoiceField(
        label=_("Action of the plan (when accepted)"), queryset=selectors.rounds().none(), required=False
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into (when merged)"), queryset=selectors.rounds().none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason (mandatory when not retained)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, allowed: list[str], actions: Any, merge_targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [c for c in Recommendation.Status.choices if c[0] in allowed]  # type: ignore[attr-defined]
        self.fields["action"].queryset = actions  # type: ignore[attr-defined]
        self.fields["merged_into"].queryset = merge_targets  # type: ignore[attr-defined]
        self.fields["merged_into"].label_from_instance = lambda rec: f"{rec.reference} — {rec.text[:80]}"  # type: ignore[attr-defined]


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns: text_ar, text_fr, organization, province, target_group, pillar, lever."),
    )


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.FileField(label=_("Minutes (PDF)"))


class AttendanceForm(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, initial_counts: dict[str, tuple[int, int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial_counts = initial_counts or {}
        for category, label in Attendance.Category.choices:
            women, men = initial_counts.get(category, (0, 0))
            self.fields[f"{category}_women"] = forms.IntegerField(
                label=_("%(category)s: women") % {"category": label}, min_value=0, initial=women
            )
            self.fields[f"{category}_men"] = forms.IntegerField(
                label=_("%(category)s: men") % {"category": label}, min_value=0, initial=men
            )

    def counts(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {
            category: (data[f"{category}_women"] or 0, data[f"{category}_men"] or 0)
            for category in Attendance.Category.values
        }


class OrganizationForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("An existing organization"), queryset=selectors.organizations(), required=False
    )
    name_ar = forms.CharField(label=_("Or a new one: name in Arabic"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Organization.Kind.choices], required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organization") and not (data.get("name_ar") and data.get("name_fr") and data.get("kind")):
            raise forms.ValidationError(_("Choose an organization, or give the new one's names and kind."))
        return data


class ResultReportForm(BootstrapMixin, forms.Form):
    status = forms.ModelChoiceField(label=_("Status"), queryset=selectors.result_statuses(), required=False)
    own_progress = forms.DecimalField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to use the status's progress."),
    )


class ResultForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=500)
    title_fr = forms.CharField(label=_("Title in French"), max_length=500)
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=selectors.result_statuses().none(),
        required=False,
        empty_label=_("A result of the action itself"),
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0, decimal_places=2, required=False)
    status = forms.ModelChoiceField(label=_("Status"), queryset=selectors.result_statuses(), required=False)

    def __init__(self, *args: Any, results: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = results  # type: ignore[attr-defined]


class MilestoneForm(BootstrapMixin, forms.Form):
    reached_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=300, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)


class ActionForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Line"), max_length=20)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=500)
    title_fr = forms.CharField(label=_("Title in French"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner organization"), queryset=selectors.organizations())
    partners = forms.ModelMultipleChoiceField(label=_("Partners"), queryset=selectors.organizations(), required=False)
    province = forms.ModelChoiceField(
        label=_("Territory"), queryset=selectors.provinces_of(""), required=False, empty_label=_("The whole region")
    )
    pillar = forms.ModelChoiceField(label=_("Pillar"), queryset=selectors.pillars(), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices, initial=TargetGroup.ALL)
    budget = forms.DecimalField(label=_("Budget (MAD)"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    indicators = forms.ModelMultipleChoiceField(
        label=_("Strategy indicators"), queryset=selectors.indicators(), required=False
    )

    def __init__(self, *args: Any, region_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = selectors.provinces_of(region_id)  # type: ignore[attr-defined]


class PublicFilterForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", _("All")), *TargetGroup.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", _("All")), *[(p.code, p.name) for p in selectors.pillars()]]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class MeetingForm(BootstrapMixin, forms.Form):
    consultation_round = forms.ModelChoiceField(label=_("Round"), queryset=selectors.rounds())
    region = forms.ModelChoiceField(label=_("Region"), queryset=selectors.regions())
    sequence = forms.IntegerField(label=_("Order in the round"), min_value=1, max_value=99)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=300)
    chair = forms.CharField(
        label=_("Chaired by"),
        max_length=300,
        required=False,
        help_text=_("The office, not the person: e.g. the wali of the region."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _only_managed_regions(
            self, user, selectors.MEETINGS, _("You may plan meetings only in the regions you coordinate.")
        )


class PlanForm(BootstrapMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=selectors.regions())
    first_year = forms.IntegerField(label=_("From"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("To"), min_value=2000, max_value=2100)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300)
    consultation_round = forms.ModelChoiceField(label=_("Round"), queryset=selectors.rounds(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _only_managed_regions(
            self, user, selectors.PLANS, _("You may draw up plans only for the regions you coordinate.")
        )


def _only_managed_regions(form: forms.Form, user: Any, permission: str, message: Any) -> None:
    """The region field offers only the regions the user manages; another region is a form error."""
    field = form.fields["region"]
    field.queryset = selectors.regions_managed(user, permission)  # type: ignore[attr-defined]
    field.error_messages["invalid_choice"] = message


class MeetingEditForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=300)
    chair = forms.CharField(
        label=_("Chaired by"),
        max_length=300,
        required=False,
        help_text=_("The office, not the person: e.g. the wali of the region."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ResultEditForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=500)
    title_fr = forms.CharField(label=_("Title in French"), max_length=500)
    weight = forms.DecimalField(label=_("Weight"), min_value=0, decimal_places=2, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767)
