"""Writes of the partnerships: conventions, their parties, territories, projects and budgets, and the ledger.

Every service is keyword-only, checks the acting user's permission over the convention (404 otherwise),
validates, writes in one transaction and audits in it. The ledger is append-only: an entry is never edited
or deleted; a correction is a reversing entry (`transaction_reverse`); a disbursement or an expenditure
above JISR_PARTNERSHIPS_FOUR_EYES_MAD waits for a second person's validation before it counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.models import Center, Organization
from jisr.core import audit, scope
from jisr.core.models import AuditLog
from jisr.partnerships import documents, selectors
from jisr.partnerships.models import (
    FULL_SHARE,
    Budget,
    Convention,
    Coverage,
    Earmark,
    Party,
    Project,
    Total,
    Transaction,
    to_cents,
    to_mad,
)
from jisr.partnerships.selectors import ADD, CHANGE, RECORD, VALIDATE
from jisr.strategy.models import Objective, Pillar
from jisr.territories.models import Region

CONVENTION_FIELDS = ["number", "title_ar", "title_fr", "title_en", "kind", "signed_on", "starts_on", "ends_on",
                     "description"]  # fmt: skip
# The status workflow: draft → signed → in force → closed; terminated from any open status.
TRANSITIONS: dict[str, set[str]] = {
    Convention.Status.DRAFT: {Convention.Status.SIGNED, Convention.Status.TERMINATED},
    Convention.Status.SIGNED: {Convention.Status.IN_FORCE, Convention.Status.TERMINATED},
    Convention.Status.IN_FORCE: {Convention.Status.CLOSED, Convention.Status.TERMINATED},
    Convention.Status.CLOSED: set(),
    Convention.Status.TERMINATED: set(),
}
MONEY_KINDS = (Transaction.Kind.COMMITMENT, Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE)
ROLES = ("funding", "accountable", "extending", "implementing")


@dataclass(frozen=True)
class TerritoryShare:
    """A territory declared by a convention or a project: level, code and share in percent (e.g. 50 or 33.34)."""

    level: str
    code: str
    percent: Decimal


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, (Decimal, datetime.date)) else value


def _snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: _text(getattr(obj, name)) for name in names}


def four_eyes_cents() -> int:
    """Above this amount (centimes), a disbursement or an expenditure needs a second person's validation."""
    return int(settings.JISR_PARTNERSHIPS_FOUR_EYES_MAD) * 100


