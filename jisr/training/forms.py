"""Forms of the training and integration-pathway pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers.selectors import organizations
from jisr.core.digits import DigitsDateField, DigitsDecimalField, DigitsIntegerField
from jisr.core.forms import BootstrapMixin
from jisr.training import selectors
from jisr.training.models import Incubation, Mediation, TrainingModule, TrainingProgram

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from jisr.accounts.models import User


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
    # Choices set in __init__ from the selectors: the user's centers, the modules on offer.
    center: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Center"), queryset=None)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingProgram.Kind.choices)
    modules: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Modules"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_on = DigitsDateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = DigitsDateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = DigitsIntegerField(label=_("Places"), min_value=1, max_value=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = selectors.program_centers(user)
        self.fields["center"].queryset = centers  # type: ignore[attr-defined]
        self.fields["modules"].queryset = selectors.offered_modules()  # type: ignore[attr-defined]
        if len(centers) == 1:
            self.fields["center"].initial = centers[0]


class SessionForm(BootstrapMixin, forms.Form):
    module: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Module"), queryset=None)
    held_on = DigitsDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = DigitsDecimalField(label=_("Hours"), min_value=0.5, max_value=12, decimal_places=1)
    trainer = forms.CharField(label=_("Trainer"), max_length=200)

    def __init__(self, *args: Any, program: TrainingProgram, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = selectors.program_modules(program)  # type: ignore[attr-defined]


class ResultForm(BootstrapMixin, forms.Form):
    module: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Module"), queryset=None)
    score = DigitsIntegerField(label=_("Score (out of 100)"), min_value=0, max_value=100)

    def __init__(self, *args: Any, program: TrainingProgram, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = selectors.program_modules(program)  # type: ignore[attr-defined]


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class EnrollForm(BootstrapMixin, forms.Form):
    program: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Program"), queryset=None)

    def __init__(self, *args: Any, programs: QuerySet[TrainingProgram], **kwargs: Any) -> None:
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
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("With"), queryset=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations()  # type: ignore[attr-defined]


class MediationCloseForm(BootstrapMixin, forms.Form):
    result = forms.CharField(label=_("Result"), max_length=500)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)
