"""Store script payloads in every user-editable text field that a page renders, on the browser
tests' demo database (run by tests/browser/test_xss.py with `jisr shell`), through the services a
careless or hostile user would go through. Prints the ids of what it made, as JSON."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

# Each field gets all three kinds: an HTML element with a handler, a broken-out attribute with a
# script element, and a javascript: URL (dangerous wherever a value lands in an href).
PAYLOAD = '<img src=x onerror=alert(1)> "><script>alert(2)</script> javascript:alert(3)'
MARKER = "XSS-"


def hostile(label: str) -> str:
    """A recognisable value for `label` that carries the payload."""
    return f"{MARKER}{label} {PAYLOAD}"


def store() -> dict[str, str]:
    from jisr.accounts.models import User
    from jisr.cases.models import Case
    from jisr.cases.services import case_open, listening_record
    from jisr.centers.models import Center, Organization
    from jisr.centers.services import center_create, organization_create
    from jisr.people.services import person_create
    from jisr.referrals.services import referral_send
    from jisr.training.models import TrainingModule, TrainingProgram
    from jisr.training.services import program_create

    national = User.objects.get(username="national")
    worker = User.objects.get(username="worker-agadir")
    manager = User.objects.get(username="manager-agadir")
    pilot = Center.objects.get(code="demo-jisr-agadir")

    organization = organization_create(
        acting_user=national,
        name_ar=hostile("organisation-ar"),
        name_fr=hostile("organisation-fr"),
        name_en=hostile("organisation-en"),
        kind=Organization.Kind.ASSOCIATION,
        description=hostile("organisation-description"),
    )
    center = center_create(
        acting_user=national,
        code="xss-center",
        name_ar=hostile("center-ar"),
        name_fr=hostile("center-fr"),
        name_en=hostile("center-en"),
        organization=organization,
        kind=Center.Kind.MULTIFUNCTION,
        commune=pilot.commune,
        address=hostile("center-address"),
        description=hostile("center-description"),
        accessibility_notes=hostile("center-accessibility"),
        latitude=pilot.latitude,
        longitude=pilot.longitude,
    )
    person = person_create(
        acting_user=worker,
        center=pilot,
        sex="F",
        first_name_ar=hostile("first-ar"),
        last_name_ar=hostile("last-ar"),
        first_name_latin=hostile("first-latin"),
        last_name_latin=hostile("last-latin"),
        address=hostile("person-address"),
        approximate_age=34,
    )
    case = case_open(
        acting_user=worker,
        person=person,
        center=pilot,
        reason=hostile("case-reason"),
        channel=Case.Channel.WALK_IN,
        consent_obtained=True,
        assigned_to=worker,
    )
    listening_record(acting_user=worker, case=case, needs=["income"], notes=hostile("listening-notes"))
    referral = referral_send(
        acting_user=worker,
        case=case,
        reason=hostile("referral-reason"),
        shared_fields=["name", "needs"],
        to_center=center,
        service_requested=hostile("referral-service"),
        message=hostile("referral-message"),
        consent_obtained=True,
    )
    today = timezone.localdate()
    program = program_create(
        acting_user=manager,
        center=pilot,
        title_ar=hostile("training-title"),
        title_fr=hostile("training-title"),
        kind=TrainingProgram.Kind.CERTIFIED_TRAINING,
        modules=TrainingModule.objects.filter(is_active=True)[:1],
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        capacity=10,
        description=hostile("training-description"),
    )
    return {
        "center": str(center.pk),
        "commune": center.commune_id,
        "person": str(person.pk),
        "case": str(case.pk),
        "referral": str(referral.pk),
        "program": str(program.pk),
    }


if __name__ == "__main__":
    print(json.dumps(store()))  # noqa: T201
