"""Documents attached to a person (an identity card's scan) or to one of their cases (a medical report, a
certificate from another institution).

The bytes live outside the web root, under JISR_ATTACHMENTS_DIR, in files with random names, encrypted with
a key of their own (Fernet); that key is stored here, encrypted under the sensitive-field keys
(`jisr.core.crypto`), so that `jisr rotate_field_keys` covers the files too (`jisr.attachments.storage`).
A document removed by a user stays as a row saying who removed it, when and why; its key and its bytes go.

Seen from the person's two sides for a document of the person, from its case for a document of a case:
`jisr.attachments.selectors` picks the anchor.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.cases.models import Case
from jisr.core.crypto import EncryptedTextField
from jisr.core.intake.documents import DOCUMENT_TYPES
from jisr.core.scope import Via, anchored
from jisr.people.models import BY_CASE, REGISTERED, Person

CASE = "case"
FORMATS = [(mime, kind.label) for mime, kind in DOCUMENT_TYPES.items()]


@anchored(registered=Via("person", REGISTERED), by_case=Via("person", BY_CASE), case=Via("case"))
class Attachment(models.Model):
    class Kind(models.TextChoices):
        IDENTITY = "identity", _("identity document")
        CIVIL_STATUS = "civil_status", _("civil status document")
        MEDICAL = "medical", _("medical report or certificate")
        SOCIAL = "social", _("social report")
        CERTIFICATE = "certificate", _("diploma or training certificate")
        ADMINISTRATIVE = "administrative", _("administrative document")
        OTHER = "other", _("other document")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attachments")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("name of the document"), max_length=200)
    content_type = models.CharField(_("format"), max_length=30, choices=FORMATS)
    size = models.PositiveIntegerField(_("size in bytes"))
    # The file's random name under JISR_ATTACHMENTS_DIR, and its own key (encrypted under JISR_FIELD_KEYS);
    # both are emptied when the document is removed.
    stored_name = models.CharField(max_length=64, blank=True, editable=False)
    file_key = EncryptedTextField(blank=True, editable=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    added_at = models.DateTimeField(_("added on"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("removed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    removed_at = models.DateTimeField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["-added_at", "id"]
        default_permissions = ("view", "add", "delete")  # a document is not edited: removed and added again
        indexes = [
            models.Index(fields=["person", "case", "-added_at"], name="attachments_person_case_idx"),
            models.Index(fields=["case", "-added_at"], name="attachments_case_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["stored_name"], condition=~models.Q(stored_name=""),
                                    name="attachments_stored_name_unique"),
            models.CheckConstraint(
                condition=models.Q(removed_at__isnull=True) | models.Q(stored_name="", file_key=""),
                name="attachments_removed_has_no_file",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        # What the audit log keeps of it: the log outlives the person, so never the document's name.
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def format_label(self) -> str:
        return DOCUMENT_TYPES[self.content_type].label if self.content_type in DOCUMENT_TYPES else self.content_type
