from __future__ import annotations

from typing import Any

from jisr.cases import services as case_services
from jisr.cases.models import Case
from tests.people.helpers import register


def referable_case(personas: Any) -> Case:
    """A case of center A (worker_a) with a listening, ready to be referred."""
    person = register(personas, first_name_ar="حليمة", last_name_ar="أمغار", sex="F", phone="0611223344")
    opened = case_services.case_open(
        acting_user=personas.worker_a, person=person, center=personas.center_a, reason="سبب سري للملف",
        channel="walk_in", consent_obtained=True,
    )  # fmt: skip
    case_services.listening_record(acting_user=personas.worker_a, case=opened, needs=["health"], notes="سري جدا")
    return opened
