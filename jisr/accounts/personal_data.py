"""Staff accounts are outside the beneficiaries' export and retention: declared so (`jisr.core.personal_data`).

They hold the staff's own data (name, e-mail, roles), managed on the accounts pages by the
administrators, never data about the persons Jisr serves.
"""

from __future__ import annotations

from jisr.accounts.models import ApiToken, Membership, Role, User
from jisr.core import personal_data

REASONS = {
    User: "a staff account, managed on the accounts pages; it holds nothing about a beneficiary",
    Role: "a role and its permissions",
    Membership: "a staff member's role at a center, province, region or organization",
    ApiToken: "a staff member's API token (hashed)",
}


def register() -> None:
    for model, reason in REASONS.items():
        personal_data.declare_no_personal_data(model, reason)
