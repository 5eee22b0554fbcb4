"""Requests placed directly at a step of the process, for the back office's tests (the transitions that bring
them there are tested with the requests themselves)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jisr.accounts.models import User
from jisr.khadamati.models import Request, RequestType
from jisr.territories.models import Province
from tests.khadamati.helpers import RequestOffice, make_request_office
from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE, make_user


@dataclass
class Staff(RequestOffice):
    """The back office of Agadir and Oujda's officer (tests.khadamati.helpers), and a medical committee member of
    Oujda."""

    medical_oujda: User


def make_staff() -> Staff:
    office = make_request_office()
    return Staff(
        **vars(office),
        medical_oujda=make_user("p-ko-medical-oujda", "medical_committee_member", province_id=OUJDA_PROVINCE),
    )


_counter = iter(range(1, 10**6))


def request_at(
    status: str,
    *,
    applicant: User,
    province: str = AGADIR_PROVINCE,
    type_code: str = "card-first",
    days_ago: int = 1,
    **fields: Any,
) -> Request:
    """A request of `applicant` standing at `status` since `days_ago` days (its due date from the settings)."""
    from jisr.khadamati.services_requests import due_for

    number = next(_counter)
    since = timezone.now() - datetime.timedelta(days=days_ago)
    values: dict[str, Any] = {
        "first_name": "Salma",
        "last_name": f"Idrissi{number}",
        "birth_date": datetime.date(1990, 4, 2),
        "sex": "F",
        "cin": f"JB{number:06d}",
        "submitted_at": since,
    }
    values.update(fields)
    return Request.objects.create(
        request_type=RequestType.objects.get(code=type_code),
        applicant=applicant,
        status=status,
        province=Province.objects.get(code=province),
        region_code=Province.objects.get(code=province).region_id,
        created_at=since,
        updated_at=since,
        status_changed_at=since,
        due_at=due_for(status, since),
        **values,
    )
