"""A small partnership world: the tripartite convention of Rabat-Salé-Kénitra (ministry, wilaya, regional
council) with a women's earmark, and a convention in Souss-Massa to which the health partner is party."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from jisr.accounts.models import User
from jisr.centers.models import Organization
from jisr.partnerships import services
from jisr.partnerships.models import Convention, Party
from jisr.partnerships.services import TerritoryShare
from tests.personas import AGADIR_PROVINCE, RSK_REGION, Personas, make_user

DAY = datetime.date(2025, 3, 1)


@dataclass
class World:
    ministry: Organization
    wilaya: Organization
    council: Organization
    rsk: Convention
    souss: Convention
    officer: User  # a second national officer (four eyes)
    program: User  # the national program officer


def party(convention: Convention, organization: Organization) -> Party:
    return convention.parties.get(organization=organization)


@pytest.fixture
def world(personas: Personas, settings) -> World:  # type: ignore[no-untyped-def]
    settings.JISR_PARTNERSHIPS_FOUR_EYES_MAD = 1_000_000
    ministry = Organization.objects.create(name_ar="الوزارة", name_fr="Ministère", acronym="MSISF",
                                           kind=Organization.Kind.MINISTRY)  # fmt: skip
    wilaya = Organization.objects.create(name_ar="ولاية الرباط", name_fr="Wilaya de Rabat", acronym="WRSK",
                                         kind=Organization.Kind.PARTNER_ADMINISTRATION)  # fmt: skip
    council = Organization.objects.create(name_ar="مجلس الجهة", name_fr="Conseil régional RSK", acronym="CRRSK",
                                          kind=Organization.Kind.TERRITORIAL_COLLECTIVITY)  # fmt: skip
    national = personas.national
    rsk = services.convention_create(
        acting_user=national, number="CV-RSK-1", title_ar="اتفاقية ثلاثية", title_fr="Convention tripartite RSK",
        kind=Convention.Kind.TRIPARTITE, status=Convention.Status.SIGNED, signed_on=DAY,
        starts_on=DAY, ends_on=datetime.date(2026, 12, 31),
        territories=[TerritoryShare("region", RSK_REGION, Decimal(100))],
        parties=[(ministry, ["funding", "accountable"]), (wilaya, ["funding"]), (council, ["funding"]),
                 (personas.entraide, ["implementing"])],
    )  # fmt: skip
    souss = services.convention_create(
        acting_user=national, number="CV-SM-1", title_ar="اتفاقية سوس", title_fr="Convention Souss-Massa",
        kind=Convention.Kind.SPECIFIC, territories=[TerritoryShare("province", AGADIR_PROVINCE, Decimal(100))],
        parties=[(ministry, ["funding"]), (personas.health_partner, ["implementing"])],
    )  # fmt: skip
    return World(ministry=ministry, wilaya=wilaya, council=council, rsk=rsk, souss=souss,
                 officer=make_user("p-national-2", "national_officer"),
                 program=make_user("p-program", "program_officer"))  # fmt: skip
