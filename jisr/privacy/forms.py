"""Forms of the protection pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, Organization
from jisr.centers.selectors import organizations
from jisr.core.digits import DigitsDateField, DigitsIntegerField
from jisr.core.forms import BootstrapMixin
from jisr.people.models import Consent
from jisr.privacy.models import DataSubjectRequest
from jisr.privacy.selectors import centers_where


class _AtCenterForm(BootstrapMixin, forms.Form):
    """A record taken at a center: the centers where the user holds `permission` (chosen at once when one)."""

    center: forms.ModelChoiceField[Center] = forms.ModelChoiceField(label=_("Center"), queryset=None)
    permission = ""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = centers_where(user, self.permission)
        self.fields["center"].queryset = centers  # type: ignore[attr-defined]
        if len(centers) == 1:
            self.fields["center"].initial = centers[0]


class RequestForm(_AtCenterForm):
    permission = "privacy.add_datasubjectrequest"
    kind = forms.ChoiceField(label=_("Request"), choices=DataSubjectRequest.Kind.choices)
    details = forms.CharField(label=_("What the person asks"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = DigitsDateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(BootstrapMixin, forms.Form):
    response = forms.CharField(label=_("Answer given to the person"), widget=forms.Textarea(attrs={"rows": 4}))
    refused = forms.BooleanField(label=_("The request is refused (give the reasons in the answer)"), required=False)
    export_given = forms.BooleanField(label=_("A copy of the person's data was given"), required=False)


class ConsentForm(_AtCenterForm):
    permission = "people.change_person"
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Consent.LegalBasis.choices)
    recipient: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("Recipient (for a referral)"), queryset=None, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["recipient"].queryset = organizations()  # type: ignore[attr-defined]


class WithdrawForm(BootstrapMixin, forms.Form):
    confirm = forms.BooleanField(label=_("The person withdraws this consent"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PolicyForm(BootstrapMixin, forms.Form):
    months = DigitsIntegerField(label=_("Kept for (months)"), min_value=1, max_value=600)
    is_active = forms.BooleanField(label=_("Applied"), required=False)


class RunForm(BootstrapMixin, forms.Form):
    confirm = forms.BooleanField(label=_("I understand that anonymization cannot be undone"))
