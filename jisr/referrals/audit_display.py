"""How the audit log shows referrals (`jisr.core.audit_display`): seen from either end, as the inbox sees them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display
from jisr.core.audit_display import AuditedModel, Key, page
from jisr.referrals.models import Referral
from jisr.referrals.selectors import visible_referrals


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=Referral,
            url=page("referrals:detail"),
            visible=visible_referrals,
            name_is_personal=False,  # the case's reference and the recipient
            identifiable=lambda referral: referral.case.person.anonymized_at is None,
            related=("case__person", "to_center", "to_organization"),
            keys={
                "recipient": Key(_("recipient")),
                "shared_fields": Key(_("data shared"), choices=Referral.SharedField.choices),
            },
        )
    )
