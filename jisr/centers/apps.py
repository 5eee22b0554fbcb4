from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "jisr.centers"
    verbose_name = _("Centers")

    def ready(self) -> None:
        from jisr.centers.home import NETWORK_PANEL
        from jisr.centers.importexport.service import center_imports_purge_files
        from jisr.core import file_retention, home

        file_retention.register_purger("centers", center_imports_purge_files)
        from jisr.centers.works.photos import orphan_photos_purge

        file_retention.register_purger("centers_works_photos", orphan_photos_purge)
        home.register_panel(NETWORK_PANEL)

        from jisr.centers import personal_data

        personal_data.register()

        from jisr.centers.audit_display import register as register_audit_display

        register_audit_display()
        from jisr.centers.dashboards import CenterTerritories
        from jisr.core import dashboards

        dashboards.register_territories(CenterTerritories())

        from jisr.centers import maplayers as center_layers
        from jisr.core import maplayers

        maplayers.register_provider("centers", center_layers.layers)
        maplayers.register_points("centers", center_layers.points)