def parse_amount(value: Any, field: str = "amount") -> Decimal:
    """An amount in MAD: a Decimal with at most two decimals, positive; ValidationError otherwise."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace("\u00a0", "").replace(" ", "")
                                                                  .replace(",", "."))  # fmt: skip
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: _("Enter an amount in MAD, such as 1250000.50.")}) from error
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be greater than zero.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("An amount has at most two decimals (centimes).")})
    if amount >= Decimal("10") ** 12:
        raise ValidationError({field: _("This amount is too large.")})
    return amount


def _check_shares(rows: Sequence[TerritoryShare]) -> list[Coverage]:
    """The coverage rows for the declared territories, or a ValidationError (unknown code, shares not 100)."""
    if not rows:
        raise ValidationError({"territories": _("Declare at least one territory.")})
    coverages: list[Coverage] = []
    total = 0
    seen: set[tuple[str, str]] = set()
    for row in rows:
        try:
            share = int((Decimal(row.percent) * 100).to_integral_value())
        except (InvalidOperation, ValueError) as error:
            raise ValidationError({"territories": _("A share is a percentage, such as 50 or 33.33.")}) from error
        if Decimal(row.percent) * 100 != share or not 0 < share <= FULL_SHARE:
            raise ValidationError({"territories": _("A share is a percentage above 0 and at most 100, with at most "
                                                    "two decimals.")})  # fmt: skip
        if (row.level, row.code) in seen:
            raise ValidationError({"territories": _("The territory %(code)s is declared twice.") % {"code": row.code}})
        seen.add((row.level, row.code))
        total += share
        if row.level == Coverage.Level.NATION:
            coverages.append(Coverage(level=row.level, share=share))
        elif row.level == Coverage.Level.REGION and Region.objects.filter(code=row.code).exists():
            coverages.append(Coverage(level=row.level, region_code=row.code, share=share))
        elif row.level == Coverage.Level.PROVINCE and (region := selectors.province_region(row.code)):
            coverages.append(Coverage(level=row.level, region_code=region, province_code=row.code, share=share))
        else:
            raise ValidationError({"territories": _("No territory of this level has the code %(code)s.")
                                   % {"code": row.code[:20]}})  # fmt: skip
    if total != FULL_SHARE:
        raise ValidationError({"territories": _("The shares must sum to 100 %% (they sum to %(total)s %%).")
                               % {"total": Decimal(total) / 100}})  # fmt: skip
    return coverages


def _write_coverage(convention: Convention, project: Project | None, rows: Sequence[TerritoryShare]) -> list[str]:
    coverages = _check_shares(rows)
    Coverage.objects.filter(convention=convention, project=project).delete()
    for coverage in coverages:
        coverage.convention, coverage.project = convention, project
        coverage.full_clean()
    Coverage.objects.bulk_create(coverages)
    if project is not None and not project.own_coverage:
        project.own_coverage = True
        project.save(update_fields=["own_coverage"])
    return [f"{coverage.code}:{coverage.percent}" for coverage in coverages]


def _roles_of(roles: Iterable[str]) -> dict[str, bool]:
    chosen = set(roles)
    unknown = chosen - set(ROLES)
    if unknown or not chosen:
        raise ValidationError({"roles": _("Choose at least one role: funding, accountable, extending, implementing.")})
    return {role: role in chosen for role in ROLES}


@transaction.atomic
def convention_create(*, acting_user: User, number: str, title_ar: str, title_fr: str, kind: str,
                      territories: Sequence[TerritoryShare], parties: Sequence[tuple[Organization, Iterable[str]]],
                      title_en: str = "", signed_on: datetime.date | None = None,
                      starts_on: datetime.date | None = None, ends_on: datetime.date | None = None,
                      description: str = "", pillars: Iterable[Pillar] = (), objectives: Iterable[Objective] = (),
                      status: str = Convention.Status.DRAFT) -> Convention:  # fmt: skip
    """Create a convention with its territories (shares summing to 100) and its parties (at least one)."""
    scope.require(acting_user, ADD)
    convention = Convention(number=number.strip(), title_ar=title_ar, title_fr=title_fr, title_en=title_en, kind=kind,
                            signed_on=signed_on, starts_on=starts_on, ends_on=ends_on, description=description,
                            status=status, created_by=acting_user)  # fmt: skip
    convention.full_clean()
    if status != Convention.Status.DRAFT and signed_on is None:
        raise ValidationError({"signed_on": _("A signed convention has a signature date.")})
    if not parties:
        raise ValidationError({"parties": _("A convention has at least one party.")})
    convention.save()
    territories_written = _write_coverage(convention, None, territories)
    for organization, roles in parties:
        party = Party(convention=convention, organization=organization, **_roles_of(roles))
        party.full_clean(validate_constraints=False)
        party.save()
    convention.pillars.set(list(pillars))
    convention.objectives.set(list(objectives))
    changes = {name: [None, value] for name, value in _snapshot(convention, CONVENTION_FIELDS).items()}
    changes["territories"] = [None, territories_written]
    changes["parties"] = [None, [str(organization.pk) for organization, _roles in parties]]
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=convention, changes=changes)
    if not selectors.may(acting_user, selectors.VIEW, convention):
        raise ValidationError(_("This convention would be outside what you may see: add your territory or "
                                "organization."))  # fmt: skip
    return convention


@transaction.atomic
def convention_update(*, acting_user: User, convention: Convention, **fields: Any) -> Convention:
    """Change a convention's number, titles, type, dates or description (audited old → new)."""
    selectors.require_on(acting_user, CHANGE, convention)
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    unknown = set(fields) - set(CONVENTION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    old = _snapshot(convention, fields)
    for name, value in fields.items():
        setattr(convention, name, value)
    convention.full_clean()
    changes = audit.diff(old, _snapshot(convention, fields))
    if changes:
        convention.save(update_fields=[*fields, "updated_at"])
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=convention, changes=changes)
    return convention


@transaction.atomic
def convention_set_status(*, acting_user: User, convention: Convention, status: str,
                          signed_on: datetime.date | None = None) -> Convention:  # fmt: skip
    """Move the convention along its workflow (draft → signed → in force → closed, or terminated)."""
    selectors.require_on(acting_user, CHANGE, convention)
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if status not in TRANSITIONS.get(convention.status, set()):
        raise ValidationError({"status": _("A convention cannot go from “%(old)s” to “%(new)s”.") % {
            "old": convention.get_status_display(), "new": Convention.Status(status).label
            if status in Convention.Status.values else status}})  # fmt: skip
    old = {"status": convention.status, "signed_on": _text(convention.signed_on)}
    if signed_on is not None:
        convention.signed_on = signed_on
    if status == Convention.Status.SIGNED and convention.signed_on is None:
        raise ValidationError({"signed_on": _("A signed convention has a signature date.")})
    convention.status = status
    convention.save(update_fields=["status", "signed_on", "updated_at"])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=convention,
                 changes=audit.diff(old, {"status": status, "signed_on": _text(convention.signed_on)}))  # fmt: skip
    return convention


