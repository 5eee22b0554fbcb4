from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jisr.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from jisr.cases.contributions import (
            followup_items,
            handover_entries,
            plan_items,
            timeline_entries,
            transfer_items,
            work_items,
        )
        from jisr.core import timeline, worklist

        timeline.register_provider(timeline_entries)
        timeline.register_provider(handover_entries)
        worklist.register_provider(work_items)
        worklist.register_provider(followup_items)
        worklist.register_provider(plan_items)
        worklist.register_provider(transfer_items)

        from jisr.cases import personal_data

        personal_data.register()

        from jisr.cases.dashboards import SECTIONS
        from jisr.core import dashboards

        for section in SECTIONS:
            dashboards.register_section(section)
