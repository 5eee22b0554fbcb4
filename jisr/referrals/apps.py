from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "jisr.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from jisr.core import timeline, worklist
        from jisr.referrals.contributions import timeline_entries, work_items

        timeline.register_provider(timeline_entries)
        worklist.register_provider(work_items)

        from jisr.referrals import personal_data

        personal_data.register()

        from jisr.core import dashboards
        from jisr.referrals.dashboards import SECTION

        dashboards.register_section(SECTION)