@transaction.atomic
def convention_attach_document(*, acting_user: User, convention: Convention, file_name: str,
                               content: bytes) -> Convention:  # fmt: skip
    """Store the signed document (checked, encrypted); the one it replaces is deleted once this commits."""
    selectors.require_on(acting_user, CHANGE, convention)
    checked = documents.check_document(file_name, content)
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    replaced = convention.document_stored_name
    stored_name, key = documents.FILES.store(content)
    old_name = convention.document_name
    convention.document_name, convention.document_mime = checked.name, checked.mime_type
    convention.document_stored_name, convention.document_key = stored_name, key
    convention.save(update_fields=["document_name", "document_mime", "document_stored_name", "document_key",
                                   "updated_at"])  # fmt: skip
    documents.FILES.delete_on_commit([replaced])
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=convention,
                 changes={"document_name": [old_name or None, checked.name]})  # fmt: skip
    return convention


def convention_document(*, acting_user: User, convention: Convention) -> tuple[str, str, bytes]:
    """The signed document's (name, type, bytes) for a reader who may see the convention; the read is audited."""
    selectors.require_on(acting_user, selectors.VIEW, convention)
    if not convention.document_stored_name:
        raise Http404
    content = documents.FILES.load(convention.document_stored_name, convention.document_key)
    audit.record(actor=acting_user, action=AuditLog.Action.VIEW, obj=convention,
                 changes={"document_name": [None, convention.document_name]})  # fmt: skip
    return convention.document_name, convention.document_mime, content


@transaction.atomic
def party_set(*, acting_user: User, convention: Convention, organization: Organization,
              roles: Iterable[str]) -> Party:  # fmt: skip
    """Add an organization as a party, or change its roles (a party may hold several)."""
    selectors.require_on(acting_user, CHANGE, convention)
    flags = _roles_of(roles)
    party = Party.objects.filter(convention=convention, organization=organization).first()
    if party is None:
        party = Party(convention=convention, organization=organization, **flags)
        party.save()
        audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=party,
                     changes={name: [None, value] for name, value in flags.items()})  # fmt: skip
        return party
    old = _snapshot(party, ROLES)
    for name, value in flags.items():
        setattr(party, name, value)
    party.save(update_fields=list(ROLES))
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=party, changes=audit.diff(old, flags))
    return party


@transaction.atomic
def coverage_set(*, acting_user: User, convention: Convention, territories: Sequence[TerritoryShare],
                 project: Project | None = None) -> None:  # fmt: skip
    """Declare the territories of a convention (or of one of its projects) with shares summing to 100 %."""
    selectors.require_on(acting_user, CHANGE, convention)
    old = [f"{row.code}:{row.percent}" for row in Coverage.objects.filter(convention=convention, project=project)]
    written = _write_coverage(convention, project, territories)
    audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=project or convention,
                 changes={"territories": [old, written]})  # fmt: skip


