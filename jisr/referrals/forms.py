"""Forms of the referral pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case, PlanAction
from jisr.cases.selectors import open_referral_actions
from jisr.centers import selectors as centers
from jisr.centers.models import Center, Organization
from jisr.centers.selectors import service_types
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin
from jisr.referrals.models import Referral


class SendForm(OneTimeFormMixin, BootstrapMixin, forms.Form):
    to_organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("To a partner organization"),
        queryset=None,
        required=False,  # the case's partners, set in __init__
    )
    to_center_code = forms.CharField(
        label=_("Or to another center (its code)"), required=False, max_length=40,
        help_text=_("The code shown on the center's page in the directory."),
    )  # fmt: skip
    service_type = forms.ModelChoiceField(label=_("Service requested"), queryset=service_types(), required=False)
    service_requested = forms.CharField(label=_("Or the service in words"), required=False, max_length=200)
    reason = forms.CharField(label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Case.Urgency.choices, initial="routine")
    shared_fields = forms.MultipleChoiceField(
        label=_("What the recipient may see"),
        choices=Referral.SharedField.choices,
        initial=["name"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Share only what the recipient needs. The name is always shared."),
    )
    message = forms.CharField(
        label=_("Message to the recipient"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    consent_obtained = forms.BooleanField(
        label=_("The person agrees today to share these data with this recipient"), required=False
    )
    plan_action: forms.ModelChoiceField[PlanAction] = forms.ModelChoiceField(
        label=_("Action of the orientation plan"), queryset=None, required=False,
        help_text=_("The action is marked done when the recipient completes the service."),
    )  # fmt: skip

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_action"].queryset = open_referral_actions(case)  # type: ignore[attr-defined]
        self.fields["to_organization"].queryset = centers.partners_for_province(case.province_id)  # type: ignore[attr-defined]

    def clean_to_center_code(self) -> Center | None:
        code = self.cleaned_data["to_center_code"].strip()
        if not code:
            return None
        center = centers.open_center_by_code(code)
        if center is None:
            raise forms.ValidationError(_("No open center has this code."))
        return center


class AcceptForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note to the sender (optional)"), required=False, max_length=500)


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for declining"), choices=Referral.DeclineReason.choices)
    note = forms.CharField(
        label=_("Explanation to the sender"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(label=_("I confirm that we decline this referral"))


class CompleteForm(BootstrapMixin, forms.Form):
    service_given = forms.CharField(label=_("Service given"), max_length=300)
    feedback = forms.CharField(
        label=_("Feedback to the sender"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Why is the referral cancelled?"), required=False, max_length=300)
    confirm = forms.BooleanField(label=_("I confirm the cancellation"))
