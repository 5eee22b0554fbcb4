"""Forms of the attached documents (thin: the checks of the file are the service's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.attachments.models import Attachment
from jisr.core.forms import BootstrapMixin
from jisr.core.intake.documents import ACCEPTED_LABEL, DOCUMENT_TYPES

PREFIX = "document"  # the case page has other forms with a "kind" or a "title"
ACCEPT = ",".join([*sorted({ext for kind in DOCUMENT_TYPES.values() for ext in kind.extensions}), *DOCUMENT_TYPES])


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.FileInput(attrs={"accept": ACCEPT}))
    kind = forms.ChoiceField(label=_("Kind of document"), choices=[("", "—"), *Attachment.Kind.choices])
    title = forms.CharField(label=_("Name of the document"), required=False, max_length=200,
                            help_text=_("Optional: the file's name is shown otherwise."))  # fmt: skip

    def __init__(self, *args: object, max_mb: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = _("%(types)s, at most %(max)s MB.") % {"types": ACCEPTED_LABEL, "max": max_mb}

    def file_refused(self, message: str) -> None:
        """Show `message` on the file alone: the upload was dropped for its size before the form was read."""
        if self.is_bound:
            self.is_valid()
            self.errors.pop("file", None)
        else:
            self.cleaned_data = {}
        self.add_error("file", message)


class RemoveForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the document removed?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    confirm = forms.BooleanField(label=_("I confirm that this document is removed: nobody will be able to open it "
                                         "again."), required=True)  # fmt: skip
