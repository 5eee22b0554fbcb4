from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "jisr.strategy"
    verbose_name = _("Strategy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jisr.strategy import personal_data, providers

        personal_data.register()
        providers.register()