def centers_of_codes(codes: Iterable[str], field: str = "centers") -> list[Center]:
    """The centers with these codes, or a ValidationError naming the unknown ones."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    found = list(selectors.centers_by_codes(wanted))
    missing = sorted(set(wanted) - {center.code for center in found})
    if missing:
        raise ValidationError({field: _("No center has the code %(codes)s.") % {"codes": ", ".join(missing)[:200]}})
    return found


@transaction.atomic
def project_create(*, acting_user: User, convention: Convention, code: str, title_ar: str, title_fr: str,
                   title_en: str = "", description: str = "", centers: Iterable[Center] = (),
                   territories: Sequence[TerritoryShare] = ()) -> Project:  # fmt: skip
    """A project under the convention, anchored to its own territories (optional) and centers (optional)."""
    selectors.require_on(acting_user, CHANGE, convention)
    project = Project(convention=convention, code=code.strip(), title_ar=title_ar, title_fr=title_fr,
                      title_en=title_en, description=description)  # fmt: skip
    project.full_clean()
    project.save()
    written = _write_coverage(convention, project, territories) if territories else []
    chosen = list(centers)
    project.centers.set(chosen)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=project,
                 changes={"code": [None, project.code], "title_fr": [None, title_fr], "territories": [None, written],
                          "centers": [None, [str(center.pk) for center in chosen]]})  # fmt: skip
    return project


@transaction.atomic
def project_update(*, acting_user: User, project: Project, title_ar: str, title_fr: str, title_en: str = "",
                   description: str = "", centers: Iterable[Center] | None = None,
                   territories: Sequence[TerritoryShare] | None = None) -> Project:  # fmt: skip
    """Change a project's titles, description, centers or territories (audited old → new; the code stays)."""
    selectors.require_on(acting_user, CHANGE, project.convention)
    project = Project.objects.select_for_update().select_related("convention").get(pk=project.pk)
    names = ["title_ar", "title_fr", "title_en", "description"]
    old = _snapshot(project, names)
    project.title_ar, project.title_fr, project.title_en, project.description = (title_ar, title_fr, title_en,
                                                                                 description)  # fmt: skip
    project.full_clean()
    changes = audit.diff(old, _snapshot(project, names))
    project.save(update_fields=names)
    if territories is not None:
        before = [f"{row.code}:{row.percent}" for row in Coverage.objects.filter(project=project)]
        if territories:
            written = _write_coverage(project.convention, project, territories)
        else:  # no territories of its own: split as its convention is
            Coverage.objects.filter(convention=project.convention, project=project).delete()
            project.own_coverage = False
            project.save(update_fields=["own_coverage"])
            written = []
        if before != written:
            changes["territories"] = [before, written]
    if centers is not None:
        chosen = list(centers)
        before_centers = sorted(str(pk) for pk in project.centers.values_list("pk", flat=True))
        after_centers = sorted(str(center.pk) for center in chosen)
        if before_centers != after_centers:
            project.centers.set(chosen)
            changes["centers"] = [before_centers, after_centers]
    if changes:
        audit.record(actor=acting_user, action=AuditLog.Action.UPDATE, obj=project, changes=changes)
    return project


@transaction.atomic
def budget_set(*, acting_user: User, convention: Convention, year: int, amount: Decimal,
               project: Project | None = None) -> Budget:  # fmt: skip
    """The planned amount of a year (a revision keeps the old amount in the audit log)."""
    selectors.require_on(acting_user, CHANGE, convention)
    if project is not None and project.convention_id != convention.pk:
        raise ValidationError({"project": _("This project belongs to another convention.")})
    cents = to_cents(parse_amount(amount))
    budget = Budget.objects.select_for_update().filter(convention=convention, project=project, year=year).first()
    old = None if budget is None else str(budget.amount)
    if budget is None:
        budget = Budget(convention=convention, project=project, year=year, amount_cents=cents)
        budget.full_clean(validate_constraints=False)
        budget.save()
    else:
        budget.amount_cents = cents
        budget.save(update_fields=["amount_cents"])
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE if old is None else AuditLog.Action.UPDATE,
                 obj=budget, changes={"year": [None, year], "amount": [old, str(budget.amount)]})  # fmt: skip
    return budget


def _count(entry: Transaction) -> None:
    """Add a validated entry to the roll-up of its convention (or project), type and year (`Total`)."""
    if entry.status != Transaction.Status.VALIDATED or entry.kind not in MONEY_KINDS:
        return
    Convention.objects.select_for_update().filter(pk=entry.convention_id).exists()  # one writer per convention
    lookup = {"convention_id": entry.convention_id, "project_id": entry.project_id, "kind": entry.kind,
              "year": entry.year}  # fmt: skip
    if not Total.objects.filter(**lookup).update(amount_cents=F("amount_cents") + entry.amount_cents):
        Total.objects.create(**lookup, amount_cents=entry.amount_cents)


