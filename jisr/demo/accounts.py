"""The demo accounts (password `jisr-demo`), one per persona of the platform.

Created only in a demo installation (settings.JISR_DEMO): a shared, published password must
never exist anywhere else. The `citizen` account has no password: it signs in to Khadamati with a
one-time code sent to its mobile number (DEMO_CITIZEN_PHONE, printed in the terminal of `make demo`).
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
# The demo citizen's mobile number: 06 00 00 00 01, typed on Khadamati's sign-in page.
DEMO_CITIZEN_PHONE = "+212600000001"
# A parent who acts for a minor child (verified by the office): 06 00 00 00 02.
DEMO_PARENT_PHONE = "+212600000002"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region: str | None = None
    province: str | None = None
    center_code: str | None = None
    organization_key: str | None = None
    phone: str = ""


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("national", Role.NATIONAL_OFFICER),
    DemoAccount("analyst", Role.NATIONAL_ANALYST),
    DemoAccount("region-rsk", Role.REGIONAL_COORDINATOR, region=RSK_REGION),
    DemoAccount("province-agadir", Role.PROVINCIAL_COORDINATOR, province=AGADIR_PROVINCE),
    DemoAccount("manager-agadir", Role.CENTER_MANAGER, center_code=AGADIR_PILOT),
    DemoAccount("worker-agadir", Role.SOCIAL_WORKER, center_code=AGADIR_PILOT),
    DemoAccount("worker-oujda", Role.SOCIAL_WORKER, center_code=OUJDA_PILOT),
    DemoAccount("partner-health-agadir", Role.PARTNER_AGENT, organization_key=health_delegation_key(AGADIR_PROVINCE)),
    DemoAccount("citizen", Role.CITIZEN, phone=DEMO_CITIZEN_PHONE),
    # Khadamati's back office in Agadir (after the others: each account draws its name in turn).
    DemoAccount("khadamati-officer-agadir", Role.PROVINCIAL_DISABILITY_OFFICER, province=AGADIR_PROVINCE),
    DemoAccount("khadamati-medical-agadir", Role.MEDICAL_COMMITTEE_MEMBER, province=AGADIR_PROVINCE),
    DemoAccount("khadamati-social-agadir", Role.SOCIAL_ASSISTANT, province=AGADIR_PROVINCE),
    DemoAccount("khadamati-secretary-agadir", Role.COMMITTEE_SECRETARY, province=AGADIR_PROVINCE),
    DemoAccount("citizen-parent", Role.CITIZEN, phone=DEMO_PARENT_PHONE),
    # The partnerships (docs/partnerships.md): the national program officer, and a partner party to the tripartite
    # convention of Rabat-Salé-Kénitra (its regional council).
    DemoAccount("program-officer", Role.PROGRAM_OFFICER),
    DemoAccount("partner-council-rsk", Role.PARTNER_AGENT, organization_key=f"conseil-regional-{RSK_REGION}"),
]


def ensure_demo_accounts(organizations: dict[str, Organization]) -> int:
    """Create the missing demo users and memberships; returns how many users were created."""
    rng = random.Random(f"{SEED}:accounts")  # noqa: S311 — demo data, not security
    roles = {role.slug: role for role in Role.objects.all()}
    centers = {center.code: center for center in Center.objects.filter(code__in=[AGADIR_PILOT, OUJDA_PILOT])}
    existing = {user.username: user for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: the same password for every account
    no_password = make_password(None)  # citizens sign in by one-time code
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
                password=no_password if account.role == Role.CITIZEN else password_hash,
                phone=account.phone,
            )
            user.full_clean(exclude=["password"], validate_unique=False)
            user.save()
            created += 1
        elif account.phone and not user.phone:
            user.phone = account.phone
            user.save(update_fields=["phone"])
        Membership.objects.get_or_create(
            user=user,
            role=roles[account.role],
            region_id=account.region,
            province_id=account.province,
            center=centers[account.center_code] if account.center_code else None,
            organization=organizations[account.organization_key] if account.organization_key else None,
        )
    return created
