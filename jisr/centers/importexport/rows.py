"""Validating every row of an import file against the format, the database and the user's scope.

All lookups (communes, organizations, service types, existing centers) are loaded in one query each
for the whole file, so validation costs the same few queries for ten rows or ten thousand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jisr.centers.importexport.columns import (
    COLUMNS,
    NUMERIC_COLUMNS,
    PLAIN_FIELD_COLUMNS,
    REQUIRED_COLUMNS,
    SERVICES_SEPARATOR,
)
from jisr.centers.importexport.reading import Table
from jisr.centers.models import Center, Organization, ServiceType
from jisr.core import audit, scope
from jisr.core.intake import FORMULA_MESSAGE, excerpt, looks_like_formula
from jisr.territories.models import Commune
from jisr.territories.selectors import communes_by_codes

if TYPE_CHECKING:  # accounts builds on centers: only the type is needed here
    from jisr.accounts.models import User

IMPORT_PERMISSION = "centers.import_centers"
# Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹, Persian/Urdu keyboards) digits, and the Arabic
# decimal and thousands separators, as typed on Arabic keyboards.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.", "٬ \u00a0\u202f")
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "oui", "vrai", "نعم"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "non", "faux", "لا", ""})
# Columns that hold an identifier or a code: a formula there is refused (OWASP CSV injection).
IDENTIFIER_COLUMNS = ("code", "organization", "commune_code", "services")


def normalize_number(value: str) -> str:
    """Western digits and a dot for decimals, whatever the keyboard: '١٢٣٫٥' → '123.5', '1 500,75' → '1500.75'."""
    text = value.translate(DIGITS)
    if "," in text and "." not in text:
        return text.replace(",", ".")
    return text.replace(",", "")


class YesNoField(forms.Field):
    """A yes/no cell in any of the platform's languages (empty means no)."""

    default_error_messages = {"invalid": _("Enter yes or no (1 or 0).")}

    def to_python(self, value: Any) -> bool:
        word = str(value or "").strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class CenterRowForm(forms.Form):
    """The format of one row; Django's translated messages explain each bad cell."""

    code = forms.SlugField(max_length=40)
    name_ar = forms.CharField(max_length=200)
    name_fr = forms.CharField(max_length=200)
    name_en = forms.CharField(max_length=200, required=False)
    organization = forms.CharField(max_length=60)
    kind = forms.ChoiceField(choices=Center.Kind.choices)
    commune_code = forms.CharField(max_length=20)
    address = forms.CharField(max_length=255, required=False)
    latitude = forms.DecimalField(required=False)
    longitude = forms.DecimalField(required=False)
    capacity = forms.IntegerField(min_value=0, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    is_jisr = YesNoField(required=False)
    rehabilitation_status = forms.ChoiceField(choices=Center.Rehabilitation.choices, required=False)
    rehabilitation_budget_mad = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    services = forms.CharField(required=False)

    def clean_latitude(self) -> Decimal | None:
        return _six_places(self.cleaned_data.get("latitude"))

    def clean_longitude(self) -> Decimal | None:
        return _six_places(self.cleaned_data.get("longitude"))


def _six_places(value: Decimal | None) -> Decimal | None:
    # GPS tools give more decimals than the 10 cm the database keeps.
    return None if value is None else value.quantize(Decimal("0.000001"))


@dataclass(frozen=True)
class RowError:
    """One problem in the file: the line, the column, the cell as written and the reason."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class ValidRow:
    """A row ready to be written: the center (new or existing, changed in memory) and its service types."""

    row: int
    center: Center
    is_new: bool
    service_types: list[ServiceType] | None
    before: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """What the file would do, or why it cannot."""

    columns: list[str]
    rows: list[ValidRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0

    @property
    def created(self) -> list[ValidRow]:
        return [row for row in self.rows if row.is_new]

    @property
    def updated(self) -> list[ValidRow]:
        return [row for row in self.rows if not row.is_new]


@dataclass
class _Lookups:
    communes: dict[str, Commune]
    organizations_by_id: dict[str, Organization]
    organizations_by_acronym: dict[str, list[Organization]]
    service_types: dict[str, ServiceType]
    centers: dict[str, Center]


def _load_lookups(table: Table) -> _Lookups:
    codes = {values.get("code", "") for _line, values in table.rows}
    commune_codes = {values.get("commune_code", "") for _line, values in table.rows}
    organizations = list(Organization.objects.all())
    by_acronym: dict[str, list[Organization]] = {}
    for organization in organizations:
        if organization.acronym:
            by_acronym.setdefault(organization.acronym.lower(), []).append(organization)
    return _Lookups(
        communes=communes_by_codes(commune_codes),
        organizations_by_id={str(organization.pk): organization for organization in organizations},
        organizations_by_acronym=by_acronym,
        service_types={service_type.code: service_type for service_type in ServiceType.objects.all()},
        centers={center.code: center for center in Center.objects.filter(code__in=codes)},
    )


def _resolve_organization(text: str, lookups: _Lookups) -> Organization:
    try:
        found = lookups.organizations_by_id.get(str(uuid.UUID(text)))
    except ValueError:
        matches = lookups.organizations_by_acronym.get(text.lower(), [])
        if len(matches) > 1:
            raise ValidationError(_("Several organizations use this acronym: give the organization's id.")) from None
        found = matches[0] if matches else None
    if found is None:
        raise ValidationError(_("No organization has this acronym or id."))
    return found


def _resolve_services(text: str, lookups: _Lookups) -> list[ServiceType]:
    codes = [code.strip().lower() for code in text.split(SERVICES_SEPARATOR) if code.strip()]
    unknown = [code for code in codes if code not in lookups.service_types]
    if unknown:
        raise ValidationError(_("Unknown service code: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [lookups.service_types[code] for code in dict.fromkeys(codes)]


class _RowChecker:
    def __init__(self, user: User, table: Table, lookups: _Lookups) -> None:
        self.user = user
        self.columns = [column for column in COLUMNS if column in table.header]
        self.lookups = lookups
        self.seen_codes: dict[str, int] = {}

    def check(self, line: int, raw: dict[str, str]) -> tuple[ValidRow | None, list[RowError]]:
        values = {column: raw.get(column, "") for column in self.columns}
        for column in NUMERIC_COLUMNS & set(values):
            values[column] = normalize_number(values[column])
        for column in ("kind", "rehabilitation_status"):
            if column in values:
                values[column] = values[column].lower()
        form = CenterRowForm(values)
        form.is_valid()
        errors: dict[str, list[str]] = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        for column in IDENTIFIER_COLUMNS:
            if looks_like_formula(raw.get(column, "")):
                errors[column] = [str(FORMULA_MESSAGE)]
        # A form cleans every field; keep only the columns the file has, so absent ones stay unchanged.
        data = {name: value for name, value in form.cleaned_data.items() if name in values}
        related: dict[str, Any] = {}
        for column, resolve in (
            ("organization", lambda: _resolve_organization(data["organization"], self.lookups)),
            ("commune_code", lambda: self._resolve_commune(data["commune_code"])),
            ("services", lambda: _resolve_services(data.get("services", ""), self.lookups)),
        ):
            if column in data and column not in errors:
                try:
                    related[column] = resolve()
                except ValidationError as error:
                    errors.setdefault(column, []).extend(error.messages)
        code = data.get("code")
        if code:
            if code in self.seen_codes:
                message = _("This code already appears on row %(row)d.") % {"row": self.seen_codes[code]}
                errors.setdefault("code", []).append(str(message))
            self.seen_codes.setdefault(code, line)
            existing = self.lookups.centers.get(code)
            if existing is not None and not scope.may(self.user, IMPORT_PERMISSION, existing):
                errors.setdefault("code", []).append(str(_("This center is outside your territory.")))
        if errors:
            return None, self._row_errors(line, raw, errors)
        return self._build(line, raw, data, related)

    def _resolve_commune(self, code: str) -> Commune:
        commune = self.lookups.communes.get(code)
        if commune is None:
            raise ValidationError(_("No commune has this code."))
        if not scope.may(self.user, IMPORT_PERMISSION, commune):
            raise ValidationError(_("This commune is outside your territory."))
        return commune

    def _build(
        self, line: int, raw: dict[str, str], data: dict[str, Any], related: dict[str, Any]
    ) -> tuple[ValidRow | None, list[RowError]]:
        existing = self.lookups.centers.get(data["code"])
        if existing is None:
            center = Center()
        else:
            # Work on a copy: the lookups keep the stored values for the audit diff.
            center = Center(**{f.attname: getattr(existing, f.attname) for f in Center._meta.concrete_fields})
            center._state.adding = False
        center.code = data["code"]
        center.organization = related["organization"]
        center.commune = related["commune_code"]
        center.province_id = center.commune.province_id
        center.region_code = center.commune.region_id
        for column in PLAIN_FIELD_COLUMNS:
            if column in data:
                value = data[column]
                if column == "rehabilitation_status" and not value:
                    value = Center.Rehabilitation.NONE
                setattr(center, column, value)
        try:
            # Relations were resolved above and codes checked against the file and the database:
            # skipping those checks here avoids one query per row.
            center.full_clean(
                exclude=["organization", "commune", "province"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            fields = {("commune_code" if k == "commune" else k): v for k, v in error.message_dict.items()}
            return None, self._row_errors(line, raw, fields)
        valid = ValidRow(
            row=line,
            center=center,
            is_new=existing is None,
            service_types=related.get("services"),
            before=audit.snapshot(existing) if existing is not None else {},
        )
        return valid, []

    def _row_errors(self, line: int, raw: dict[str, str], errors: dict[str, list[str]]) -> list[RowError]:
        return [
            RowError(row=line, column=column, value=excerpt(raw.get(column, "")), message=str(message))
            for column, messages in errors.items()
            for message in messages
        ]


def plan_import(*, user: User, table: Table) -> ImportPlan:
    """Validate every row of `table` for `user`: the rows to write and every error, with its line."""
    missing = [column for column in REQUIRED_COLUMNS if column not in table.header]
    plan = ImportPlan(columns=[column for column in COLUMNS if column in table.header], row_count=len(table.rows))
    if missing:
        for column in missing:
            plan.errors.append(RowError(row=1, column=column, value="", message=str(_("This column is missing."))))
        return plan
    if not table.rows:
        plan.errors.append(RowError(row=2, column="", value="", message=str(_("The file has no data rows."))))
        return plan
    checker = _RowChecker(user, table, _load_lookups(table))
    for line, raw in table.rows:
        valid, errors = checker.check(line, raw)
        plan.errors.extend(errors)
        if valid is not None:
            plan.rows.append(valid)
    return plan
