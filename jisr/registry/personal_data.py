"""What the social registry holds about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the person's member row (relation to the head, schooling, occupation, disability) and their
household: its socio-economic data, its proxy-means-test index (PMT score, model version, date) and
its members' place in it (number and relation to the head; their identities are theirs).
Activity: the last import of the member row or of the household (retention period
`registry_member`): a person the registry still declares is kept. The registry's rows stay as
imported: they are the registry's data, name no one (the identity is on the person, anonymized),
and feed targeting and coverage.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, row
from jisr.registry.models import ImportJob, PmtModel, RegistryHousehold, RegistryMember


def export(person: Any) -> dict[str, Any]:
    """The member row and the household with its PMT score, or None for a person outside the registry."""
    member = RegistryMember.objects.select_related("household").filter(person=person).first()
    if member is None:
        return {"registry": None}
    household = member.household
    places = household.members.order_by("member_no").values("member_no", "relation_to_head")
    return {"registry": {"member": row(member), "household": {**row(household), "members": list(places)}}}


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Per person, the last import of their member row or of their household."""
    return (
        RegistryMember.objects.filter(person__in=persons)
        .annotate(last_activity=Greatest("imported_at", "household__imported_at"))
        .values("person_id", "last_activity")
    )


PROVIDER = PersonalDataProvider(
    name="registry",
    label=_("Social registry: household member, household and PMT score"),
    models={RegistryMember: Fate.KEEP, RegistryHousehold: Fate.KEEP},
    record_type="registry_member",
    export=export,
    last_activity=last_activity,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.declare_no_personal_data(PmtModel, "the coefficients of a proxy-means-test model")
    personal_data.declare_no_personal_data(
        ImportJob, "an import's progress and counts; the values it quotes go with its files (core.file_retention)"
    )
