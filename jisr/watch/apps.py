from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "jisr.watch"
    verbose_name = _("Social watch")

    def ready(self) -> None:
        from jisr.core import personal_data
        from jisr.watch import home, notifications
        from jisr.watch.models import Alert, AlertEvent, WatchRule

        home.register()
        notifications.register()
        personal_data.declare_no_personal_data(WatchRule, "a watch rule: a signal, its thresholds and a level")
        personal_data.declare_no_personal_data(Alert, "an alert about a territory's aggregate figures, no person")
        personal_data.declare_no_personal_data(
            AlertEvent, "the coordinators' handling of a territory's alert (staff accounts, not beneficiaries)"
        )
