from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "jisr.territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from jisr.territories import personal_data

        personal_data.register()
