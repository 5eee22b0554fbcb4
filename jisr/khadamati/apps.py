from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KhadamatiConfig(AppConfig):
    name = "jisr.khadamati"
    verbose_name = _("Khadamati")

    def ready(self) -> None:
        from jisr.core import dashboards, layouts, maplayers
        from jisr.khadamati import checks  # noqa: F401 — registers the deploy check of the SMS backend
        from jisr.khadamati.dashboards import SECTION
        from jisr.khadamati.layout import citizen_layout
        from jisr.khadamati.personal_data import register as register_personal_data
        from jisr.khadamati.personal_data_office import register as register_office_data

        layouts.register_layout_chooser("khadamati", citizen_layout)
        register_personal_data()
        register_office_data()
        dashboards.register_section(SECTION)

        from jisr.khadamati import maplayers as khadamati_layers

        maplayers.register_provider("khadamati", khadamati_layers.layers)

        from jisr.khadamati import contributions

        contributions.register()
