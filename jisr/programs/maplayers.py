"""The programs' layers of the social map (`jisr.core.maplayers`): eligible and enrolled, per program.

The same figures as the coverage page: eligible households are those the program's rule selects in
the registry; enrolled, those with an active enrolment (their household's commune)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from jisr.core.maplayers import Layer, grouped
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import eligible
from jisr.registry.maplayers import FIELDS
from jisr.registry.models import RegistryHousehold


def layers() -> Iterable[Layer]:
    for order, program in enumerate(Program.objects.order_by("code"), start=300):
        qualifying = eligible(program.rule)
        active = ProgramEnrollment.objects.filter(program=program, status=ProgramEnrollment.Status.ACTIVE)
        enrolled = RegistryHousehold.objects.filter(household_id__in=active.values("household_id"))
        for figure, households, label_households, label_persons in (
            ("eligible", qualifying, _("Eligible households: %(program)s"), _("Eligible persons: %(program)s")),
            ("enrolled", enrolled, _("Enrolled households: %(program)s"), _("Enrolled persons: %(program)s")),
        ):
            yield Layer(
                f"programs.{program.code}.{figure}_households",
                "use",
                "programs",
                _Named(label_households, program),
                "households",
                protected=True,
                order=order,
                values=grouped(households, FIELDS, Count("household_id")),
            )
            yield Layer(
                f"programs.{program.code}.{figure}_persons",
                "use",
                "programs",
                _Named(label_persons, program),
                "persons",
                protected=True,
                order=order,
                values=grouped(households, FIELDS, Sum("size")),
            )
        key = f"programs.{program.code}"
        yield Layer(
            f"{key}.coverage",
            "ratio",
            "programs",
            _Named(_("Coverage: %(program)s"), program),
            "percent",
            protected=True,
            additive=False,
            order=order,
            ratio=(f"{key}.enrolled_households", f"{key}.eligible_households", 100),
            formula="enrolled households ÷ eligible households × 100",
        )
        yield Layer(
            f"{key}.gap",
            "ratio",
            "programs",
            _Named(_("Eligible persons not enrolled: %(program)s"), program),
            "persons",
            protected=True,
            order=order,
            ratio=(f"{key}.eligible_persons", f"{key}.enrolled_persons", 0),
            formula="eligible persons − enrolled persons",
        )


class _Named:
    """A label naming the program in the language active when it is read (lazy, like gettext_lazy)."""

    def __init__(self, label: object, program: Program) -> None:
        self.label, self.program = label, program

    def __str__(self) -> str:
        return str(self.label) % {"program": self.program.name}
