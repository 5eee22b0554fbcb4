"""The forms of the partnerships' pages: a convention, an entry of the ledger, its reversal, an earmark, a file."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jisr.core.forms import BootstrapMixin
from jisr.partnerships import selectors
from jisr.partnerships.models import Convention, Coverage, Earmark, Transaction
from jisr.partnerships.services import TerritoryShare, centers_of_codes

DATE = forms.DateInput(attrs={"type": "date"})


class FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Convention.Status.choices])
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *Convention.Kind.choices])
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [("", _("All")), *((r.code, r.name) for r in selectors.regions())]
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


def parse_territories(text: str) -> list[TerritoryShare]:
    """Lines "code share" (a region's code such as 04, a province's such as 04.421, MA for the nation)."""
    rows = []
    for line in text.replace(";", "\n").splitlines():
        parts = line.replace(":", " ").replace("=", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValidationError(_("Write one territory a line: its code and its share, such as “04 100”."))
        code, share = parts
        try:
            percent = Decimal(share.replace(",", ".").rstrip("%"))
        except InvalidOperation as error:
            raise ValidationError(_("A share is a percentage, such as 50 or 33.33.")) from error
        level = Coverage.Level.NATION if code.upper() == "MA" else (
            Coverage.Level.PROVINCE if "." in code else Coverage.Level.REGION)  # fmt: skip
        rows.append(TerritoryShare(level=level, code=code.upper() if level == "nation" else code, percent=percent))
    return rows


class ConventionForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=capfirst(_("number")), max_length=60)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Convention.Kind.choices)
    signed_on = forms.DateField(label=_("Signature date"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)
    territories = forms.CharField(
        label=_("Territories covered and their shares"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: the code and the share in %, such as “04 60” and “04.421 40” (MA: the nation). "
                    "The shares sum to 100."))  # fmt: skip
    funding = forms.ModelMultipleChoiceField(label=_("Funding parties"), queryset=selectors.organizations(),
                                             required=False)  # fmt: skip
    accountable = forms.ModelMultipleChoiceField(label=_("Accountable parties"), queryset=selectors.organizations(),
                                                 required=False)  # fmt: skip
    implementing = forms.ModelMultipleChoiceField(label=_("Implementing parties"), queryset=selectors.organizations(),
                                                  required=False)  # fmt: skip
    extending = forms.ModelMultipleChoiceField(label=_("Extending parties"), queryset=selectors.organizations(),
                                               required=False)  # fmt: skip
    pillars = forms.ModelMultipleChoiceField(label=_("Strategy pillars"), queryset=selectors.pillars(),
                                             required=False)  # fmt: skip
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_territories(self) -> list[TerritoryShare]:
        return parse_territories(self.cleaned_data["territories"])

    def parties(self) -> list[tuple[Any, list[str]]]:
        roles: dict[Any, list[str]] = {}
        for role in ("funding", "accountable", "implementing", "extending"):
            for organization in self.cleaned_data.get(role) or []:
                roles.setdefault(organization, []).append(role)
        return list(roles.items())


class StatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Convention.Status.choices)
    signed_on = forms.DateField(label=_("Signature date"), required=False, widget=DATE)


class DocumentForm(BootstrapMixin, forms.Form):
    document = forms.FileField(label=_("Signed document (PDF, JPEG or PNG)"))


class EntryForm(BootstrapMixin, forms.Form):
    kind = forms.TypedChoiceField(label=_("Type"), coerce=int, choices=[
        (Transaction.Kind.COMMITMENT, Transaction.Kind.COMMITMENT.label),
        (Transaction.Kind.DISBURSEMENT, Transaction.Kind.DISBURSEMENT.label),
        (Transaction.Kind.EXPENDITURE, Transaction.Kind.EXPENDITURE.label)])  # fmt: skip
    party = forms.ModelChoiceField(label=_("Party (who commits, pays or spends)"), queryset=selectors.no_parties())
    receiver = forms.ModelChoiceField(label=_("Paid to (disbursement)"), required=False,
                                      queryset=selectors.no_parties())  # fmt: skip
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=selectors.no_projects())
    amount = forms.DecimalField(label=_("Amount (MAD)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    value_date = forms.DateField(label=_("Date"), widget=DATE)
    category = forms.ChoiceField(label=_("Category (expenditure)"), required=False,
                                 choices=[("", "—"), *Transaction.Category.choices])  # fmt: skip
    earmark = forms.ModelChoiceField(label=_("Charged to the earmark"), required=False,
                                     queryset=selectors.no_earmarks())  # fmt: skip
    reference = forms.CharField(label=_("Document reference"), required=False, max_length=120)
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = selectors.parties_of(convention)
        choices: dict[str, Any] = {"party": parties, "receiver": parties, "project": selectors.projects_of(convention),
                                   "earmark": selectors.earmarks_of(convention)}  # fmt: skip
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class ReverseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is this entry reversed?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    confirm = forms.BooleanField(label=_("I confirm: a reversing entry of the opposite amount will be recorded."))


class ValidateForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Validate")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=500)


class EarmarkForm(BootstrapMixin, forms.Form):
    commitment = forms.ModelChoiceField(label=_("Commitment"), queryset=selectors.no_transactions())
    target = forms.ChoiceField(label=_("Target group or use"), choices=Earmark.Target.choices)
    amount = forms.DecimalField(label=_("Amount (MAD)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    label = forms.CharField(label=_("Label"), required=False, max_length=200)

    def __init__(self, *args: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"), help_text=_(
        "Columns: external_ref, convention, type (commitment or disbursement), party, receiver, amount, date, "
        "project, reference, description."))  # fmt: skip


class ConventionEditForm(BootstrapMixin, forms.Form):
    """A convention's own fields (its status has its own workflow, its parties their own page)."""

    number = forms.CharField(label=capfirst(_("number")), max_length=60)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Convention.Kind.choices)
    signed_on = forms.DateField(label=_("Signature date"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProjectForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Project code"), max_length=60)
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    territories = forms.CharField(
        label=_("Territories of the project and their shares"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. One a line: the code and the share in %, such as “04 60” and “04.421 40”; the shares "
                    "sum to 100. Empty: the project's money is split as its convention's."))  # fmt: skip
    centers = forms.CharField(label=_("Centers (their codes, separated by spaces)"), required=False, max_length=2000)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True

    def clean_territories(self) -> list[TerritoryShare]:
        return parse_territories(self.cleaned_data["territories"])

    def clean_centers(self) -> list[Any]:
        try:
            return centers_of_codes(self.cleaned_data["centers"].replace(",", " ").split())
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class BudgetForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Planned amount (MAD)"), min_value=Decimal("0.01"), max_digits=14,
                                decimal_places=2)  # fmt: skip
    project = forms.ModelChoiceField(label=_("Project (empty: the whole convention)"), required=False,
                                     queryset=selectors.no_projects())  # fmt: skip

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_of(convention)  # type: ignore[attr-defined]


ROLE_CHOICES = [("funding", _("funding")), ("accountable", _("accountable")), ("implementing", _("implementing")),
                ("extending", _("extending"))]  # fmt: skip


class PartyForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=selectors.organizations())
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple)
