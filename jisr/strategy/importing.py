"""Figures entered by file: a CSV or XLSX with one figure a row, read by the guarded reader
(`jisr.core.intake`, through the centers' table reader), checked row by row. Every error is reported
with its line; when there is one, nothing is written (the file is corrected and sent again).

Columns: indicator, kind (baseline, target, actual), level (nation, region, province), code, year,
value, and optionally source and comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.importexport.reading import read_table
from jisr.core import audit, scope
from jisr.core.intake import IntakeError, limits_for
from jisr.core.models import AuditLog
from jisr.strategy import services
from jisr.strategy.models import Indicator
from jisr.strategy.selectors import ENTER, may_enter

REQUIRED = ("indicator", "kind", "level", "code", "year", "value")
MB = 1024 * 1024


@dataclass
class ImportReport:
    written: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))


def _row_error(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages) if hasattr(
        error, "error_dict") else " ".join(error.messages)  # fmt: skip


def figures_import(*, acting_user: User, file_name: str, content: bytes) -> ImportReport:
    """Check every row, then write them all in one transaction, or none when a row is wrong."""
    scope.require(acting_user, ENTER)
    report = ImportReport()
    try:
        table = read_table(file_name, content, limits_for("strategy", upload_bytes=2 * MB, rows=20_000, columns=20))
    except (IntakeError, ValidationError) as error:
        report.errors.append((1, " ".join(getattr(error, "messages", [str(error)]))))
        return report
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        report.errors.append((1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    rows = []
    for line, cells in table.rows:
        indicator = indicators.get(cells["indicator"])
        if indicator is None:
            report.errors.append((line, _("Unknown indicator “%(code)s”.") % {"code": cells["indicator"][:60]}))
            continue
        try:
            year, value = int(cells["year"]), _number(cells["value"])
        except ValueError:
            report.errors.append((line, _("The year and the value must be numbers.")))
            continue
        try:
            services.check_cell(cells["kind"], cells["level"], cells["code"], year)
        except ValidationError as error:
            report.errors.append((line, _row_error(error)))
            continue
        if not may_enter(acting_user, cells["level"], cells["code"]):
            report.errors.append((line, _("You may not enter figures for this territory.")))
            continue
        rows.append((line, indicator, cells, year, value))
    if report.errors:
        return report
    with transaction.atomic():
        for line, indicator, cells, year, value in rows:
            try:
                services.figure_enter(acting_user=acting_user, indicator=indicator, kind=cells["kind"],
                                      level=cells["level"], code=cells["code"], year=year, value=value,
                                      source=cells.get("source", ""), comment=cells.get("comment", ""))  # fmt: skip
            except ValidationError as error:
                report.errors.append((line, _row_error(error)))
        if report.errors:
            transaction.set_rollback(True)
            return report
        report.written = len(rows)
        audit.record(actor=acting_user, action=AuditLog.Action.IMPORT, object_type="strategy.figure",
                     object_repr=file_name[:200], changes={"rows": [None, len(rows)]})  # fmt: skip
    return report