def check_entry(*, convention: Convention, kind: int, party: Party, amount: Decimal, value_date: datetime.date,
                project: Project | None = None, receiver: Party | None = None, category: str = "",
                earmark: Earmark | None = None) -> None:  # fmt: skip
    """Refuse an entry that does not hold together, with the reason in the reader's language."""
    errors: dict[str, str] = {}
    if kind not in (Transaction.Kind.COMMITMENT, Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE,
                    Transaction.Kind.INCOMING_FUNDS):  # fmt: skip
        errors["kind"] = _("Choose a commitment, a disbursement or an expenditure.")
    if party.convention_id != convention.pk:
        errors["party"] = _("This organization is not a party to the convention.")
    if project is not None and project.convention_id != convention.pk:
        errors["project"] = _("This project belongs to another convention.")
    if kind == Transaction.Kind.DISBURSEMENT:
        if receiver is None:
            errors["receiver"] = _("Say which party received the disbursement.")
        elif receiver.convention_id != convention.pk:
            errors["receiver"] = _("This organization is not a party to the convention.")
        elif receiver.pk == party.pk:
            errors["receiver"] = _("A disbursement goes from one party to another.")
    elif receiver is not None:
        errors["receiver"] = _("Only a disbursement is paid to a party.")
    if kind == Transaction.Kind.EXPENDITURE and not category:
        errors["category"] = _("Choose what the money was spent on.")
    if kind != Transaction.Kind.EXPENDITURE and category:
        errors["category"] = _("Only an expenditure has a category.")
    if earmark is not None:
        if kind != Transaction.Kind.EXPENDITURE:
            errors["earmark"] = _("Only an expenditure is charged to an earmark.")
        elif earmark.commitment.convention_id != convention.pk:
            errors["earmark"] = _("This earmark belongs to another convention.")
        elif hasattr(earmark.commitment, "reversed_by"):
            errors["earmark"] = _("The commitment of this earmark was reversed.")
        else:
            spent = (Transaction.objects.filter(earmark=earmark, kind=Transaction.Kind.EXPENDITURE)
                     .exclude(status=Transaction.Status.REJECTED)
                     .aggregate(total=Sum("amount_cents"))["total"] or 0)  # fmt: skip
            left = earmark.amount_cents - spent
            if to_cents(amount) > left:
                errors["amount"] = _("Only %(left)s MAD remain on the earmark “%(earmark)s”: this expenditure "
                                     "exceeds it.") % {"left": to_mad(left), "earmark": earmark}  # fmt: skip
    if value_date > timezone.localdate() + datetime.timedelta(days=366):
        errors["value_date"] = _("The date is too far in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def transaction_record(*, acting_user: User, convention: Convention, kind: int, party: Party, amount: Any,
                       value_date: datetime.date, project: Project | None = None, receiver: Party | None = None,
                       category: str = "", earmark: Earmark | None = None, description: str = "",
                       reference: str = "", external_ref: str | None = None) -> Transaction:  # fmt: skip
    """Record a commitment, a disbursement or an expenditure; above the four-eyes amount a disbursement or an
    expenditure waits for another person's validation (it does not count until then)."""
    selectors.require_on(acting_user, RECORD, convention)
    # One entry at a time per convention, and its status as it is now (not as the caller last read it).
    status = Convention.objects.select_for_update().filter(pk=convention.pk).values_list("status", flat=True).get()
    if status in (Convention.Status.CLOSED, Convention.Status.TERMINATED):
        raise ValidationError(_("This convention is closed: no entry can be recorded on it."))
    value = parse_amount(amount)
    check_entry(convention=convention, kind=kind, party=party, amount=value, value_date=value_date, project=project,
                receiver=receiver, category=category, earmark=earmark)  # fmt: skip
    cents = to_cents(value)
    needs_second = kind in (Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE) and cents > four_eyes_cents()
    entry = Transaction(convention=convention, project=project, kind=kind, party=party, receiver=receiver,
                        amount_cents=cents, value_date=value_date, year=value_date.year, category=category,
                        earmark=earmark, description=description, reference=reference,
                        external_ref=external_ref or None,
                        status=Transaction.Status.PENDING if needs_second else Transaction.Status.VALIDATED,
                        recorded_by=acting_user, recorded_at=timezone.now())  # fmt: skip
    entry.full_clean(exclude=["year"])
    entry.save()
    _count(entry)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=entry, changes={
        "kind": [None, kind], "amount": [None, str(value)], "party": [None, str(party.organization_id)],
        "value_date": [None, str(value_date)], "status": [None, entry.status]})  # fmt: skip
    return entry


