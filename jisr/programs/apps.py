from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "jisr.programs"
    verbose_name = _("Social programs and targeting")

    def ready(self) -> None:
        from jisr.programs import personal_data

        personal_data.register()

        from jisr.programs.audit_display import register as register_audit_display

        register_audit_display()

        from jisr.core import maplayers
        from jisr.programs import maplayers as program_layers

        maplayers.register_provider("programs", program_layers.layers)

        from jisr.programs import watch

        watch.register()
