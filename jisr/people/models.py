"""The master beneficiary index: persons, households, vulnerabilities and consents.

A person is seen from two sides (DESIGN.md scope model): through the center that registered them, and
through the centers where they have a case. Both are declared on `Person` as named anchors, with no
default: a person has no single anchor, so `jisr.people.selectors` (which combines the two) is the
way to read persons, and a model anchored through a person names the side it follows.
Match keys (`*_key`) are derived by the people services from the names, never typed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func
from django.utils.translation import gettext_lazy as _

from jisr.centers.models import Center, Organization
from jisr.core.scope import AnchorFields, Via, anchored
from jisr.territories.models import Commune, Province

cin_validator = RegexValidator(
    r"^[A-Z]{1,2}[0-9]{1,6}$",
    _("A national identity card number (CIN) is one or two capital letters followed by up to six digits."),
)


def registered_place(person: Person) -> bool:
    """Copy the registering center's province and region onto the person; True when they changed.

    A person's registering center does not change; a filled person whose center is not loaded is left as
    it is (no query on every save): a center that moves carries its persons along (`centers.services`)."""
    loaded = Person.registered_at.is_cached(person)  # type: ignore[attr-defined]
    if person.registered_at_id is not None and person.registered_region_code and not loaded:
        return False
    center = person.registered_at if person.registered_at_id is not None else None
    province_id = center.province_id if center is not None else None
    region_code = center.region_code if center is not None else ""
    if (person.registered_province_id, person.registered_region_code) == (province_id, region_code):
        return False
    person.registered_province_id, person.registered_region_code = province_id, region_code
    return True


@anchored(AnchorFields(region="region_code", province="province_id"))
class Household(models.Model):
    """People who live together; the registry (issue 4) adds its socio-economic data.

    Anchored to the commune it lives in (its province and region): a household belongs to no center.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    registry_id = models.CharField(
        _("registry household identifier"), max_length=40, unique=True, null=True, blank=True
    )
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, editable=False)
    region_code = models.CharField(max_length=10, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.registry_id or str(self.id)


class FamilySpelling(Func):
    """The family-name part of a spelling key ("given family": what follows the one space, or '').

    Indexed with the key (`people_person_*_family_idx`): "has this family name" is then an index
    equality, read in the order of the whole name (`jisr.people.search`)."""

    output_field = models.CharField()
    arity = 1
    template = "SPLIT_PART(%(expressions)s, ' ', 2)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        key, params = compiler.compile(self.source_expressions[0])
        sql = f"CASE WHEN INSTR({key}, ' ') > 0 THEN SUBSTR({key}, INSTR({key}, ' ') + 1) ELSE '' END"
        return sql, (*params, *params, *params)


# The names of a person's two anchors. The case side follows the reverse relation to cases by a string
# lookup (this app does not import cases); it yields one row per case, so list selectors wrap it in
# Exists (jisr.people.selectors.visible_people).
REGISTERED = "registered"
BY_CASE = "by_case"


@anchored(
    registered=AnchorFields(
        region="registered_region_code", province="registered_province_id", center="registered_at_id"
    ),
    by_case=AnchorFields(region="cases__region_code", province="cases__province_id", center="cases__center_id"),
)
class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("son or daughter")
        PARENT = "parent", _("father or mother")
        SIBLING = "sibling", _("brother or sister")
        GRANDCHILD = "grandchild", _("grandchild")
        OTHER_RELATIVE = "other_relative", _("other relative")
        NOT_RELATED = "not_related", _("not related")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name_ar = models.CharField(_("first name (Arabic script)"), max_length=100, blank=True)
    last_name_ar = models.CharField(_("family name (Arabic script)"), max_length=100, blank=True)
    first_name_latin = models.CharField(_("first name (Latin script)"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("family name (Latin script)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_is_estimated = models.BooleanField(_("date of birth estimated from an approximate age"), default=False)
    cin = models.CharField(
        _("national identity card (CIN)"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[cin_validator],
        error_messages={"unique": _("Another person already has this CIN: open their record instead.")},
    )
    civil_register_id = models.CharField(
        _("national population register identifier"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        error_messages={"unique": _("Another person already has this identifier: open their record instead.")},
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune of residence"), on_delete=models.PROTECT, null=True, blank=True
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, blank=True, editable=False)
    region_code = models.CharField(max_length=10, blank=True, editable=False, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    relation_to_head = models.CharField(
        _("relation to the head of household"), max_length=20, choices=Relation.choices, blank=True
    )
    registered_at = models.ForeignKey(
        Center,
        verbose_name=_("registered at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_people",
    )
    # The registering center's province and region, kept on the person (`save`, and the centers service
    # when a center moves), so that a coordinator's scope is an indexed column of the person rather than
    # the list of their territory's centers (docs/performance.md, docs/people.md "Search").
    registered_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    registered_region_code = models.CharField(max_length=10, blank=True, editable=False)
    # Normalized match keys, maintained by jisr.people services (duplicate detection and search).
    name_ar_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_latin_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_phonetic_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_phonetic_key_reversed = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # One skeleton per name, so that a search by the family name alone is an equality (search ranking).
    first_name_phonetic_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    last_name_phonetic_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    anonymized_at = models.DateTimeField(_("anonymized on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        permissions = [
            ("merge_person", _("Can merge duplicate persons")),
            ("unmerge_person", _("Can undo a merge of persons")),
            ("export_person_data", _("Can export a person's data")),
            ("view_sensitive", _("Can read sensitive personal data")),
        ]
        indexes = [
            models.Index(fields=["birth_date"], name="people_person_birth_idx"),
            models.Index(FamilySpelling(F("name_ar_key")), F("name_ar_key"), name="people_person_ar_family_idx"),
            models.Index(
                FamilySpelling(F("name_latin_key")), F("name_latin_key"), name="people_person_latin_family_idx"
            ),
            models.Index(fields=["registered_region_code"], name="people_person_reg_region_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps the registering center's province and region with the center (`registered_place`)."""
        if registered_place(self):
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "registered_province", "registered_region_code"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        arabic = f"{self.first_name_ar} {self.last_name_ar}".strip()
        latin = f"{self.first_name_latin} {self.last_name_latin}".strip()
        return arabic or latin or str(_("(no name)"))


@anchored(registered=Via("person", REGISTERED), by_case=Via("person", BY_CASE))
class Vulnerability(models.Model):
    class Category(models.TextChoices):
        WOMAN_DIFFICULT_SITUATION = "woman_difficult_situation", _("woman in a difficult situation")
        VIOLENCE_VICTIM = "violence_victim", _("victim of violence")
        DISABILITY = "disability", _("person with a disability")
        ELDERLY = "elderly", _("elderly person")
        HOMELESS = "homeless", _("homeless person")
        CHILD_WITHOUT_SUPPORT = "child_without_support", _("child without family support")
        NEET = "neet", _("young person not in employment, education or training")

    class DisabilityType(models.TextChoices):
        MOTOR = "motor", _("motor")
        VISUAL = "visual", _("visual")
        HEARING = "hearing", _("hearing")
        INTELLECTUAL = "intellectual", _("intellectual")
        PSYCHIC = "psychic", _("psychic")
        MULTIPLE = "multiple", _("multiple")

    class Severity(models.TextChoices):
        MILD = "mild", _("mild")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        PROFOUND = "profound", _("profound")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vulnerabilities")
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    disability_type = models.CharField(
        _("type of disability"), max_length=20, choices=DisabilityType.choices, blank=True
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, blank=True)
    noted_at = models.DateField(_("noted on"))
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")
        constraints = [
            models.UniqueConstraint(fields=["person", "category"], name="people_vulnerability_once_per_category"),
            models.CheckConstraint(
                condition=models.Q(category="disability") | models.Q(disability_type="", severity=""),
                name="people_vulnerability_disability_details_only_for_disability",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_category_display())


@anchored(registered=Via("person", REGISTERED), by_case=Via("person", BY_CASE))
class Consent(models.Model):
    """A person's consent for one purpose, or the other legal basis the processing rests on (law 09-08)."""

    class Purpose(models.TextChoices):
        CASE_MANAGEMENT = "case_management", _("case management at the center")
        REFERRAL = "referral", _("referral to another center or a partner")
        TRAINING = "training", _("training and certification")
        FOLLOW_UP_CONTACT = "follow_up_contact", _("contact for follow-up")
        SOCIAL_PROGRAMS = "social_programs", _("eligibility for social programs")
        PHOTO_TESTIMONY = "photo_testimony", _("photos and testimonies")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent of the person")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
        VITAL_INTEREST = "vital_interest", _("vital interest of the person")
        PUBLIC_INTEREST = "public_interest", _("mission of public interest")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices, default="consent")
    recipient = models.ForeignKey(
        Organization,
        verbose_name=_("recipient organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For a referral: the organization the person agreed to share their data with."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    given_at = models.DateTimeField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at_center = models.ForeignKey(Center, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "purpose"], name="people_consent_purpose_idx")]

    def __str__(self) -> str:
        return str(self.get_purpose_display())


@anchored(registered=Via("person", REGISTERED), by_case=Via("person", BY_CASE))
class Correction(models.Model):
    """One correction of a person's record (rectification, law 09-08): each field's old and new value,
    and why. Written by the correction services next to the audit entry, so that the person's
    data-subject export can show them what was corrected, when and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    # {"field": [old, new]} as JSON-ready values (a household or commune by its key).
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.CharField(_("reason"), max_length=300)
    corrected_at = models.DateTimeField(_("corrected on"), db_index=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.corrected_at:%Y-%m-%d}"

    @property
    def field_labels(self) -> list[str]:
        """The names of the fields changed, in the reader's language (decisions recorded alongside left out)."""
        labels = []
        for name in self.changes:
            try:
                model_field = Person._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            labels.append(str(getattr(model_field, "verbose_name", name)))
        return labels


@anchored(kept_registered=Via("kept", REGISTERED), kept_by_case=Via("kept", BY_CASE))
class PersonMerge(models.Model):
    """One merge of a duplicate into the kept person, with what moved, so that it can be undone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    reason = models.CharField(_("reason"), max_length=300)
    # {"app_label.model.field": [primary keys moved from absorbed to kept]} and the kept person's
    # identifiers taken over from the absorbed one ({"field": old value}).
    moved = models.JSONField(default=dict)
    identifiers_taken = models.JSONField(default=dict)
    merged_at = models.DateTimeField(_("merged on"))
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(_("undone on"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.kept_id}"


class LinkageRun(models.Model):
    """One batch run of probabilistic record linkage (Splink) over the beneficiary index.

    No anchor: a run holds counts, not personal data, and covers the whole index (national officers).
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.BigAutoField(primary_key=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    threshold = models.FloatField(_("match probability threshold"))
    persons = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("record linkage run")
        verbose_name_plural = _("record linkage runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


@anchored(
    left_registered=Via("left", REGISTERED),
    left_by_case=Via("left", BY_CASE),
    right_registered=Via("right", REGISTERED),
    right_by_case=Via("right", BY_CASE),
)
class LinkagePair(models.Model):
    """A pair of probable duplicates found by a linkage run, waiting for a person to decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        MERGED = "merged", _("merged")
        REJECTED = "rejected", _("not the same person")

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pair_set")
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField(_("match weight"))
    match_probability = models.FloatField(_("match probability"))
    cluster = models.CharField(_("cluster"), max_length=60)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        ordering = ["-match_weight"]
        indexes = [models.Index(fields=["status", "-match_weight"], name="people_linkage_status_idx")]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id}"
