"""Staff accounts are outside the beneficiaries' export and retention: declared so (`jisr.core.personal_data`).

They hold the staff's own data (name, e-mail, roles), managed on the accounts pages by the
administrators, never data about the persons Jisr serves.
"""

from __future__ import annotations

from jisr.accounts.models import ApiToken, Membership, Role, User
from jisr.core import personal_data

REASONS = {
    User: "an account: a staff member's, or a citizen's (Khadamati: name, mobile number, e-mail), who sees and "
    "manages it; it holds nothing of a beneficiary's file (Khadamati's declarations are exported by khadamati)",
    Role: "a role and its permissions",
    Membership: "a staff member's role at a center, province, region or organization",
    ApiToken: "a staff member's API token (hashed)",
}


def register() -> None:
    for model, reason in REASONS.items():
        personal_data.declare_no_personal_data(model, reason)
