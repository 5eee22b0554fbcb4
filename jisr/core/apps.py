from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jisr.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jisr.core import personal_data
        from jisr.core.models import AuditLog, IdempotencyKey

        # The trail of who did what is the accountability law 09-08 asks for: it is neither exported
        # nor anonymized (it holds ids and changed values, and only auditors search it).
        personal_data.declare_no_personal_data(AuditLog, "the append-only audit trail, kept as the legal record")
        personal_data.declare_no_personal_data(
            IdempotencyKey, "a replayed API answer, encrypted, purged after IDEMPOTENCY_KEY_HOURS"
        )
