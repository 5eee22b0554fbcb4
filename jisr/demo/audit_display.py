"""How the audit log shows the demo data set's loading and removal (`jisr.core.audit_display`)."""

from __future__ import annotations

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel
from jisr.demo.models import DemoDataset


def register() -> None:
    audit_display.register(AuditedModel(model=DemoDataset))
