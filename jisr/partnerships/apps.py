from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "jisr.partnerships"
    verbose_name = _("Partnerships")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jisr.partnerships import audit_display, center_money, home, personal_data

        personal_data.register()
        audit_display.register()
        center_money.register()
        home.register()
