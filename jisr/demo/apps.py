from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "jisr.demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from jisr.demo import personal_data

        personal_data.register()

        from jisr.demo.audit_display import register as register_audit_display

        register_audit_display()
