"""The beneficiary pathway: a case opened at a center for one person, and what happens in it.

reception → listening → diagnosis → orientation → pathway → follow-up → closed. The status is
derived by the case services from the pathway's records and changed only through them, with a
row lock (DESIGN.md convention 5). Anchor: the center, hence its province and region; every record
of a case (listening, assessment, plan and its goals and actions, follow-up, outcome) is anchored
where its case is (`Via`).
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center
from jisr.core.crypto import EncryptedTextField
from jisr.core.scope import AnchorFields, Via, anchored
from jisr.core.versioned import VersionedDefinition
from jisr.people.models import Person
from jisr.territories.models import Province


@anchored(AnchorFields(region="region_code", province="province_id", center="center_id"))
class Case(models.Model):
    class Status(models.TextChoices):
        RECEPTION = "reception", _("reception")
        LISTENING = "listening", _("listening")
        DIAGNOSIS = "diagnosis", _("diagnosis")
        ORIENTATION = "orientation", _("orientation")
        PATHWAY = "pathway", _("integration pathway")
        FOLLOW_UP = "follow_up", _("follow-up")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("walk-in")
        PHONE = "phone", _("phone")
        OUTREACH = "outreach", _("outreach")
        REFERRAL_IN = "referral_in", _("referral from another service")
        ONLINE = "online", _("online")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("routine")
        PRIORITY = "priority", _("priority")
        URGENT = "urgent", _("urgent")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("reference"), max_length=60, unique=True, editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases")
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="cases")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, editable=False)
    region_code = models.CharField(max_length=10, editable=False, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("social worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEPTION)
    reason = models.TextField(_("reason for coming"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    opened_at = models.DateTimeField(_("opened on"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closure"), max_length=30, blank=True)
    # True when the case is held at the center that registered its person (set by the services: opening,
    # transfer, merge). Such a case adds nothing to who may see the person (the registering center's
    # scope already does), so a coordinator's search looks only at the others, through the partial
    # indexes below. False when unknown, which is always safe: the case is then looked at too.
    at_registering_center = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("view_listening", _("Can read confidential listening records")),
            ("approve_plan", _("Can approve an orientation plan")),
            ("view_caseload", _("Can see caseload dashboards")),
            ("change_protocol", _("Can edit assessment protocols")),
            ("reopen_case", _("Can reopen a closed case")),
            ("assign_case", _("Can reassign a case and transfer it between centers")),
            ("export_cases", _("Can export the case list (CSV, XLSX)")),
        ]
        indexes = [
            models.Index(fields=["center", "status"], name="cases_case_center_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="cases_case_worker_status_idx"),
            models.Index(fields=["province", "status"], name="cases_case_province_status_idx"),
            # The lists are ordered newest first within a scope: one index per level of scope, so that
            # a page is read in index order instead of sorting the whole region (bench/load_cases.py).
            models.Index(fields=["-opened_at", "id"], name="cases_case_opened_idx"),
            models.Index(fields=["region_code", "-opened_at", "id"], name="cases_case_region_opened_idx"),
            models.Index(fields=["province", "-opened_at", "id"], name="cases_case_province_opened_idx"),
            models.Index(fields=["center", "-opened_at", "id"], name="cases_case_center_opened_idx"),
            models.Index(fields=["assigned_to", "-opened_at", "id"], name="cases_case_worker_opened_idx"),
            # person search: the persons followed by a case in a region, a province or a center other
            # than the one that registered them, read from these small indexes alone (jisr.people.selectors)
            models.Index(fields=["region_code", "person"], name="cases_case_region_away_idx",
                         condition=models.Q(at_registering_center=False)),
            models.Index(fields=["province", "person"], name="cases_case_province_away_idx",
                         condition=models.Q(at_registering_center=False)),
            models.Index(fields=["center", "person"], name="cases_case_center_away_idx",
                         condition=models.Q(at_registering_center=False)),
            # the dashboards: a region's cases closed in a period
            models.Index(fields=["region_code", "closed_at"], name="cases_case_region_closed_idx",
                         condition=models.Q(closed_at__isnull=False)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.reference


# The history of a territory's cases, read without the cases (the dashboards): where the case is now.
HELD_AT = "held_at"


@anchored(Via("case"), held_at=AnchorFields(region="region_code", province="province_id", center="center_id"))
class CaseStatusChange(models.Model):
    """Every change of a case's status: the case's history, kept when it is closed and reopened.

    `center`, `province` and `region_code` are the case's, copied so that a territory's history is found
    by an index at each level without going through its cases (anchor `held_at`), as the case itself is;
    they move with the case when a transfer is accepted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Case.Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    # When the case entered `from_status` (the previous change's moment; None for the opening): the time
    # spent in a stage is one row's difference, so the dashboards' medians need no window over the history.
    from_status_since = models.DateTimeField(null=True, blank=True, editable=False)
    center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, editable=False, related_name="+")
    region_code = models.CharField(max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at"]
        indexes = [
            # The dashboards read the changes of a territory in a period: one index per level, as for cases;
            # a region's holds what the dashboards read (PostgreSQL then answers from the index alone).
            models.Index(fields=["center", "changed_at"], name="cases_statuschange_center_idx"),
            models.Index(fields=["province", "changed_at"], name="cases_statuschange_prov_idx"),
            models.Index(fields=["region_code", "changed_at"], name="cases_statuschange_region_idx",
                         include=["case", "from_status", "to_status", "from_status_since"]),
            # the starts of the follow-up (outcomes at 3, 6 and 12 months), a tenth of the history
            models.Index(fields=["region_code", "changed_at"], name="cases_statuschange_start_idx",
                         include=["case"], condition=models.Q(from_status="pathway", to_status="follow_up")),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


@anchored(
    Via("case"),
    receiving_center=AnchorFields(region="to_center__region_code", province="to_center__province_id",
                                  center="to_center_id"),
)  # fmt: skip
class CaseTransfer(models.Model):
    """A case offered to another center, with the person's consent and a note; the case stays where it
    is until the receiving center accepts it (or refuses, with the reason). Seen by the case's side
    (default anchor) and by the receiving center (`receiving_center`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the receiving center")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled by the sending center")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_center = models.ForeignKey(Center, verbose_name=_("from center"), on_delete=models.PROTECT, related_name="+")
    to_center = models.ForeignKey(Center, verbose_name=_("to center"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note to the receiving center"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="cases_one_pending_transfer",
                violation_error_message=_("A transfer of this case is already waiting for an answer."),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_center_id} ({self.status})"


@anchored(Via("case"))
class CaseEvent(models.Model):
    """A change of who holds the case — reassigned to another worker, a transfer asked, accepted or
    refused — kept with the case's history (old → new, who, when, the note)."""

    class Kind(models.TextChoices):
        REASSIGNED = "reassigned", _("reassigned")
        TRANSFER_REQUESTED = "transfer_requested", _("transfer requested")
        TRANSFER_ACCEPTED = "transfer_accepted", _("transfer accepted")
        TRANSFER_REFUSED = "transfer_refused", _("transfer refused")
        TRANSFER_CANCELLED = "transfer_cancelled", _("transfer cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")  # fmt: skip
    from_center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


@anchored(Via("case"))
class CaseFlag(models.Model):
    """A warning on a case (a safety risk, a protection concern…), shown on the lists and the case page.

    Set and cleared by the center's staff, each time with a reason; a cleared flag stays as history
    (who set it, when and why; who cleared it, when and why). At most one flag of each kind is active."""

    class Kind(models.TextChoices):
        SAFETY_RISK = "safety_risk", _("safety risk")
        PROTECTION = "protection", _("protection concern")
        URGENT = "urgent", _("urgent action needed")
        UNREACHABLE = "unreachable", _("person unreachable")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("flag"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set on"))
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(_("cleared on"), null=True, blank=True)
    clear_reason = models.CharField(_("reason for clearing"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("case flag")
        verbose_name_plural = _("case flags")
        ordering = ["set_at"]
        default_permissions = ()  # set and cleared with cases.change_case, read with cases.view_case
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=models.Q(cleared_at__isnull=True), name="cases_one_active_flag",
                violation_error_message=_("This flag is already set on the case."),
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["kind", "case"], condition=models.Q(cleared_at__isnull=True),
                                name="cases_flag_active_idx")]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def active(self) -> bool:
        return self.cleared_at is None


class SavedCaseFilter(models.Model):
    """A filter of the case list saved by a user under a name: only its owner sees and applies it, and
    it is applied to the cases the owner may see at that moment (never a way around the scope)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_filters")
    name = models.CharField(_("name"), max_length=80)
    params = models.JSONField(_("filter"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved case filter")
        verbose_name_plural = _("saved case filters")
        ordering = ["name"]
        default_permissions = ()  # each user's own
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="cases_saved_filter_owner_name",
                                    violation_error_message=_("You already have a filter with this name."))
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    @property
    def query_string(self) -> str:
        """The filter as the case list's query string (the link that applies it)."""
        return urlencode(self.params)


@anchored(Via("case"))
class ListeningRecord(models.Model):
    """A confidential listening interview: the needs the person expresses, notes encrypted at rest."""

    class Need(models.TextChoices):
        INCOME = "income", _("income and employment")
        TRAINING = "training", _("education and skills")
        HEALTH = "health", _("health")
        DISABILITY = "disability", _("disability")
        HOUSING = "housing", _("housing")
        FAMILY = "family", _("family and social ties")
        DOCUMENTS = "documents", _("legal documents")
        SAFETY = "safety", _("safety")
        PSYCHOLOGICAL = "psychological", _("psychological support")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="listening_records")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held on"))
    needs = models.JSONField(_("needs expressed"), default=list)
    notes = EncryptedTextField(_("confidential notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("listening record")
        verbose_name_plural = _("listening records")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d}"


class Protocol(VersionedDefinition):
    """A version of an assessment protocol ("protocols of assistance and social care").

    The content is data — domains, questions, scored answers, thresholds, recommended pathways —
    validated by `jisr.cases.protocols.validate_definition`. A published version never changes:
    editing it creates the next version, and assessments keep the version they used.
    """

    requires_plan_approval = models.BooleanField(_("orientation plans need the manager's approval"), default=True)

    class Meta:
        verbose_name = _("assessment protocol")
        verbose_name_plural = _("assessment protocols")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="cases_protocol_code_version")]
        ordering = ["code", "-version"]


@anchored(Via("case"))
class Assessment(models.Model):
    """A diagnosis of a case with one protocol version: answers, scores per domain, needs, priority."""

    class Priority(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="assessments")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(_("assessed on"))
    answers = models.JSONField(default=dict)
    domain_scores = models.JSONField(default=dict)
    needs_profile = models.JSONField(_("needs profile"), default=dict)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    recommendations = models.JSONField(_("recommended pathways"), default=list)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_at:%Y-%m-%d}"


