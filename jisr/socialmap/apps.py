from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialmapConfig(AppConfig):
    name = "jisr.socialmap"
    verbose_name = _("Social map")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jisr.socialmap import personal_data

        personal_data.register()

        from jisr.core import maplayers
        from jisr.socialmap.services import refresh_soon

        maplayers.register_refresher(refresh_soon)

        from jisr.socialmap.selectors import stored_layers, stored_layers_at

        maplayers.register_store(stored_layers, stored_layers_at)
