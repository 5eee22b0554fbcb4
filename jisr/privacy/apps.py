from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jisr.privacy"
    verbose_name = _("Protection of personal data")

    def ready(self) -> None:
        from jisr.privacy import notifications, personal_data

        personal_data.register()
        notifications.register()

        from jisr.privacy.audit_display import register as register_audit_display

        register_audit_display()