@anchored(Via("case"))
class FollowUp(models.Model):
    """A scheduled follow-up contact (3, 6 and 12 months after the pathway)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        DONE = "done", _("done")
        MISSED = "missed", _("missed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="cases_followup_due_idx"),
            # the dashboards: due in a period, in a region (by date) or in a center (by case)
            models.Index(fields=["due_on"], name="cases_followup_due_on_idx"),
            models.Index(fields=["case", "due_on"], name="cases_followup_case_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on}"


@anchored(Via("case"))
class Outcome(models.Model):
    """A result of the pathway for the person."""

    class Kind(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        SELF_EMPLOYED = "self_employed", _("self-employed")
        BACK_IN_SCHOOL = "back_in_school", _("back in school")
        TRAINING_CERTIFIED = "training_certified", _("training certified")
        DISABILITY_CARD = "disability_card", _("disability card obtained")
        HOUSED = "housed", _("housed")
        PROTECTED = "protected", _("protected")
        FAMILY_REUNITED = "family_reunited", _("family reunited")
        DOCUMENTS_OBTAINED = "documents_obtained", _("legal documents obtained")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=20, choices=Kind.choices)
    achieved_on = models.DateField(_("achieved on"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-achieved_on"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


@anchored(Via("case"))
class OrientationPlan(models.Model):
    """The case's orientation plan: goals, each with actions (internal services or referrals).

    Approved by the center manager when the protocol of the case's diagnosis says so; the author
    never approves their own plan (four eyes).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("waiting for approval")
        RETURNED = "returned", _("returned for changes")
        APPROVED = "approved", _("approved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan")
    assessment = models.ForeignKey(Assessment, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    needs_approval = models.BooleanField(_("needs the manager's approval"), default=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("orientation plan")
        verbose_name_plural = _("orientation plans")
        indexes = [models.Index(fields=["status"], name="cases_plan_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


@anchored(Via("plan"))
class PlanGoal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(OrientationPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=ListeningRecord.Need.choices)
    title = models.CharField(_("goal"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


@anchored(Via("goal"))
class PlanAction(models.Model):
    """A step towards a goal: a service of the center, a referral, or an integration pathway."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("service of the center")
        REFERRAL = "referral", _("referral")
        TRAINING = "training", _("certified training")
        PROFESSIONAL_PROJECT = "professional_project", _("professional-project workshop")
        INCUBATION = "incubation", _("social incubation")
        MEDIATION = "mediation", _("health and social mediation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind of action"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("due on"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    result = models.CharField(_("result"), max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"], name="cases_action_due_idx")]

    def __str__(self) -> str:
        return self.description


# The outcomes kept per center and month of the follow-up's start (`DashboardMonth`): how many started, and of
# those how many had an outcome by 3, 6 and 12 months, of any kind and per kind.
OUTCOME_HORIZONS = (3, 6, 12)
OUTCOME_FIELDS = (
    "followups_started",
    *(f"outcome_any_{horizon}" for horizon in OUTCOME_HORIZONS),
    *(f"outcome_{kind}_{horizon}" for kind in Outcome.Kind.values for horizon in OUTCOME_HORIZONS),
)


@anchored(AnchorFields(region="region_code", province="province_id", center="center_id"))
class DashboardMonth(models.Model):
    """A center's additive figures for one month, kept for the dashboards (`jisr.cases.dashboard_months`):
    a province or a region adds up its centers' rows instead of counting its cases again.

    Each count belongs to the month of its own date: `opened` and the `reached_*` of the funnel to the
    month the cases were opened, `closed` to the month of closing, the `followups_*` to the month the
    follow-ups were due, the outcomes (`OUTCOME_FIELDS`) to the month the follow-up started.
    Recomputed from the cases for a center in the same transaction as every
    service's write that changes them, and wholly by `jisr rebuild_dashboard_months`."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField(max_length=10)
    month = models.DateField()  # its first day
    opened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    reached_listening = models.PositiveIntegerField(default=0)
    reached_diagnosis = models.PositiveIntegerField(default=0)
    reached_orientation = models.PositiveIntegerField(default=0)
    reached_pathway = models.PositiveIntegerField(default=0)
    reached_follow_up = models.PositiveIntegerField(default=0)
    followups_due = models.PositiveIntegerField(default=0)
    followups_on_time = models.PositiveIntegerField(default=0)
    followups_late = models.PositiveIntegerField(default=0)
    followups_missed = models.PositiveIntegerField(default=0)
    followups_pending = models.PositiveIntegerField(default=0)
    # OUTCOME_FIELDS, by the month the follow-up started (pathway → follow-up)
    for _outcome_field in OUTCOME_FIELDS:
        locals()[_outcome_field] = models.PositiveIntegerField(default=0)
    del _outcome_field

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "month"], name="cases_dashmonth_center_month")]
        indexes = [
            models.Index(fields=["province", "month"], name="cases_dashmonth_province_idx"),
            models.Index(fields=["region_code", "month"], name="cases_dashmonth_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.month:%Y-%m}"
