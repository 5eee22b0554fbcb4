"""Recommendations entered from a meeting's report by file: a CSV or XLSX with one recommendation a row, read by
the guarded reader (`jisr.core.intake`, through the centers' table reader) and checked row by row. Every error
is reported with its line in the reader's language; when there is one, nothing is written.

Columns: text_ar, text_fr (at least one of the two per row), and optionally organization (its name in Arabic or
French, or its acronym: one of the meeting's participants or any known organization), province (its code, in
the meeting's region), target_group (women, disability, children, elderly, families, youth, all), pillar and
lever (the strategy's codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.importexport.reading import read_table
from jisr.centers.models import Organization
from jisr.consultations import services
from jisr.consultations.choices import TargetGroup
from jisr.consultations.models import Meeting
from jisr.core import audit, scope
from jisr.core.intake import IntakeError, limits_for
from jisr.core.models import AuditLog
from jisr.strategy.models import Lever, Pillar
from jisr.territories.models import Province

COLUMNS = ("text_ar", "text_fr", "organization", "province", "target_group", "pillar", "lever")
MB = 1024 * 1024


@dataclass
class ImportReport:
    written: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _organization_index(meeting: Meeting) -> dict[str, Organization]:
    index: dict[str, Organization] = {}
    for organization in Organization.objects.filter(
        Q(consultation_meetings=meeting) | Q(province__isnull=True) | Q(province__region_id=meeting.region_id)
    ):
        for name in (organization.name_ar, organization.name_fr, organization.acronym):
            if name:
                index.setdefault(name.strip().casefold(), organization)
    return index


def recommendations_import(*, acting_user: User, meeting: Meeting, file_name: str, content: bytes) -> ImportReport:
    """Check every row, then write them all in one transaction, or none when a row is wrong."""
    scope.require(acting_user, services.RECOMMENDATIONS, meeting)
    report = ImportReport()
    try:
        table = read_table(file_name, content, limits_for("consultations", upload_bytes=2 * MB, rows=5_000, columns=20))
    except (IntakeError, ValidationError) as error:
        report.errors.append((1, " ".join(getattr(error, "messages", [str(error)]))))
        return report
    if "text_ar" not in table.header and "text_fr" not in table.header:
        report.errors.append((1, _("Missing columns: %(columns)s.") % {"columns": "text_ar / text_fr"}))
        return report
    organizations = _organization_index(meeting)
    provinces = {province.code: province for province in Province.objects.filter(region_id=meeting.region_id)}
    pillars = {pillar.code: pillar for pillar in Pillar.objects.all()}
    levers = {lever.code: lever for lever in Lever.objects.all()}
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, cells in table.rows:
        values = {name: (cells.get(name) or "").strip() for name in COLUMNS}
        problems = []
        if not (values["text_ar"] or values["text_fr"]):
            problems.append(_("Write the recommendation in Arabic or in French."))
        organization = organizations.get(values["organization"].casefold()) if values["organization"] else None
        if values["organization"] and organization is None:
            problems.append(
                _("Unknown organization “%(name)s”: add it to the meeting's participants first.")
                % {"name": values["organization"][:80]}
            )
        province = provinces.get(values["province"]) if values["province"] else None
        if values["province"] and province is None:
            problems.append(
                _("No province of the meeting's region has the code “%(code)s”.") % {"code": values["province"][:20]}
            )
        target_group = values["target_group"] or TargetGroup.ALL
        if target_group not in TargetGroup.values:
            problems.append(
                _("Unknown target group “%(value)s”: use one of %(choices)s.")
                % {"value": target_group[:30], "choices": ", ".join(TargetGroup.values)}
            )
        pillar = pillars.get(values["pillar"]) if values["pillar"] else None
        if values["pillar"] and pillar is None:
            problems.append(_("Unknown pillar “%(code)s”.") % {"code": values["pillar"][:40]})
        lever = levers.get(values["lever"]) if values["lever"] else None
        if values["lever"] and lever is None:
            problems.append(_("Unknown lever “%(code)s”.") % {"code": values["lever"][:40]})
        if problems:
            report.errors.append((line, " ".join(problems)))
            continue
        rows.append(
            (
                line,
                {
                    "text_ar": values["text_ar"],
                    "text_fr": values["text_fr"],
                    "organization": organization,
                    "province": province,
                    "target_group": target_group,
                    "pillar": pillar,
                    "lever": lever,
                },
            )
        )
    if report.errors:
        return report
    with transaction.atomic():
        for line, fields in rows:
            try:
                services.recommendation_create(acting_user=acting_user, meeting=meeting, **fields)
            except ValidationError as error:
                report.errors.append((line, _messages(error)))
        if report.errors:
            transaction.set_rollback(True)
            return report
        report.written = len(rows)
        audit.record(
            actor=acting_user,
            action=AuditLog.Action.IMPORT,
            object_type="consultations.recommendation",
            object_repr=file_name[:200],
            changes={"rows": [None, len(rows)]},
        )
    return report
