from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jisr.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jisr.core import home, personal_data
        from jisr.core.alerts import alerts_panel_context
        from jisr.core.figures import figures_panel_context
        from jisr.core.home import HomePanel
        from jisr.core.models import AuditLog, IdempotencyKey
        from jisr.core.worklist import due_work_panel_context

        # The trail of who did what is the accountability law 09-08 asks for: it is neither exported
        # nor anonymized (it holds ids and changed values, and only auditors search it).
        personal_data.declare_no_personal_data(AuditLog, "the append-only audit trail, kept as the legal record")
        personal_data.declare_no_personal_data(
            IdempotencyKey, "a replayed API answer, encrypted, purged after IDEMPOTENCY_KEY_HOURS"
        )
        # What is due now (sections from the apps), the territory's figures and its alerts (providers from the apps).
        home.register_panel(HomePanel("core.work", "core/home_work.html", due_work_panel_context, order=20))
        home.register_panel(HomePanel("core.figures", "core/home_figures.html", figures_panel_context, order=50))
        home.register_panel(HomePanel("core.alerts", "core/home_alerts.html", alerts_panel_context, order=60))
