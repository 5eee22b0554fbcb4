"""Forms of the back office's pages: they parse what was typed; the services decide (every problem at once)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.cases.protocols import text_in_language
from jisr.core.digits import DigitsDateField
from jisr.core.forms import BootstrapMixin
from jisr.khadamati.instrument import ENVIRONMENT_PREFIX
from jisr.khadamati.selectors_office import DECISION_OUTCOMES


class QueueFilterForm(BootstrapMixin, forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    request_type = forms.ChoiceField(label=_("Type"), required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("anyone")), ("me", _("me")), ("none", _("nobody yet"))],
    )
    late = forms.BooleanField(label=_("Past the service level only"), required=False)
    search = forms.CharField(label=_("Reference, CIN or family name"), required=False, max_length=60)

    def __init__(self, *args: Any, provinces: Any = (), types: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("all")), *[(p.code, p.name) for p in provinces]]  # type: ignore[attr-defined]
        self.fields["request_type"].choices = [("", _("all")), *[(t.code, t.name) for t in types]]  # type: ignore[attr-defined]


class DocumentRefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant reads it: say what is wrong and what to send instead."),
    )
    replace_by = DigitsDateField(
        label=_("To be replaced by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the usual delay."),
    )


class MedicalReviewForm(BootstrapMixin, forms.Form):
    report_review = forms.CharField(
        label=_("Review of the medical report"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    in_person_needed = forms.BooleanField(label=_("An in-person assessment is needed"), required=False)
    findings = forms.CharField(
        label=_("Medical findings"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("After the in-person assessment, or on the file alone when none is needed."),
    )
    complete = forms.BooleanField(
        label=_("The findings are final: send the request to the social assessment"), required=False
    )


class ConvocationForm(BootstrapMixin, forms.Form):
    day = DigitsDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("The address as the person will read it in the text message."),
    )


class AssessmentForm(BootstrapMixin, forms.Form):
    """One radio group per item of the instrument, one per environment factor, and notes."""

    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, definition: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [(level["code"], text_in_language(level["label"])) for level in definition["scale"]]
        self.domains: list[tuple[str, list[str]]] = []
        for domain in definition["domains"]:
            names = []
            for item in domain["items"]:
                name = item["code"]
                self.fields[name] = forms.ChoiceField(
                    label=text_in_language(item["text"]), choices=levels, widget=forms.RadioSelect, required=False
                )
                names.append(name)
            self.domains.append((text_in_language(domain["title"]), names))
        choices = [
            (choice["code"], text_in_language(choice["label"])) for choice in definition["environment"]["choices"]
        ]
        self.factors: list[str] = []
        for factor in definition["environment"]["factors"]:
            name = ENVIRONMENT_PREFIX + factor["code"]
            self.fields[name] = forms.ChoiceField(
                label=text_in_language(factor["title"]), choices=choices, widget=forms.RadioSelect, required=False
            )
            self.factors.append(name)
        self.order_fields([name for _title, names in self.domains for name in names] + self.factors + ["notes"])

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.domains]

    def environment_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.factors]

    def ratings(self) -> dict[str, str]:
        items = {name for _title, names in self.domains for name in names}
        return {name: value for name, value in self.cleaned_data.items() if name in items and value}

    def environment(self) -> dict[str, str]:
        return {
            name.removeprefix(ENVIRONMENT_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name in self.factors and value
        }


class DecisionForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=DECISION_OUTCOMES, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads them: plain words, the facts the committee relied on."),
    )
    members_present = forms.CharField(
        label=_("Members present"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name and service (governor's office, Health, Education, Employment…)."),
    )
    meeting_date = DigitsDateField(
        label=_("Meeting date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_from = DigitsDateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = DigitsDateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a card, leave empty: seven years from the start."),
    )

    def members(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["members_present"].splitlines() if line.strip()]


class AssignForm(BootstrapMixin, forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, staff: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("nobody")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in staff],
        ]


class ConvergenceCaseForm(BootstrapMixin, forms.Form):
    center = forms.ChoiceField(label=_("Social center"))
    reason = forms.CharField(
        label=_("Why the person is referred to the center"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, centers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["center"].choices = [(str(c.pk), c.name) for c in centers]  # type: ignore[attr-defined]


class ConvergenceReferralForm(BootstrapMixin, forms.Form):
    link = forms.ChoiceField(label=_("From the case"))
    organization = forms.ChoiceField(label=_("Partner"))
    reason = forms.CharField(
        label=_("Why the person is referred to the partner"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, links: Any = (), partners: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].choices = [  # type: ignore[attr-defined]
            (str(link.pk), f"{link.case.reference} · {link.case.center.name}") for link in links
        ]
        self.fields["organization"].choices = [(str(o.pk), o.name) for o in partners]  # type: ignore[attr-defined]


class CardWithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The holder reads it on their request's page: say why the card stops being valid."),
    )


class ConvocationOutcomeForm(BootstrapMixin, forms.Form):
    """Whether the person came; after a missed convocation, optionally the next one at once."""

    outcome = forms.ChoiceField(
        label=_("Did the person come?"),
        widget=forms.RadioSelect,
        choices=[("held", _("Yes, the assessment took place")), ("missed", _("No, the person did not come"))],
    )
    next_day = DigitsDateField(
        label=_("New convocation: date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only after a missed convocation. Left empty, the person is asked to contact the office."),
    )
    next_time = forms.TimeField(
        label=_("New convocation: time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    next_place = forms.CharField(label=_("New convocation: place"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("next_day")) != bool(data.get("next_time")):
            self.add_error("next_day", _("Give both the date and the time of the new convocation."))
        return data


class InstrumentForm(BootstrapMixin, forms.Form):
    """The titles are checked by the service with the definition, so every problem is told at once; only when the
    definition is not even JSON does the form say which titles are missing."""

    title_ar = forms.CharField(label=_("Title in Arabic"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    definition = forms.JSONField(
        label=_("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "dir": "ltr", "class": "font-monospace"}),
        help_text=_(
            "The rating scale, the six domains with their items, the environment factors and their choices, each "
            "text in Arabic, French and English: see docs/khadamati.md."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "definition" in self.errors:
            for name in ("title_ar", "title_fr", "title_en"):
                if not data.get(name):
                    self.add_error(name, _("Give the title in this language."))
        return data
