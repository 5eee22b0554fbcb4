"""Demo partner organizations: the ministry and its agencies, regional and provincial partners.

Every demo organization carries an e-mail at DEMO_EMAIL_DOMAIN (a reserved `.invalid` domain,
so nothing is ever sent): the address is both its natural key for idempotent reloading and the
mark by which `jisr demo --reset` recognises it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jisr.centers.models import Organization
from jisr.demo.names import ASSOCIATION_NAMES
from jisr.territories.models import Province, Region

DEMO_EMAIL_DOMAIN = "demo.jisr.invalid"
ENTRAIDE_KEY = "entraide-nationale"

Kind = Organization.Kind
Sector = Organization.Sector

# The seat (chef-lieu) of each region, where its wilaya, council and academy sit.
REGION_SEATS: dict[str, str] = {
    "01": "01.511",
    "02": "02.411",
    "03": "03.231",
    "04": "04.421",
    "05": "05.091",
    "06": "06.141",
    "07": "07.351",
    "08": "08.201",
    "09": "09.001",
    "10": "10.261",
    "11": "11.321",
    "12": "12.391",
}

# key, acronym, kind, sector, (ar, fr, en), website
NATIONAL_ORGANIZATIONS: list[tuple[str, str, str, str, tuple[str, str, str], str]] = [
    (
        "msisf",
        "MSISF",
        Kind.MINISTRY,
        Sector.SOCIAL,
        (
            "وزارة التضامن والإدماج الاجتماعي والأسرة",
            "Ministère de la Solidarité, de l'Insertion sociale et de la Famille",
            "Ministry of Solidarity, Social Inclusion and the Family",
        ),
        "https://social.gov.ma",
    ),
    (
        ENTRAIDE_KEY,
        "EN",
        Kind.PUBLIC_AGENCY,
        Sector.SOCIAL,
        ("التعاون الوطني", "Entraide Nationale", "Entraide Nationale"),
        "https://www.entraide.ma",
    ),
    (
        "ads",
        "ADS",
        Kind.PUBLIC_AGENCY,
        Sector.SOCIAL,
        ("وكالة التنمية الاجتماعية", "Agence de Développement Social", "Social Development Agency"),
        "https://www.ads.ma",
    ),
    (
        "inas",
        "INAS",
        Kind.PUBLIC_AGENCY,
        Sector.EDUCATION,
        (
            "المعهد الوطني للعمل الاجتماعي",
            "Institut National de l'Action Sociale",
            "National Institute of Social Action",
        ),
        "",
    ),
    (
        "anapec",
        "ANAPEC",
        Kind.PUBLIC_AGENCY,
        Sector.EMPLOYMENT,
        (
            "الوكالة الوطنية لإنعاش التشغيل والكفاءات",
            "Agence Nationale de Promotion de l'Emploi et des Compétences",
            "National Agency for the Promotion of Employment and Skills",
        ),
        "https://www.anapec.org",
    ),
    (
        "ministere-sante",
        "MSPS",
        Kind.MINISTRY,
        Sector.HEALTH,
        (
            "وزارة الصحة والحماية الاجتماعية",
            "Ministère de la Santé et de la Protection sociale",
            "Ministry of Health and Social Protection",
        ),
        "",
    ),
    (
        "ministere-jeunesse",
        "MJCC",
        Kind.MINISTRY,
        Sector.YOUTH,
        (
            "وزارة الشباب والثقافة والتواصل",
            "Ministère de la Jeunesse, de la Culture et de la Communication",
            "Ministry of Youth, Culture and Communication",
        ),
        "",
    ),
    (
        "ministere-tourisme",
        "MTAESS",
        Kind.MINISTRY,
        Sector.TOURISM,
        (
            "وزارة السياحة والصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
            "Ministère du Tourisme, de l'Artisanat et de l'Économie sociale et solidaire",
            "Ministry of Tourism, Handicrafts and the Social and Solidarity Economy",
        ),
        "",
    ),
]


@dataclass(frozen=True)
class PlannedOrganization:
    key: str
    acronym: str
    kind: str
    sector: str
    names: tuple[str, str, str]
    province_code: str | None
    website: str = ""

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_EMAIL_DOMAIN}"

    def build(self) -> Organization:
        name_ar, name_fr, name_en = self.names
        return Organization(
            name_ar=name_ar,
            name_fr=name_fr,
            name_en=name_en,
            acronym=self.acronym,
            kind=self.kind,
            sector=self.sector,
            website=self.website,
            email=self.email,
            province_id=self.province_code,
        )


def health_delegation_key(province_code: str) -> str:
    return f"sante-{province_code.replace('.', '-')}"


def association_key(province_code: str) -> str:
    return f"association-{province_code.replace('.', '-')}"


def _regional(regions: Iterable[Region]) -> list[PlannedOrganization]:
    planned = []
    for region in regions:
        seat, ar, fr = REGION_SEATS[region.code], region.name_ar, region.name_fr
        planned += [
            PlannedOrganization(
                f"wilaya-{region.code}",
                "",
                Kind.PARTNER_ADMINISTRATION,
                Sector.TERRITORIAL,
                (f"ولاية جهة {ar}", f"Wilaya de la région {fr}", f"Wilaya of the {fr} region"),
                seat,
            ),
            PlannedOrganization(
                f"conseil-regional-{region.code}",
                "",
                Kind.TERRITORIAL_COLLECTIVITY,
                Sector.TERRITORIAL,
                (f"مجلس جهة {ar}", f"Conseil de la région {fr}", f"{fr} regional council"),
                seat,
            ),
            PlannedOrganization(
                f"aref-{region.code}",
                "AREF",
                Kind.PARTNER_ADMINISTRATION,
                Sector.EDUCATION,
                (
                    f"الأكاديمية الجهوية للتربية والتكوين لجهة {ar}",
                    f"Académie régionale d'éducation et de formation {fr}",
                    f"{fr} regional academy of education and training",
                ),
                seat,
            ),
        ]
    return planned


def _provincial(provinces: Iterable[Province]) -> list[PlannedOrganization]:
    planned = []
    for index, province in enumerate(provinces):
        association_ar, association_fr, association_en = ASSOCIATION_NAMES[index % len(ASSOCIATION_NAMES)]
        planned += [
            PlannedOrganization(
                health_delegation_key(province.code),
                "",
                Kind.PARTNER_ADMINISTRATION,
                Sector.HEALTH,
                (
                    f"المندوبية الإقليمية للصحة ب{province.name_ar}",
                    f"Délégation provinciale de la santé de {province.name_fr}",
                    f"{province.name_fr} provincial health delegation",
                ),
                province.code,
            ),
            PlannedOrganization(
                association_key(province.code),
                "",
                Kind.ASSOCIATION,
                Sector.SOCIAL,
                (
                    f"جمعية {association_ar} للتنمية والتضامن ب{province.name_ar}",
                    f"Association {association_fr} pour le développement et la solidarité – {province.name_fr}",
                    f"{association_en} Association for Development and Solidarity – {province.name_fr}",
                ),
                province.code,
            ),
        ]
    return planned


def plan_organizations(regions: Iterable[Region], provinces: Iterable[Province]) -> list[PlannedOrganization]:
    """Every demo organization, in a fixed order (national, then regional, then provincial)."""
    national = [
        PlannedOrganization(key, acronym, kind, sector, names, None, website)
        for key, acronym, kind, sector, names, website in NATIONAL_ORGANIZATIONS
    ]
    return [*national, *_regional(regions), *_provincial(provinces)]


def ensure_organizations(planned: list[PlannedOrganization]) -> tuple[dict[str, Organization], int]:
    """The demo organizations by key, creating the missing ones; returns (by key, number created)."""
    existing = {
        organization.email.split("@")[0]: organization
        for organization in Organization.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    }
    missing = [plan.build() for plan in planned if plan.key not in existing]
    for organization in missing:
        organization.full_clean(exclude=["province"], validate_unique=False)
    Organization.objects.bulk_create(missing, batch_size=500)
    existing.update({organization.email.split("@")[0]: organization for organization in missing})
    return existing, len(missing)
