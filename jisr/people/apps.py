from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "jisr.people"
    verbose_name = _("Beneficiaries")

    def ready(self) -> None:
        from jisr.core import timeline
        from jisr.people.contributions import timeline_entries

        timeline.register_provider(timeline_entries)

        from jisr.people import personal_data

        personal_data.register()

        from jisr.people.audit_display import register as register_audit_display

        register_audit_display()
