"""How the audit log shows registry imports, PMT models and registered households (`jisr.core.audit_display`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page
from jisr.registry.models import ImportJob, PmtModel, RegistryHousehold
from jisr.registry.selectors import import_jobs, visible_households


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=ImportJob,
            url=page("registry:import"),
            visible=import_jobs,
            keys={"file": Key(_("file")), "cancel_requested": Key(_("stop asked"))},
        )
    )
    audit_display.register(AuditedModel(model=PmtModel))
    audit_display.register(
        AuditedModel(
            model=RegistryHousehold,
            url=page("registry:household", "household_id"),
            visible=visible_households,
            name=lambda household: household.household_id,
            name_is_personal=False,  # the registry's household identifier
        )
    )
    audit_display.register_type("registry.file", _("files of registry imports"))
