"""Forms of the case pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.accounts import selectors as accounts
from jisr.accounts.models import User
from jisr.cases import selectors, selectors_handover
from jisr.cases.models import Case, CaseFlag, CaseTransfer, ListeningRecord, Outcome, PlanAction, Protocol
from jisr.cases.services import CLOSURE_REASONS
from jisr.centers.models import Center
from jisr.core.digits import DigitsDateField
from jisr.core.forms import BootstrapMixin
from jisr.core.idempotency import OneTimeFormMixin
from jisr.people.models import Consent


class CaseOpenForm(OneTimeFormMixin, BootstrapMixin, forms.Form):
    center: forms.ModelChoiceField[Center] = forms.ModelChoiceField(
        label=_("Center"), queryset=None
    )  # the user's centers, set in __init__
    reason = forms.CharField(label=_("Reason for coming"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    channel = forms.ChoiceField(label=_("Channel"), choices=Case.Channel.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Case.Urgency.choices, initial=Case.Urgency.ROUTINE)
    assigned_to: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Social worker"), queryset=None, required=False
    )
    consent_obtained = forms.BooleanField(
        label=_("The person agrees that the center follows their case (consent recorded now)"), required=False
    )
    legal_basis = forms.ChoiceField(
        label=_("Or another legal basis"),
        choices=[("", "—"), *[c for c in Consent.LegalBasis.choices if c[0] != Consent.LegalBasis.CONSENT]],
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = selectors.centers_for_case_opening(user)
        self.fields["center"].queryset = centers  # type: ignore[attr-defined]
        if len(centers) == 1:
            self.fields["center"].initial = centers[0]
        workers = accounts.staff_of_centers(centers)
        self.fields["assigned_to"].queryset = workers  # type: ignore[attr-defined]
        self.fields["assigned_to"].initial = user if workers.filter(pk=user.pk).exists() else None


class ListeningForm(BootstrapMixin, forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Needs the person expresses"), choices=ListeningRecord.Need.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Confidential notes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Encrypted; only the social workers and the manager of the center can read them."),
    )


class AdvanceForm(BootstrapMixin, forms.Form):
    to = forms.ChoiceField(choices=Case.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class CloseForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closure"), choices=list(CLOSURE_REASONS.items()))
    confirm = forms.BooleanField(label=_("I confirm the closure of this case"))

    def __init__(self, *args: Any, allowed: list[str] | None = None, **kwargs: Any) -> None:
        """`allowed`: the reasons the protocol's stage rules accept now (the page offers only those)."""
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["reason"].choices = [  # type: ignore[attr-defined]
                (code, label) for code, label in CLOSURE_REASONS.items() if code in allowed
            ]


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), max_length=300)


class CaseFilterForm(forms.Form):
    """The case list's filters. The center filter is offered when the user sees the cases of a few centers;
    any center id is accepted (a saved filter may name one that has left the user's scope since): the
    list is filtered within the user's scope, so such a filter shows nothing, never more."""

    CENTER_CHOICES_MAX = 60

    q = forms.CharField(label=_("Person or reference"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("open", _("Open")), *Case.Status.choices]
    )
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("All")), *Case.Urgency.choices])
    flag = forms.ChoiceField(label=_("Flag"), required=False, choices=[("", _("All")), *CaseFlag.Kind.choices])
    center = forms.UUIDField(label=_("Center"), required=False, widget=forms.Select)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = list(selectors.list_centers(user)[: self.CENTER_CHOICES_MAX + 1])
        self.offers_center = 1 < len(centers) <= self.CENTER_CHOICES_MAX
        self.fields["center"].widget.choices = [("", _("All")), *((str(c.pk), c.name) for c in centers)]  # type: ignore[attr-defined]

    def filters(self) -> selectors.CaseFilters:
        """The filters given, each valid one kept (an invalid value is left out, not the whole filter)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.CaseFilters(
            status=data.get("status") or "", urgency=data.get("urgency") or "", mine=bool(data.get("mine")),
            query=data.get("q") or "", flag=data.get("flag") or "", center=data.get("center"),
        )  # fmt: skip


class FlagSetForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Flag"), choices=CaseFlag.Kind.choices)
    reason = forms.CharField(label=_("Why is the case flagged?"), max_length=500)


class FlagClearForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(choices=CaseFlag.Kind.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is the flag cleared?"), max_length=500)


class SavedFilterForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name of the filter"), max_length=80)


class CaseIdsField(forms.MultipleChoiceField):
    """Ids of cases ticked on the list: any well-formed id is accepted here; the service decides (all of
    them are the user's to change, or nothing is done)."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value: Any) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True

    def to_python(self, value: Any) -> list[uuid.UUID]:  # type: ignore[override]
        return [uuid.UUID(str(item)) for item in super().to_python(value) if self.valid_value(item)]


class BulkReassignForm(BootstrapMixin, forms.Form):
    cases = CaseIdsField(error_messages={"required": _("Select at least one case.")})
    worker: forms.ModelChoiceField[User] = forms.ModelChoiceField(label=_("New social worker"), queryset=None)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)
    back = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centers = selectors_handover.reassignment_centers(user)
        self.fields["worker"].queryset = accounts.staff_of_centers(centers)  # type: ignore[attr-defined]


class TransferCancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the transfer cancelled?"), max_length=500)


class AssessmentForm(forms.Form):
    """One radio group per question of the protocol version (rendered in the user's language)."""

    def __init__(self, *args: Any, protocol: Protocol, **kwargs: Any) -> None:
        from jisr.cases.protocols import text_in_language

        super().__init__(*args, **kwargs)
        self.protocol = protocol
        self.domains: list[tuple[str, list[forms.BoundField]]] = []
        for domain in protocol.definition["domains"]:
            names = []
            for question in domain["questions"]:
                name = question["code"]
                self.fields[name] = forms.ChoiceField(
                    label=text_in_language(question["text"]),
                    choices=[(c["code"], text_in_language(c["label"])) for c in question["choices"]],
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    required=False,
                )
                names.append(name)
            self.domains.append((text_in_language(domain["title"]), [self[name] for name in names]))


class ProtocolForm(BootstrapMixin, forms.Form):
    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    requires_plan_approval = forms.BooleanField(
        label=_("Orientation plans need the manager's approval"), required=False
    )
    definition = forms.JSONField(
        label=_("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "dir": "ltr", "class": "font-monospace"}),
        help_text=_(
            "Domains, questions, scored answers, thresholds, pathways and the priority rule: see docs/cases.md."
        ),
    )


class FollowUpForm(BootstrapMixin, forms.Form):
    done = forms.TypedChoiceField(
        label=_("Did the follow-up take place?"),
        choices=[("1", _("Yes, the person was reached")), ("0", _("No, missed"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=[])
    achieved_on = DigitsDateField(label=_("Achieved on"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(label=_("Evidence (optional)"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Outcome.Kind.choices  # type: ignore[attr-defined]


class PlanStartForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the orientation (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )  # fmt: skip


class GoalForm(BootstrapMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=ListeningRecord.Need.choices)
    title = forms.CharField(label=_("Goal"), max_length=300)


class ActionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of action"), choices=[])
    description = forms.CharField(label=_("Action"), max_length=300)
    due_on = DigitsDateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    responsible: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Responsible"), queryset=None, required=False
    )

    def __init__(self, *args: Any, center: Center, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlanAction.Kind.choices  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = accounts.staff_of_centers([center])  # type: ignore[attr-defined]


class PlanDecisionForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("Note to the social worker"), required=False, max_length=500)


class ActionCloseForm(BootstrapMixin, forms.Form):
    done = forms.TypedChoiceField(
        label=_("Outcome of the action"),
        choices=[("1", _("Done")), ("0", _("Cancelled"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    result = forms.CharField(label=_("Result or reason"), required=False, max_length=500)


class ReassignForm(BootstrapMixin, forms.Form):
    worker: forms.ModelChoiceField[User] = forms.ModelChoiceField(label=_("New social worker"), queryset=None)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = accounts.staff_of_centers([case.center])  # type: ignore[attr-defined]


class TransferForm(BootstrapMixin, forms.Form):
    to_center: forms.ModelChoiceField[Center] = forms.ModelChoiceField(label=_("Receiving center"), queryset=None)
    note = forms.CharField(
        label=_("Note to the receiving center"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    consent_obtained = forms.BooleanField(
        label=_("The person agrees that their case is transferred to this center"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_center"].queryset = selectors_handover.transfer_destinations(case)  # type: ignore[attr-defined]


class TransferAcceptForm(BootstrapMixin, forms.Form):
    worker: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Social worker who takes the case"), queryset=None, required=False
    )

    def __init__(self, *args: Any, transfer: CaseTransfer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = accounts.staff_of_centers([transfer.to_center])  # type: ignore[attr-defined]


class TransferRefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the transfer refused?"), max_length=500)
