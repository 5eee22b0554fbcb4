from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "jisr.training"
    verbose_name = _("Training and integration pathways")

    def ready(self) -> None:
        from jisr.core import timeline
        from jisr.training.contributions import timeline_entries

        timeline.register_provider(timeline_entries)

        from jisr.training import personal_data

        personal_data.register()

        from jisr.training.audit_display import register as register_audit_display

        register_audit_display()
        from jisr.core import dashboards
        from jisr.training.dashboards import SECTION

        dashboards.register_section(SECTION)

        from jisr.core import maplayers
        from jisr.training import maplayers as training_layers

        maplayers.register_contacts("training", training_layers.contacts)
