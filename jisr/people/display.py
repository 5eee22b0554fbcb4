"""How a duplicate candidate is shown: in full inside the viewer's scope, masked outside it."""

from __future__ import annotations

import uuid
from typing import Any

from django.core import signing
from django.utils.translation import gettext_lazy as _

from jisr.people.models import Person
from jisr.people.selectors import Candidate

REASON_LABELS: dict[str, Any] = {
    "cin": _("same CIN"),
    "civil_register_id": _("same national population register identifier"),
    "arabic_name": _("same name in Arabic script"),
    "latin_name": _("same name in Latin script"),
    "transliteration": _("same name in the other script (transliteration)"),
    "phone": _("same phone"),
    "birth_date": _("same date of birth"),
    "birth_date_near": _("close date of birth"),
    "other_sex": _("other sex"),
}


SET_ASIDE_SALT = "jisr.people.set_aside"
SET_ASIDE_MAX_AGE = 24 * 3600


def resolve_set_aside(values: list[str]) -> list[str]:
    """Person ids from what intake sends back: ids of visible candidates, or the signed tokens that
    stand for masked ones (so a worker can set aside a record they may not see). Bad tokens are ignored."""
    resolved = []
    for value in values:
        try:
            resolved.append(str(uuid.UUID(str(value))))
            continue
        except ValueError:
            pass
        try:
            resolved.append(signing.loads(value, salt=SET_ASIDE_SALT, max_age=SET_ASIDE_MAX_AGE))
        except signing.BadSignature:
            continue
    return resolved


def initials(person: Person) -> str:
    """'م. ا.' or 'M. D.': enough to recognize, not enough to identify."""
    first = person.first_name_ar or person.first_name_latin
    last = person.last_name_ar or person.last_name_latin
    return " ".join(f"{part[0]}." for part in (first, last) if part)


def candidate_summary(candidate: Candidate) -> dict[str, Any]:
    """The fields a page or the API may show of a candidate (masked when out of scope)."""
    person = candidate.person
    center = person.registered_at
    summary: dict[str, Any] = {
        "id": person.pk if candidate.in_scope else None,
        "in_scope": candidate.in_scope,
        "score": candidate.score,
        "reasons": [{"code": code, "label": str(REASON_LABELS[code])} for code in candidate.reasons],
        "initials": initials(person),
        "birth_year": person.birth_date.year if person.birth_date else None,
        "sex": person.sex,
        "registered_in_province": str(center.province) if center else "",
        "set_aside_token": signing.dumps(str(person.pk), salt=SET_ASIDE_SALT),
    }
    if candidate.in_scope:
        summary.update(
            name=person.display_name,
            first_name_ar=person.first_name_ar,
            last_name_ar=person.last_name_ar,
            first_name_latin=person.first_name_latin,
            last_name_latin=person.last_name_latin,
            birth_date=person.birth_date,
            cin=person.cin or "",
            phone=person.phone,
            registered_at=str(center) if center else "",
        )
    return summary
