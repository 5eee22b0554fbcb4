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

        from jisr.referrals import home as referrals_home
        from jisr.referrals import notifications, personal_data

        referrals_home.register()

        personal_data.register()
        notifications.register()

        from jisr.cases.handover import register_transfer_follower
        from jisr.referrals.services import referrals_follow_transfer

        register_transfer_follower(referrals_follow_transfer)

        from jisr.referrals.audit_display import register as register_audit_display

        register_audit_display()

        from jisr.core import dashboards
        from jisr.referrals.dashboards import SECTION

        dashboards.register_section(SECTION)

        from jisr.referrals import watch

        watch.register()
