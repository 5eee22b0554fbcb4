"""Everything Jisr holds about one person, for the answer to an access request (law 09-08, art. 7).

The document is assembled from every app's personal-data provider (`jisr.core.personal_data`): the
person, household, vulnerabilities, consents and linkage (people); cases with their history,
listening records, assessments, plan, follow-ups, outcomes, referrals, projects, incubations and
mediations (cases, referrals, training); training and certificates (training); the data-subject
requests (privacy); the registry member row and household with its PMT score (registry); program
enrolments (programs). Internal search keys are left out (they are derived from the names, which are
included). The export needs `people.export_person_data` over the person and is written to the audit log.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from jisr.core import audit, personal_data
from jisr.core.models import AuditLog
from jisr.people.selectors import person_get

if TYPE_CHECKING:
    from jisr.accounts.models import User


@transaction.atomic
def person_export(*, acting_user: User, person_id: uuid.UUID | str) -> dict[str, Any]:
    """The person's data as one JSON-ready document; 404 without the export right over the person."""
    person = person_get(acting_user, person_id, "people.export_person_data")
    document = {"exported_at": timezone.now().isoformat(), **personal_data.person_sections(person)}
    audit.record(actor=acting_user, action=AuditLog.Action.EXPORT, obj=person, object_repr=str(person.pk),
                 changes={"sections": sorted(document)})  # fmt: skip
    return document
