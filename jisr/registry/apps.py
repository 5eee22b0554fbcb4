from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "jisr.registry"
    verbose_name = _("Social registry")

    def ready(self) -> None:
        from jisr.core import file_retention
        from jisr.registry.services import import_files_purge

        file_retention.register_purger("registry", import_files_purge)

        from jisr.registry import notifications, personal_data

        personal_data.register()
        notifications.register()

        from jisr.registry.audit_display import register as register_audit_display

        register_audit_display()

        from jisr.core import maplayers
        from jisr.registry import maplayers as registry_layers

        maplayers.register_provider("registry", registry_layers.layers)

        from jisr.registry import strategy

        strategy.register()
