"""What the training app adds to the person's timeline: enrolments and certificates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.core.timeline import TimelineEntry
from jisr.training.models import Certificate, Enrollment
from jisr.training.selectors import visible_programs


def timeline_entries(user: Any, person: Any) -> Iterable[TimelineEntry]:
    """Enrolments and certificates in the programs the user may see."""
    programs = visible_programs(user)
    enrollments = Enrollment.objects.filter(person=person, program__in=programs).select_related("program__center")
    for enrollment in enrollments:
        yield TimelineEntry(
            when=enrollment.enrolled_at,
            kind="training.enrolled",
            title=_("Enrolled in %(program)s") % {"program": enrollment.program.title},
            detail=enrollment.get_status_display(),
            url=reverse("training:program", args=[enrollment.program_id]),
            place=enrollment.program.center.name,
        )
    certificates = Certificate.objects.filter(
        result__enrollment__person=person, result__enrollment__program__in=programs
    ).select_related("result__module", "result__enrollment__program__center")
    for certificate in certificates:
        program = certificate.result.enrollment.program
        yield TimelineEntry(
            when=certificate.issued_at,
            kind="training.certified",
            title=_("Certified: %(module)s") % {"module": certificate.result.module.title},
            detail=certificate.verification_code,
            url=reverse("training:program", args=[program.pk]),
            place=program.center.name,
        )
