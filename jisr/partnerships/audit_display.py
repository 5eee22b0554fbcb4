"""How the audit log shows conventions, parties, projects, budgets, entries and earmarks (`jisr.core.audit_display`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page, through
from jisr.partnerships import selectors
from jisr.partnerships.models import Budget, Convention, Earmark, Party, Project, Transaction


def _conventions(user: Any) -> QuerySet[Convention]:
    return selectors.visible_conventions(user)


def register() -> None:
    audit_display.register(AuditedModel(
        model=Convention, url=page("partnerships:detail"), visible=_conventions,
        name=lambda convention: f"{convention.number} — {convention.title}", defer=("document_key",),
        keys={"territories": Key(_("territories covered")), "parties": Key(_("parties")),
              "document_name": Key(_("signed document"))}, confidential=frozenset({"document_key"}),
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Party, url=page("partnerships:detail", "convention_id"),
        visible=through(Party, "convention", _conventions), related=("organization",),
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Project, url=page("partnerships:detail", "convention_id"),
        visible=through(Project, "convention", _conventions),
        keys={"territories": Key(_("territories covered")), "centers": Key(_("centers"))},
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Budget, url=page("partnerships:detail", "convention_id"),
        visible=through(Budget, "convention", _conventions), keys={"amount": Key(_("amount (MAD)"))},
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Transaction, url=page("partnerships:detail", "convention_id"),
        visible=through(Transaction, "convention", _conventions),
        keys={"amount": Key(_("amount (MAD)")), "party": Key(_("party")), "skipped": Key(_("rows already imported"))},
    ))  # fmt: skip
    audit_display.register(AuditedModel(
        model=Earmark, visible=lambda user: Earmark.objects.filter(
            commitment__convention__in=_conventions(user).values("pk")),
        keys={"amount": Key(_("amount (MAD)")), "commitment": Key(_("commitment"))},
    ))  # fmt: skip
