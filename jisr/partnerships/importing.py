"""Commitments and disbursements imported from a CSV or XLSX file, with the registry's guarantees.

The file is read by the guarded reader (`jisr.core.intake`, through the centers' table reader). Every row is
checked first and every error reported with its line, in the reader's language; when there is one, nothing
is written. Rows are then written in one transaction (each through `services.transaction_record`, so the
four-eyes rule applies). The import is idempotent on `external_ref`: a row whose reference is already in the
ledger with the same convention, type and amount is skipped (sending the same file twice writes nothing the
second time); with other values it is an error.

Columns: external_ref, convention (its number), type (commitment or disbursement, or IATI's 2 or 3), party
and receiver (an organization's acronym, French name or id), amount (MAD, point or comma), date (YYYY-MM-DD or
DD/MM/YYYY), and optionally project (its code), reference, description.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.importexport.reading import read_table
from jisr.core import scope
from jisr.core.intake import IntakeError, limits_for
from jisr.partnerships import selectors, services
from jisr.partnerships.models import Convention, Party, Project, Transaction, to_cents

REQUIRED = ("external_ref", "convention", "type", "party", "amount", "date")
KINDS = {"commitment": 2, "2": 2, "engagement": 2, "disbursement": 3, "3": 3, "decaissement": 3,
         "décaissement": 3, "versement": 3}  # fmt: skip
MB = 1024 * 1024


@dataclass
class ImportReport:
    written: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _date(text: str) -> datetime.date:
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip()[:10], layout).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    raise ValueError(text)


def _party(parties: dict[str, Party], text: str) -> Party | None:
    return parties.get(text.strip().casefold())


def transactions_import(*, acting_user: User, file_name: str, content: bytes) -> ImportReport:
    """Check every row, then write them all in one transaction, or none when a row is wrong."""
    scope.require(acting_user, selectors.IMPORT)
    report = ImportReport()
    try:
        table = read_table(file_name, content, limits_for("partnerships", upload_bytes=5 * MB, rows=50_000,
                                                          columns=20))  # fmt: skip
    except (IntakeError, ValidationError) as error:
        report.errors.append((1, " ".join(getattr(error, "messages", [str(error)]))))
        return report
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        report.errors.append((1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    numbers = {cells["convention"].strip() for _line, cells in table.rows}
    conventions = {c.number: c for c in selectors.visible_conventions(acting_user, selectors.RECORD)
                   .filter(number__in=numbers)}  # fmt: skip
    parties: dict[Any, dict[str, Party]] = {}
    for member in Party.objects.filter(convention__in=conventions.values()).select_related("organization"):
        keys = parties.setdefault(member.convention_id, {})
        organization = member.organization
        for key in (organization.acronym, organization.name_fr, organization.name_ar, str(organization.pk)):
            if key:
                keys[key.casefold()] = member
    projects = {(p.convention_id, p.code): p for p in Project.objects.filter(convention__in=conventions.values())}
    references = [cells["external_ref"].strip() for _line, cells in table.rows if cells["external_ref"].strip()]
    existing = {entry.external_ref: entry for entry in Transaction.objects.filter(external_ref__in=references)}
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for line, cells in table.rows:
        reference = cells["external_ref"].strip()
        if not reference:
            report.errors.append((line, _("The external reference is missing.")))
            continue
        if reference in seen:
            report.errors.append((line, _("The external reference %(ref)s appears twice in the file.")
                                  % {"ref": reference[:60]}))  # fmt: skip
            continue
        seen.add(reference)
        convention: Convention | None = conventions.get(cells["convention"].strip())
        if convention is None:
            report.errors.append((line, _("No convention numbered “%(number)s” that you may record on.")
                                  % {"number": cells["convention"][:60]}))  # fmt: skip
            continue
        kind = KINDS.get(cells["type"].strip().casefold())
        if kind is None:
            report.errors.append((line, _("The type must be commitment or disbursement.")))
            continue
        party = _party(parties.get(convention.pk, {}), cells["party"])
        if party is None:
            report.errors.append((line, _("“%(name)s” is not a party to the convention %(number)s.")
                                  % {"name": cells["party"][:60], "number": convention.number}))  # fmt: skip
            continue
        receiver = _party(parties.get(convention.pk, {}), cells.get("receiver", "")) if cells.get("receiver") else None
        if cells.get("receiver") and receiver is None:
            report.errors.append((line, _("“%(name)s” is not a party to the convention %(number)s.")
                                  % {"name": cells["receiver"][:60], "number": convention.number}))  # fmt: skip
            continue
        project = None
        if cells.get("project", "").strip():
            project = projects.get((convention.pk, cells["project"].strip()))
            if project is None:
                report.errors.append((line, _("The convention has no project coded “%(code)s”.")
                                      % {"code": cells["project"][:60]}))  # fmt: skip
                continue
        try:
            value_date = _date(cells["date"])
        except ValueError:
            report.errors.append((line, _("The date must be written 2025-03-31 or 31/03/2025.")))
            continue
        try:
            amount = services.parse_amount(cells["amount"])
            services.check_entry(convention=convention, kind=kind, party=party, amount=amount, value_date=value_date,
                                 project=project, receiver=receiver)  # fmt: skip
        except ValidationError as error:
            report.errors.append((line, _messages(error)))
            continue
        known = existing.get(reference)
        if known is not None:
            if (known.convention_id, known.kind, known.amount_cents) == (convention.pk, kind, to_cents(amount)):
                report.skipped += 1
            else:
                report.errors.append((line, _("The external reference %(ref)s was already imported with other "
                                              "values.") % {"ref": reference[:60]}))  # fmt: skip
            continue
        rows.append({"convention": convention, "kind": kind, "party": party, "receiver": receiver, "amount": amount,
                     "value_date": value_date, "project": project, "external_ref": reference,
                     "reference": cells.get("reference", "")[:120], "description": cells.get("description", "")[:500],
                     "line": line})  # fmt: skip
    if report.errors:
        report.skipped = 0
        return report
    with transaction.atomic():
        for row in rows:
            line = row.pop("line")
            try:
                services.transaction_record(acting_user=acting_user, **row)
            except ValidationError as error:
                report.errors.append((line, _messages(error)))
        if report.errors:
            transaction.set_rollback(True)
            report.skipped = 0
            return report
        report.written = len(rows)
        services.record_import_audit(acting_user=acting_user, file_name=file_name, rows=len(rows),
                                     skipped=report.skipped)  # fmt: skip
    return report