@transaction.atomic
def transaction_validate(
    *, acting_user: User, entry: Transaction, approve: bool = True, reason: str = ""
) -> Transaction:
    """The second person's decision on an entry awaiting validation: validated (it counts) or rejected."""
    selectors.require_on(acting_user, VALIDATE, entry.convention)
    entry = Transaction.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Transaction.Status.PENDING:
        raise ValidationError(_("This entry is not awaiting a validation."))
    if entry.recorded_by_id == acting_user.pk:
        raise ValidationError(_("Another person must validate what you recorded (four eyes)."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is rejected.")})
    entry.status = Transaction.Status.VALIDATED if approve else Transaction.Status.REJECTED
    entry.validated_by, entry.validated_at = acting_user, timezone.now()
    if reason:
        entry.reason = reason[:500]
    entry.save(update_fields=["status", "validated_by", "validated_at", "reason"])
    _count(entry)
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.UPDATE,
        obj=entry,
        changes={"status": [Transaction.Status.PENDING, entry.status], "reason": [None, reason or None]},
    )
    return entry


@transaction.atomic
def transaction_reverse(*, acting_user: User, entry: Transaction, reason: str) -> Transaction:
    """Correct an entry by a reversing one (the same amount, negative), never by editing it."""
    selectors.require_on(acting_user, RECORD, entry.convention)
    entry = Transaction.objects.select_for_update().select_related("convention").get(pk=entry.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    if entry.reverses_id is not None:
        raise ValidationError(_("A reversal cannot itself be reversed: record the entry again."))
    if entry.status == Transaction.Status.REJECTED:
        raise ValidationError(_("A rejected entry never counted: there is nothing to reverse."))
    if Transaction.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry was already reversed."))
    if entry.kind == Transaction.Kind.COMMITMENT and Transaction.objects.filter(
            earmark__commitment=entry).exclude(status=Transaction.Status.REJECTED).exists():  # fmt: skip
        raise ValidationError(_("Expenditures are charged to this commitment's earmarks: reverse them first."))
    needs_second = entry.kind in (Transaction.Kind.DISBURSEMENT, Transaction.Kind.EXPENDITURE) and \
        entry.amount_cents > four_eyes_cents()  # fmt: skip
    reversal = Transaction(convention=entry.convention, project=entry.project, kind=entry.kind, party=entry.party,
                           receiver=entry.receiver, amount_cents=-entry.amount_cents, value_date=timezone.localdate(),
                           year=entry.year, category=entry.category, earmark=entry.earmark,
                           description=entry.description, reference=entry.reference, reverses=entry,
                           reason=reason[:500],
                           status=Transaction.Status.PENDING if needs_second else Transaction.Status.VALIDATED,
                           recorded_by=acting_user, recorded_at=timezone.now())  # fmt: skip
    reversal.save()
    _count(reversal)
    audit.record(actor=acting_user, action=AuditLog.Action.CREATE, obj=reversal,
                 changes={"reverses": [None, entry.pk], "amount": [None, str(reversal.amount)],
                          "reason": [None, reason]})  # fmt: skip
    return reversal


@transaction.atomic
def earmark_add(*, acting_user: User, commitment: Transaction, target: str, amount: Any, label: str = "") -> Earmark:
    """Reserve part of a commitment for a target group or a use; the earmarks never exceed the commitment."""
    selectors.require_on(acting_user, RECORD, commitment.convention)
    commitment = Transaction.objects.select_for_update().get(pk=commitment.pk)
    if commitment.kind != Transaction.Kind.COMMITMENT or commitment.reverses_id is not None:
        raise ValidationError(_("Only a commitment can be earmarked."))
    if Transaction.objects.filter(reverses=commitment).exists():
        raise ValidationError(_("The commitment was reversed."))
    value = parse_amount(amount)
    already = commitment.earmarks.aggregate(total=Sum("amount_cents"))["total"] or 0
    if already + to_cents(value) > commitment.amount_cents:
        raise ValidationError({"amount": _("The earmarks would exceed the commitment (%(amount)s MAD).")
                               % {"amount": commitment.amount}})  # fmt: skip
    earmark = Earmark(commitment=commitment, target=target, label=label, amount_cents=to_cents(value),
                      created_by=acting_user)  # fmt: skip
    earmark.full_clean()
    earmark.save()
    audit.record(
        actor=acting_user,
        action=AuditLog.Action.CREATE,
        obj=earmark,
        changes={"target": [None, target], "amount": [None, str(value)], "commitment": [None, commitment.pk]},
    )
    return earmark


def record_import_audit(*, acting_user: User, file_name: str, rows: int, skipped: int) -> None:
    audit.record(actor=acting_user, action=AuditLog.Action.IMPORT, object_type="partnerships.transaction",
                 object_repr=file_name[:200], changes={"rows": [None, rows], "skipped": [None, skipped]})  # fmt: skip


def record_export_audit(*, acting_user: User, what: str, rows: int) -> None:
    audit.record(actor=acting_user, action=AuditLog.Action.EXPORT, object_type="partnerships.convention",
                 object_repr=what, changes={"rows": [None, rows]})  # fmt: skip
