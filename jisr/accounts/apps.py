from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from jisr.accounts import (
            personal_data,
            signals,  # noqa: F401 — connects the audit receivers
        )

        personal_data.register()
