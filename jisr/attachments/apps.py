from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    name = "jisr.attachments"
    verbose_name = _("Attached documents")

    def ready(self) -> None:
        from jisr.attachments import personal_data
        from jisr.attachments.storage import orphan_files_purge
        from jisr.core import file_retention

        personal_data.register()
        file_retention.register_purger("attachments", orphan_files_purge)
