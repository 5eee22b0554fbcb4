"""Forms of the citizen's request pages. They parse what was typed and nothing is required here: the services
check everything and report every problem at once, shown in the error summary (docs/khadamati.md)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.digits import DigitsCharField, DigitsDateField
from jisr.core.forms import BootstrapMixin
from jisr.khadamati.request_types import text_in_language

FILE_ACCEPT = "application/pdf,image/jpeg,image/png"
SEX_CHOICES = [("F", _("female")), ("M", _("male"))]


class StartForm(BootstrapMixin, forms.Form):
    """What to ask for, and for whom (oneself or a person the office verified)."""

    def __init__(self, data: Any = None, *, types: list[tuple[str, str]], persons: list[tuple[str, str]]) -> None:
        self.base_fields = {  # type: ignore[misc]
            "request_type": forms.ChoiceField(label=_("What do you ask for?"), choices=types, widget=forms.RadioSelect),
            "for_whom": forms.ChoiceField(
                label=_("For whom?"), choices=[("self", _("for myself")), *persons], widget=forms.RadioSelect,
                initial="self",
            ),
        }  # fmt: skip
        super().__init__(data)


class PersonForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    birth_date = DigitsDateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False, widget=forms.RadioSelect)
    cin = DigitsCharField(
        label=_("National identity card (CIN)"), max_length=10, required=False,
        help_text=_("For an adult, such as A123456."),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "characters"}),
    )  # fmt: skip
    civil_register_id = DigitsCharField(
        label=_("Civil register number"), max_length=25, required=False,
        help_text=_("For a child without a CIN: the number of the birth certificate."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )  # fmt: skip
    province = forms.ChoiceField(label=_("Province or prefecture of residence"), required=False)

    def __init__(self, data: Any = None, *, provinces: list[tuple[str, str]], locked: bool, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["province"].choices = [("", "—"), *provinces]  # type: ignore[attr-defined]
        if locked:  # acting for someone: the identity is the verified declaration's
            for name in ("first_name", "last_name", "birth_date", "cin", "civil_register_id", "province"):
                self.fields[name].disabled = True


class AnswersForm(BootstrapMixin, forms.Form):
    """The fields of one of a type's own steps, built from its definition (request_types.py)."""

    def __init__(self, data: Any = None, *, fields: list[dict[str, Any]], **kwargs: Any) -> None:
        self.base_fields = {spec["name"]: _field(spec) for spec in fields}  # type: ignore[misc]
        super().__init__(data, **kwargs)


def _field(spec: dict[str, Any]) -> forms.Field:
    label = text_in_language(spec["label"])
    help_text = text_in_language(spec.get("help", "")) if spec.get("help") else ""
    optional = "" if spec.get("required") else str(_("(optional)"))
    label = f"{label} {optional}".strip()
    kind = spec["type"]
    if kind == "choice":
        choices = [(choice["value"], text_in_language(choice["label"])) for choice in spec["choices"]]
        return forms.ChoiceField(label=label, help_text=help_text, choices=choices, required=False,
                                 widget=forms.RadioSelect)  # fmt: skip
    if kind == "yes_no":
        return forms.ChoiceField(label=label, help_text=help_text, choices=[("yes", _("yes")), ("no", _("no"))],
                                 required=False, widget=forms.RadioSelect)  # fmt: skip
    if kind == "date":
        return forms.CharField(label=label, help_text=help_text, required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    if kind == "integer":
        return DigitsCharField(label=label, help_text=help_text, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}))  # fmt: skip
    if kind == "textarea":
        return forms.CharField(
            label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=int(spec.get("max_length") or 200)
    )


class UploadForm(BootstrapMixin, forms.Form):
    code = forms.ChoiceField(label=_("Which document is it?"), required=False)
    document = forms.FileField(
        label=_("The file"), required=False, help_text=_("PDF, JPEG or PNG: a scan or a clear photo."),
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )  # fmt: skip

    def __init__(self, data: Any = None, files: Any = None, *, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(data, files, **kwargs)
        self.fields["code"].choices = [("", "—"), *codes]  # type: ignore[attr-defined]


class ReplaceForm(BootstrapMixin, forms.Form):
    document = forms.FileField(
        label=_("The new file"), required=False, help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )  # fmt: skip


class ReviewForm(BootstrapMixin, forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that the provincial office processes this request and the data in it."), required=False
    )
    declared = forms.BooleanField(label=_("I declare that the information I gave is true."), required=False)


class PrefillForm(BootstrapMixin, forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that my household's data is taken from the social registry (RSU) for this request, by the "
            "CIN or civil register number I gave."
        ),
        required=False,
    )


class ConvergenceConsentForm(BootstrapMixin, forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I agree that the provincial office shares my name, sex, age and commune with a social center or a "
            "partner association, to refer me to them."
        ),
        error_messages={"required": _("Tick the box to agree to be referred, or leave the page.")},
    )


class MessageForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("Your message to the office"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False, max_length=2000)  # fmt: skip


class GroundsForm(BootstrapMixin, forms.Form):
    grounds = forms.CharField(
        label=_("Why do you ask for it?"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
        help_text=_("Say what the committee did not know or did not take into account."),
    )  # fmt: skip


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=500)
