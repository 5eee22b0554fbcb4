"""Forms of the training and integration-pathway pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, Organization
from jisr.core.digits import DigitsDateField, DigitsDecimalField, DigitsIntegerField
from jisr.core.forms import BootstrapMixin
from jisr.core.scope import AnchorFields, scope_filter
from jisr.training.models import Incubation, Mediation, TrainingModule, TrainingProgram

CENTER_FIELDS = AnchorFields(region="region_code", province="province_id", center="id")


class ModuleForm(BootstrapMixin, forms.ModelForm):
    competencies = forms.CharField(
        label=_("Competencies"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One competency per line.")
    )

    class Meta:
        model = TrainingModule
        fields = ["code", "title_ar", "title_fr", "title_en", "hours", "assessment_method", "passing_score",
                  "minimum_attendance", "certifying_body", "is_active"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["competencies"] = "\n".join(self.instance.competencies)

    def clean_competencies(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["competencies"].splitlines() if line.strip()]


class ProgramForm(BootstrapMixin, forms.Form):
    center = forms.ModelChoiceField(label=_("Center"), queryset=Center.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingProgram.Kind.choices)
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"), queryset=TrainingModule.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )
    starts_on = DigitsDateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = DigitsDateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = DigitsIntegerField(label=_("Places"), min_value=1, max_value=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = scope_filter(Center.objects.filter(status=Center.Status.ACTIVE), user,
                               "training.add_trainingprogram", CENTER_FIELDS).order_by("name_fr")  # fmt: skip
        self.fields["center"].queryset = centers  # type: ignore[attr-defined]
        if len(centers) == 1:
            self.fields["center"].initial = centers[0]


class SessionForm(BootstrapMixin, forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=TrainingModule.objects.none())
    held_on = DigitsDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = DigitsDecimalField(label=_("Hours"), min_value=0.5, max_value=12, decimal_places=1)
    trainer = forms.CharField(label=_("Trainer"), max_length=200)

    def __init__(self, *args: Any, program: TrainingProgram, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = program.modules.all()  # type: ignore[attr-defined]


class ResultForm(BootstrapMixin, forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=TrainingModule.objects.none())
    score = DigitsIntegerField(label=_("Score (out of 100)"), min_value=0, max_value=100)

    def __init__(self, *args: Any, program: TrainingProgram, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = program.modules.all()  # type: ignore[attr-defined]


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class EnrollForm(BootstrapMixin, forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=TrainingProgram.objects.none())

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class ProjectForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Project"), max_length=200)
    sector = forms.CharField(label=_("Sector"), max_length=100)
    text = forms.CharField(label=_("The written project"), widget=forms.Textarea(attrs={"rows": 6}))
    validated = forms.BooleanField(label=_("The project is finished and validated"), required=False)


class IncubationForm(BootstrapMixin, forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), choices=Incubation.Stage.choices)
    business_plan = forms.CharField(label=_("Business plan"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    support = forms.CharField(label=_("Support given"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    funder = forms.CharField(label=_("Funder"), required=False, max_length=200)
    funding_amount = DigitsDecimalField(label=_("Funding obtained (MAD)"), required=False, min_value=0,
                                        max_digits=12, decimal_places=2)  # fmt: skip


class MediationForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Mediation.Kind.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    organization = forms.ModelChoiceField(label=_("With"), queryset=Organization.objects.all(), required=False)


class MediationCloseForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("Result"), max_length=500)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)
