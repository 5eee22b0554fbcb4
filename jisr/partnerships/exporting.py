"""Exports: the ledger as CSV, and the conventions with their projects, budgets and transactions as IATI 2.03
XML (docs/partnerships.md, "IATI mapping").

The XML is written with the standard library's ElementTree (it escapes every text and attribute); the tests
validate it against the IATI 2.03 schema with lxml. A convention is an activity (hierarchy 1); each of its
projects is an activity of its own (hierarchy 2) whose `related-activity type="1"` names its convention; an
entry sits under its project's activity when it has one, else its convention's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.utils import timezone

from jisr.accounts.models import User
from jisr.centers.models import Organization
from jisr.core.spreadsheets import csv_bytes
from jisr.partnerships import selectors, services
from jisr.partnerships.models import Budget, Convention, Party, Project, Transaction, to_mad

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"draft": "1", "signed": "1", "in_force": "2", "closed": "4", "terminated": "5"}  # IATI ActivityStatus
ORGANISATION_TYPE: dict[str, str] = {  # IATI OrganisationType
    Organization.Kind.MINISTRY: "10", Organization.Kind.PUBLIC_AGENCY: "10",
    Organization.Kind.PARTNER_ADMINISTRATION: "10", Organization.Kind.TERRITORIAL_COLLECTIVITY: "11",
    Organization.Kind.ASSOCIATION: "22", Organization.Kind.COOPERATIVE: "22",
}  # fmt: skip
SOCIAL_PROTECTION = "16010"  # DAC 5-digit sector "Social protection"
CSV_HEADER = ["id", "convention", "project", "type", "type_code", "party", "receiver", "amount_mad", "date", "year",
              "category", "earmark", "status", "reverses", "reference", "external_ref", "description"]  # fmt: skip


def transactions_csv(*, acting_user: User) -> bytes:
    """The entries the user may see, one a row (amounts as exact decimals with a point); the export is audited."""
    entries = selectors.transactions(acting_user)
    rows: list[list[Any]] = [CSV_HEADER]
    for entry in entries.iterator(chunk_size=2000):
        rows.append([entry.pk, entry.convention.number, entry.project.code if entry.project else "",
                     entry.get_kind_display(), entry.kind, entry.party.organization.name_fr,
                     entry.receiver.organization.name_fr if entry.receiver else "", str(entry.amount),
                     entry.value_date.isoformat(), entry.year, entry.category,
                     entry.earmark_id or "", entry.status, entry.reverses_id or "", entry.reference,
                     entry.external_ref or "", entry.description])  # fmt: skip
    content, count = csv_bytes(rows)
    services.record_export_audit(acting_user=acting_user, what="transactions.csv", rows=count - 1)
    return content


def identifier(convention: Convention, project: Project | None = None) -> str:
    prefix = settings.JISR_PARTNERSHIPS_IATI_PREFIX
    return f"{prefix}-{convention.number}" + (f"-{project.code}" if project is not None else "")


def _narratives(parent: ET.Element, texts: Iterable[tuple[str, str]]) -> None:
    for language, text in texts:
        if text:
            ET.SubElement(parent, "narrative", {XML_LANG: language}).text = text


def _org(parent: ET.Element, tag: str, organization: Organization, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {"type": ORGANISATION_TYPE.get(organization.kind, "10"), **attributes})
    _narratives(element, [("fr", organization.name_fr), ("ar", organization.name_ar)])
    return element


def _money(value_cents: int) -> str:
    return str(to_mad(value_cents))


def _activity(root: ET.Element, *, convention: Convention, project: Project | None, parties: list[Party],
              budgets: list[Budget], entries: list[Transaction], now: str) -> None:  # fmt: skip
    attributes = {"default-currency": "MAD", XML_LANG: "fr", "last-updated-datetime": now,
                  "hierarchy": "2" if project else "1"}  # fmt: skip
    activity = ET.SubElement(root, "iati-activity", attributes)
    ET.SubElement(activity, "iati-identifier").text = identifier(convention, project)
    reporting = ET.SubElement(activity, "reporting-org", {"ref": settings.JISR_PARTNERSHIPS_IATI_PREFIX, "type": "10"})
    _narratives(reporting, [("fr", "Ministère de la Solidarité, de l'Insertion Sociale et de la Famille"),
                            ("ar", "وزارة التضامن والإدماج الاجتماعي والأسرة")])  # fmt: skip
    source = project or convention
    _narratives(ET.SubElement(activity, "title"), [("fr", source.title_fr), ("ar", source.title_ar)])
    # IATI 2.03 requires a description: the title stands in when none was written.
    described = (
        [("fr", source.description)] if source.description else [("fr", source.title_fr), ("ar", source.title_ar)]
    )
    _narratives(ET.SubElement(activity, "description", {"type": "1"}), described)
    for party in parties:
        for role in party.iati_roles:
            _org(activity, "participating-org", party.organization, role=str(role))
    ET.SubElement(activity, "activity-status", {"code": STATUS[convention.status]})
    dates = [("1", convention.starts_on), ("3", convention.ends_on)]
    if convention.status in ("in_force", "closed", "terminated"):
        dates[0] = ("2", convention.starts_on or convention.signed_on)
    if not any(day for _code, day in dates):
        dates = [("1", convention.signed_on or convention.created_at.date())]
    for code, day in dates:
        if day:
            ET.SubElement(activity, "activity-date", {"type": code, "iso-date": day.isoformat()})
    ET.SubElement(activity, "recipient-country", {"code": "MA", "percentage": "100"})
    ET.SubElement(activity, "sector", {"vocabulary": "1", "code": SOCIAL_PROTECTION, "percentage": "100"})
    for pillar in convention.pillars.all() if project is None else []:
        tag = ET.SubElement(activity, "tag", {"vocabulary": "99", "code": pillar.code})
        _narratives(tag, [("fr", pillar.name_fr), ("ar", pillar.name_ar)])
    for budget in budgets:
        element = ET.SubElement(activity, "budget", {"type": "1", "status": "2"})
        ET.SubElement(element, "period-start", {"iso-date": datetime.date(budget.year, 1, 1).isoformat()})
        ET.SubElement(element, "period-end", {"iso-date": datetime.date(budget.year, 12, 31).isoformat()})
        ET.SubElement(element, "value", {"currency": "MAD", "value-date": datetime.date(budget.year, 1, 1)
                                         .isoformat()}).text = _money(budget.amount_cents)  # fmt: skip
    for entry in entries:
        element = ET.SubElement(activity, "transaction", {"ref": str(entry.pk)})
        ET.SubElement(element, "transaction-type", {"code": str(entry.kind)})
        ET.SubElement(element, "transaction-date", {"iso-date": entry.value_date.isoformat()})
        ET.SubElement(element, "value", {"currency": "MAD", "value-date": entry.value_date.isoformat()}).text = \
            _money(entry.amount_cents)  # fmt: skip
        text = entry.description or entry.get_kind_display()
        if entry.reverses_id:
            text = f"{text} (reversal of {entry.reverses_id}: {entry.reason})"
        _narratives(ET.SubElement(element, "description"), [("fr", str(text))])
        _org(element, "provider-org", entry.party.organization)
        if entry.receiver is not None:
            _org(element, "receiver-org", entry.receiver.organization)
    if project is not None:
        ET.SubElement(activity, "related-activity", {"ref": identifier(convention), "type": "1"})
    else:
        for child in convention.projects.all():
            ET.SubElement(activity, "related-activity", {"ref": identifier(convention, child), "type": "2"})


def iati_xml(*, acting_user: User) -> bytes:
    """The conventions the user may export, as IATI 2.03 activities with their budgets and counted entries."""
    selectors.require_export(acting_user)
    conventions = list(selectors.visible_conventions(acting_user, selectors.EXPORT)
                       .prefetch_related("pillars", "projects").order_by("number"))  # fmt: skip
    ids = [convention.pk for convention in conventions]
    parties: dict[Any, list[Party]] = defaultdict(list)
    for party in Party.objects.filter(convention_id__in=ids).select_related("organization"):
        parties[party.convention_id].append(party)
    budgets: dict[tuple[Any, Any], list[Budget]] = defaultdict(list)
    for budget in Budget.objects.filter(convention_id__in=ids).order_by("year"):
        budgets[(budget.convention_id, budget.project_id)].append(budget)
    entries: dict[tuple[Any, Any], list[Transaction]] = defaultdict(list)
    counted = Transaction.objects.filter(convention_id__in=ids, status=Transaction.Status.VALIDATED)
    for entry in counted.select_related("party__organization", "receiver__organization").order_by("value_date", "id"):
        entries[(entry.convention_id, entry.project_id)].append(entry)
    now = timezone.now().replace(microsecond=0).isoformat()
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    for convention in conventions:
        _activity(root, convention=convention, project=None, parties=parties[convention.pk],
                  budgets=budgets[(convention.pk, None)], entries=entries[(convention.pk, None)], now=now)  # fmt: skip
        for project in convention.projects.all():
            _activity(root, convention=convention, project=project, parties=parties[convention.pk],
                      budgets=budgets[(convention.pk, project.pk)], entries=entries[(convention.pk, project.pk)],
                      now=now)  # fmt: skip
    services.record_export_audit(acting_user=acting_user, what="iati.xml", rows=len(conventions))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
