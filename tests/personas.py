"""The test personas (DESIGN.md convention 8), built on the real territories.

national, analyst, region_rsk (Rabat-Salé-Kénitra), province_agadir (Agadir Ida-Ou-Tanane),
manager_a and worker_a (center A, Agadir), worker_b (center B, Oujda), partner (health partner
organization in Agadir), citizen, outsider (logged in, no membership).
"""

from __future__ import annotations

from dataclasses import dataclass

from jisr.accounts.models import Membership, Role, User
from jisr.centers.models import Center, Organization

PASSWORD = "persona-pass-9431"

AGADIR_PROVINCE = "09.001"
AGADIR_COMMUNE = "09.001.01.01"
OUJDA_PROVINCE = "02.411"
OUJDA_COMMUNE = "02.411.01.23"
RABAT_COMMUNE = "04.421.01.0"
RSK_REGION = "04"


@dataclass
class Personas:
    entraide: Organization
    health_partner: Organization
    center_a: Center
    center_b: Center
    center_rabat: Center
    national: User
    analyst: User
    region_rsk: User
    province_agadir: User
    manager_a: User
    worker_a: User
    worker_b: User
    partner: User
    citizen: User
    outsider: User

    def all_users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def make_center(*, code: str, commune_code: str, organization: Organization, **extra: object) -> Center:
    from jisr.territories.models import Commune

    commune = Commune.objects.get(code=commune_code)
    defaults: dict[str, object] = {
        "name_ar": f"مركز {code}",
        "name_fr": f"Centre {code}",
        "name_en": f"Center {code}",
        "kind": Center.Kind.MULTIFUNCTION,
        "is_jisr": True,
    }
    defaults.update(extra)
    return Center.objects.create(
        code=code,
        organization=organization,
        commune=commune,
        province_id=commune.province_id,
        region_code=commune.region_id,
        **defaults,
    )


def make_user(username: str, role_slug: str | None = None, **anchor: object) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.org")
    if role_slug is not None:
        Membership.objects.create(user=user, role=Role.objects.get(slug=role_slug), **anchor)
    return user


def make_personas() -> Personas:
    entraide = Organization.objects.create(
        name_ar="التعاون الوطني",
        name_fr="Entraide Nationale",
        name_en="Entraide Nationale",
        acronym="EN",
        kind=Organization.Kind.PUBLIC_AGENCY,
    )
    health = Organization.objects.create(
        name_ar="المندوبية الإقليمية للصحة بأكادير",
        name_fr="Délégation de la santé d'Agadir",
        name_en="Agadir health delegation",
        kind=Organization.Kind.PARTNER_ADMINISTRATION,
        sector=Organization.Sector.HEALTH,
        province_id=AGADIR_PROVINCE,
    )
    center_a = make_center(code="test-agadir", commune_code=AGADIR_COMMUNE, organization=entraide)
    center_b = make_center(code="test-oujda", commune_code=OUJDA_COMMUNE, organization=entraide)
    center_rabat = make_center(code="test-rabat", commune_code=RABAT_COMMUNE, organization=entraide)
    return Personas(
        entraide=entraide,
        health_partner=health,
        center_a=center_a,
        center_b=center_b,
        center_rabat=center_rabat,
        national=make_user("p-national", "national_officer"),
        analyst=make_user("p-analyst", "national_analyst"),
        region_rsk=make_user("p-region-rsk", "regional_coordinator", region_id=RSK_REGION),
        province_agadir=make_user("p-province-agadir", "provincial_coordinator", province_id=AGADIR_PROVINCE),
        manager_a=make_user("p-manager-a", "center_manager", center=center_a),
        worker_a=make_user("p-worker-a", "social_worker", center=center_a),
        worker_b=make_user("p-worker-b", "social_worker", center=center_b),
        partner=make_user("p-partner", "partner_agent", organization=health),
        citizen=make_user("p-citizen", "citizen"),
        outsider=make_user("p-outsider"),
    )
