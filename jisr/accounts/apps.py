from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jisr.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from jisr.accounts import signals  # noqa: F401 — connects the audit receivers
        from jisr.accounts.grants import held_roles
        from jisr.accounts.home import ROLES_PANEL
        from jisr.accounts.personal_data import register as register_personal_data
        from jisr.core import home, scope

        scope.register_grant_loader(held_roles)
        home.register_panel(ROLES_PANEL)
        register_personal_data()

        from jisr.accounts.audit_display import register as register_audit_display

        register_audit_display()
