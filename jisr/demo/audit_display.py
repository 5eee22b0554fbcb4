"""How the audit log shows the demo data set's loading and removal (`jisr.core.audit_display`): the counts it
records, named in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key
from jisr.demo.models import DemoDataset

COUNTS = {
    "organizations": _("organizations"),
    "centers": _("centers"),
    "works": _("centers' rehabilitation works"),
    "opening_hours": _("opening hours"),
    "services": _("services"),
    "accounts": _("accounts"),
    "persons": _("persons"),
    "cases": _("cases"),
    "referrals": _("referrals"),
    "assessments": _("diagnoses"),
    "plans": _("orientation plans"),
    "programs": _("training programs"),
    "enrollments": _("training enrolments"),
    "certificates": _("certificates"),
    "projects": _("projects"),
    "incubations": _("incubations"),
    "mediations": _("employment mediations"),
    "followups": _("follow-ups"),
    "outcomes": _("outcomes"),
    "notifications": _("notifications"),
    "households": _("registry households"),
    "invalid_rows": _("registry rows refused"),
    "members": _("registry members"),
    "members_already_beneficiaries": _("registry members already beneficiaries"),
    "watch_rules": _("watch rules"),
    "violence_cases": _("cases of violence against women (the watch's surge)"),
    "alerts": _("social-watch alerts"),
    "partnerships_conventions": _("partnership conventions"),
    "partnerships_entries": _("commitments, disbursements and expenditures"),
    "partnerships_projects": _("partnership projects"),
}


def _per_program(value: Any) -> str:
    """The households enrolled in each demo program: `{"amo-tadamon": 13866}`, by program code."""
    if not isinstance(value, dict):
        return str(value)
    return "; ".join(f"{code}: {number_format(count, force_grouping=True)}" for code, count in value.items())


def register() -> None:
    keys = {key: Key(label) for key, label in COUNTS.items()}
    keys["enrolled"] = Key(_("households enrolled per program"), render=_per_program)
    audit_display.register(AuditedModel(model=DemoDataset, keys=keys))
