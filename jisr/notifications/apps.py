from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "jisr.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from jisr.notifications import personal_data

        personal_data.register()
