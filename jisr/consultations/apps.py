from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "jisr.consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jisr.consultations import audit_display, home, personal_data

        personal_data.register()
        audit_display.register()
        home.register()
