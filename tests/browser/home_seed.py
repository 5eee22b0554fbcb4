"""A plan waiting for the Agadir manager's decision on a copy of the demo database (run by
tests/browser/test_homes.py with `jisr shell`), written through the services as a worker would."""

from __future__ import annotations

import datetime

from django.utils import timezone


def seed() -> dict[str, str]:
    """A case of worker-agadir, listened to, diagnosed, with a plan submitted for approval."""
    from jisr.accounts.models import Membership, User
    from jisr.cases import orientation, services
    from jisr.cases.models import Case, Protocol
    from jisr.people.services import DuplicatesFound, person_create
    from tests.cases.helpers import answers_with_needs

    worker = User.objects.get(username="worker-agadir")
    center = Membership.objects.active().get(user=worker).center
    identity = {"first_name_ar": "وداد", "last_name_ar": "الأمراني", "first_name_latin": "Widad",
                "last_name_latin": "El Amrani", "sex": "F"}  # fmt: skip
    try:
        person = person_create(acting_user=worker, center=center, **identity)
    except DuplicatesFound as found:
        homonyms = [candidate.person.pk for candidate in found.candidates]
        person = person_create(acting_user=worker, center=center, confirmed_not_duplicate_of=homonyms, **identity)
    case = services.case_open(acting_user=worker, person=person, center=center, reason="بدون دخل",
                              channel=Case.Channel.WALK_IN, consent_obtained=True, assigned_to=worker)  # fmt: skip
    services.listening_record(acting_user=worker, case=case, needs=["income"], notes="")
    protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).first()
    services.assessment_record(acting_user=worker, case=case, protocol=protocol, answers=answers_with_needs(protocol))
    plan = orientation.plan_start(acting_user=worker, case=case, summary="")
    goal = orientation.goal_add(acting_user=worker, plan=plan, domain="income", title="Formation en couture")
    orientation.action_add(acting_user=worker, goal=goal, kind="training", description="Inscription",
                           due_on=timezone.localdate() + datetime.timedelta(days=20))  # fmt: skip
    orientation.plan_submit(acting_user=worker, plan=plan)
    return {"case": str(case.pk), "reference": case.reference}
