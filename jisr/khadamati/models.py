"""Khadamati's foundation: the one-time sign-in codes of citizens and the declarations of whom they act for."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, Via, anchored
from jisr.territories.models import Commune, Province


class Channel(models.TextChoices):
    SMS = "sms", _("text message")
    EMAIL = "email", _("e-mail")


class SignInCode(models.Model):
    """One six-digit code asked for a mobile number or an e-mail address (docs/khadamati.md, "Sign-in").

    Only a keyed hash of the code is stored (HMAC-SHA256 under a key derived from SECRET_KEY, salted with the
    row's id): a copy of the database does not give the codes, even by trying the million of them. `sent` is
    False when no code went out (the number or address belongs to a staff account): the row still counts
    against the limits, so the answer and the limits are the same for every number. Rows are deleted a day
    after they were asked for.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    destination = models.CharField(max_length=254, db_index=True)  # +2126… or a lower-case e-mail address
    code_hash = models.CharField(max_length=64, blank=True)
    sent = models.BooleanField(default=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class SignInLock(models.Model):
    """Wrong codes entered for one number or address, and until when it is locked once they reach the limit."""

    destination = models.CharField(max_length=254, primary_key=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self) -> str:
        return f"{self.failures} → {self.locked_until}"


@anchored(AnchorFields(region="region_code", province="province_id"))
class Representation(models.Model):
    """A citizen's declaration of whom they act for (themselves, a minor child, an adult under guardianship),
    with the supporting document, verified or refused by the office of the person's province.

    Until it is verified, the citizen sees only what they entered; the office's verification links it to the
    person's record in the beneficiary index when one has the same CIN or register number.
    """

    class Relation(models.TextChoices):
        SELF = "self", _("myself")
        MINOR_CHILD = "minor_child", _("my minor child")
        ADULT_UNDER_GUARDIANSHIP = "adult_under_guardianship", _("an adult under my guardianship")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="khadamati_representations"
    )
    relation = models.CharField(_("whom you act for"), max_length=30, choices=Relation.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    cin = models.CharField(_("national identity card (CIN)"), max_length=8, blank=True)
    civil_register_id = models.CharField(_("civil register number"), max_length=20, blank=True)
    commune = models.ForeignKey(Commune, verbose_name=_("commune of residence"), on_delete=models.PROTECT)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, editable=False, related_name="+")
    region_code = models.CharField(max_length=10, editable=False, db_index=True)
    # The supporting document (jisr/khadamati/documents.py): encrypted on disk under a key of its own,
    # itself encrypted here under the field keys.
    document_name = models.CharField(_("document"), max_length=150)
    document_type = models.CharField(max_length=50)
    document_size = models.PositiveIntegerField()
    document_stored_name = models.CharField(max_length=32, blank=True)
    document_key = EncryptedTextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    declared_at = models.DateTimeField(_("declared on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="khadamati_representations"
    )

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["-declared_at"]
        permissions = [("verify_representation", _("Can verify or refuse a declaration of representation"))]
        constraints = [
            models.CheckConstraint(
                name="representation_has_an_identifier", condition=~models.Q(cin="", civil_register_id="")
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=models.Q(relation="self") & ~models.Q(status="refused"),
                name="one_open_self_representation",
            ),
            models.UniqueConstraint(
                fields=["citizen", "cin"],
                condition=~models.Q(cin="") & ~models.Q(status="refused"),
                name="one_open_representation_per_cin",
            ),
            models.UniqueConstraint(
                fields=["citizen", "civil_register_id"],
                condition=~models.Q(civil_register_id="") & ~models.Q(status="refused"),
                name="one_open_representation_per_register_number",
            ),
        ]
        indexes = [models.Index(fields=["province", "status", "declared_at"], name="representation_queue")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


# ---------------------------------------------------------------------------------------------------------------
# Requests (docs/khadamati.md, "Requests"): the types as data, the request and its state machine, its timeline,
# documents, messages, consents and the committee's decisions. Every write is in services_requests.py.


class RequestKind(models.TextChoices):
    CARD = "card", _("disability card")
    ASSISTIVE_DEVICE = "assistive_device", _("assistive device")
    SCHOOLING = "schooling", _("schooling support")
    EMPLOYMENT_TRAINING = "employment_training", _("employment or training support")
    INCOME_ACTIVITY = "income_activity", _("income-generating activity")
    REHABILITATION = "rehabilitation", _("rehabilitation or day care")


class CardVariant(models.TextChoices):
    NONE = "", _("not a card")
    FIRST = "first", _("first application")
    RENEWAL = "renewal", _("renewal")
    CHANGE = "change", _("change of situation")
    REPLACEMENT = "replacement", _("replacement of a lost card")


class RequestType(models.Model):
    """A kind of request citizens may file, as data (a new type is a row, not code).

    `steps` is the list of the type's own steps of the form, between the person step and the documents step:
    `[{"code": "need", "title": {"ar", "fr", "en"}, "fields": [{"name", "type", "label": {...}, "required",
    "choices": [{"value", "label": {...}}], "max_length", "help": {...}}]}]` with the field types of
    `request_types.FIELD_TYPES`; `documents` lists what must or may be joined:
    `[{"code": "medical_report", "label": {...}, "required": true}]`. Both are checked by
    `request_types.check_definition` (on save and in the data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=RequestKind.choices)
    variant = models.CharField(_("card variant"), max_length=20, choices=CardVariant.choices, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    medical_review = models.BooleanField(_("reviewed by the medical committee"), default=True)
    steps = models.JSONField(_("steps of the form"), default=list, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("open to new requests"), default=True)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "ar")[:2]
        return getattr(self, f"name_{language}", "") or self.name_ar

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        language = (get_language() or "ar")[:2]
        return getattr(self, f"description_{language}", "") or self.description_ar

    def clean(self) -> None:
        from jisr.khadamati.request_types import check_definition

        check_definition(self.steps, self.documents)


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, documents to check")
    MEDICAL_COMMITTEE = "medical_committee", _("medical committee")
    SOCIAL_ASSESSMENT = "social_assessment", _("social assessment")
    COMMITTEE_DECISION = "committee_decision", _("committee decision")
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    MORE_INFORMATION = "more_information", _("more information needed")
    CARD_ISSUED = "card_issued", _("card issued")
    WITHDRAWN = "withdrawn", _("withdrawn")
    RECONSIDERATION = "reconsideration", _("reconsideration requested")
    APPEAL = "appeal", _("appeal")


@anchored(AnchorFields(region="region_code", province="province_id"))
class Request(models.Model):
    """One request of a citizen, for themselves or for a person they are verified to act for.

    Anchored to the province of the person it is for: the back office of that province sees it; the applicant
    (and any citizen verified to act for the same person) sees it through `selectors_requests`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request_type = models.ForeignKey(RequestType, verbose_name=_("type"), on_delete=models.PROTECT)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="khadamati_requests")
    representation = models.ForeignKey(
        Representation, verbose_name=_("acting for"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="requests",
    )  # fmt: skip
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("family name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    cin = models.CharField(_("national identity card (CIN)"), max_length=8, blank=True, db_index=True)
    civil_register_id = models.CharField(_("civil register number"), max_length=20, blank=True, db_index=True)
    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")  # fmt: skip
    region_code = models.CharField(max_length=10, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    data = models.JSONField(_("answers"), default=dict, blank=True)  # {step code: {field: value}}
    current_step = models.CharField(_("current step"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("started on"))
    updated_at = models.DateTimeField(_("last saved on"))
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status since"))
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    documents_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    documents_checked_at = models.DateTimeField(null=True, blank=True)
    medical_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    medical_reviewed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=20, blank=True, db_index=True)
    card_issued_at = models.DateTimeField(_("card issued on"), null=True, blank=True)
    card_valid_until = models.DateField(_("card valid until"), null=True, blank=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="khadamati_requests"
    )

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at"]
        permissions = [
            ("check_documents", _("Can accept or refuse the documents of a request")),
            ("record_medical_review", _("Can record the medical committee's review of a request")),
            ("record_assessment", _("Can record the social assessment of a request")),
            ("record_decision", _("Can record the provincial committee's decision on a request")),
            ("confirm_decision", _("Can confirm a decision recorded by someone else")),
            ("issue_card", _("Can issue the disability card of a granted request")),
            ("assign_request", _("Can assign a request to a member of the office")),
        ]
        indexes = [
            models.Index(fields=["province", "status", "status_changed_at"], name="request_queue"),
            models.Index(fields=["applicant", "status"], name="request_applicant"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The short reference a citizen quotes on the phone: the first eight hexadecimal digits of the id."""
        return f"KH-{self.id.hex[:8].upper()}"

    @property
    def person_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class DecisionStage(models.TextChoices):
    FIRST = "first", _("first decision")
    RECONSIDERATION = "reconsideration", _("reconsideration")
    APPEAL = "appeal", _("appeal")


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")
    MORE_INFORMATION = "more_information", _("more information needed")


@anchored(Via("request"))
class Decision(models.Model):
    """The provincial committee's decision on a request, recorded by one person and confirmed by another."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(_("stage"), max_length=20, choices=DecisionStage.choices, default=DecisionStage.FIRST)
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    reasons = models.TextField(_("reasons"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    members_present = models.JSONField(_("members present"), default=list)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded on"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                name="decision_confirmed_by_another",
                condition=models.Q(confirmed_by__isnull=True) | ~models.Q(confirmed_by=models.F("recorded_by")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_outcome_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


@anchored(Via("request"))
class RequestEvent(models.Model):
    """One line of a request's timeline: who moved it, when, from which status to which, and a public note."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_office = models.BooleanField(default=False)
    kind = models.CharField(max_length=40)  # what happened (request_events.DESCRIPTIONS)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    public_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class DocumentStatus(models.TextChoices):
    RECEIVED = "received", _("received, to be checked")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    REPLACED = "replaced", _("replaced")


@anchored(Via("request"))
class RequestDocument(models.Model):
    """A document joined to a request (jisr/khadamati/documents.py: checked by its content, stored encrypted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="request_documents")
    code = models.CharField(_("document"), max_length=40)  # one of the type's `documents` codes
    name = models.CharField(_("file"), max_length=150)
    mime_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    stored_name = models.CharField(max_length=32, blank=True)
    key = EncryptedTextField(blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.RECEIVED)  # fmt: skip
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("sent on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    replace_by = models.DateField(_("to replace by"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replacement"
    )

    class Meta:
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


@anchored(Via("request"))
class RequestMessage(models.Model):
    """A message between the applicant and the office about one request."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_office = models.BooleanField(default=False)
    body = EncryptedTextField(_("message"))
    sent_at = models.DateTimeField(_("sent on"))
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request message")
        verbose_name_plural = _("request messages")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.sent_at:%Y-%m-%d}"


class ConsentPurpose(models.TextChoices):
    APPLICATION = "application", _("processing my application")
    REGISTRY_PREFILL = "registry_prefill", _("taking my household's data from the social registry")
    CONVERGENCE_REFERRAL = "convergence_referral", _("referring me to a center or a partner")


@anchored(Via("request"))
class RequestConsent(models.Model):
    """A consent given by the applicant for one purpose of one request (law 09-08), and its withdrawal."""

    id = models.BigAutoField(primary_key=True)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request consent")
        verbose_name_plural = _("request consents")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "purpose"],
                condition=models.Q(withdrawn_at=None),
                name="one_open_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.purpose


# The back office's records live in a module of their own; importing them here makes them Khadamati's models.
from jisr.khadamati.models_office import (  # noqa: E402, F401
    AssessmentInstrument,
    Card,
    CaseLink,
    Convocation,
    MedicalReview,
    SocialAssessment,
)
