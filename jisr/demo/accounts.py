"""The demo accounts (password `jisr-demo`), one per persona of the platform.

Created only in a demo installation (settings.JISR_DEMO): a shared, published password must
never exist anywhere else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from jisr.accounts.models import Membership, Role, User
from jisr.centers.models import Center, Organization
from jisr.demo.centers import SEED
from jisr.demo.names import person_name
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN, health_delegation_key

DEMO_PASSWORD = "jisr-demo"  # noqa: S105 — published on purpose, demo installations only
AGADIR_PROVINCE = "09.001"
RSK_REGION = "04"
AGADIR_PILOT = "demo-jisr-agadir"
OUJDA_PILOT = "demo-jisr-oujda"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region: str | None = None
    province: str | None = None
    center_code: str | None = None
    organization_key: str | None = None


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("national", Role.NATIONAL_OFFICER),
    DemoAccount("analyst", Role.NATIONAL_ANALYST),
    DemoAccount("region-rsk", Role.REGIONAL_COORDINATOR, region=RSK_REGION),
    DemoAccount("province-agadir", Role.PROVINCIAL_COORDINATOR, province=AGADIR_PROVINCE),
    DemoAccount("manager-agadir", Role.CENTER_MANAGER, center_code=AGADIR_PILOT),
    DemoAccount("worker-agadir", Role.SOCIAL_WORKER, center_code=AGADIR_PILOT),
    DemoAccount("worker-oujda", Role.SOCIAL_WORKER, center_code=OUJDA_PILOT),
    DemoAccount("partner-health-agadir", Role.PARTNER_AGENT, organization_key=health_delegation_key(AGADIR_PROVINCE)),
    DemoAccount("citizen", Role.CITIZEN),
]


def ensure_demo_accounts(organizations: dict[str, Organization]) -> int:
    """Create the missing demo users and memberships; returns how many users were created."""
    rng = random.Random(f"{SEED}:accounts")  # noqa: S311 — demo data, not security
    roles = {role.slug: role for role in Role.objects.all()}
    centers = {center.code: center for center in Center.objects.filter(code__in=[AGADIR_PILOT, OUJDA_PILOT])}
    existing = {user.username: user for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: the same password for every account
    created = 0
    for account in DEMO_ACCOUNTS:
        first_name, last_name = person_name(rng)  # drawn for every account so names never shift
        user = existing.get(account.username)
        if user is None:
            user = User(
                username=account.username,
                email=f"{account.username}@{DEMO_EMAIL_DOMAIN}",
                first_name=first_name,
                last_name=last_name,
                password=password_hash,
            )
            user.full_clean(exclude=["password"], validate_unique=False)
            user.save()
            created += 1
        Membership.objects.get_or_create(
            user=user,
            role=roles[account.role],
            region_id=account.region,
            province_id=account.province,
            center=centers[account.center_code] if account.center_code else None,
            organization=organizations[account.organization_key] if account.organization_key else None,
        )
    return created
