"""A small, known history for the dashboards' tests: every date is written out, so that each expected figure
is counted by hand in the test (not by the code under test).

The period tested is March to May 2025 (MARCH, APRIL, MAY). Center A is in Agadir (province 09.001, region
09); center B in Oujda (02.411), center Rabat in region 04. Times are in Morocco's time zone.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from jisr.cases import dashboard_months
from jisr.cases.models import Case, CaseStatusChange, FollowUp, Outcome
from jisr.centers.models import Center
from jisr.core.dashboards import Period
from jisr.people.models import Person
from jisr.referrals.models import Referral
from jisr.training.models import Certificate, Enrollment, ModuleResult, TrainingModule, TrainingProgram
from tests.people.helpers import register

MARCH, APRIL, MAY = datetime.date(2025, 3, 1), datetime.date(2025, 4, 1), datetime.date(2025, 5, 1)
TODAY = datetime.date(2026, 12, 3)
PERIOD = Period(MARCH, MAY, TODAY)
_serial = itertools.count(1)


def at(text: str) -> datetime.datetime:
    """A local moment written "2025-03-05 10:00"."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def a_person(personas: Any, center: str = "center_a") -> Person:
    worker = "worker_b" if center == "center_b" else "worker_a"
    return register(personas, by=worker, center=center, first_name_ar="سعيد", last_name_ar=f"أمزيان{next(_serial)}")


def make_case(personas: Any, center: Center, person: Person, history: list[tuple[str, str]],
              closed: str | None = None) -> Case:  # fmt: skip
    """A case whose history is `history` ([(stage, moment), …], reception first), written as the services
    write it: one status change per move, each with the moment the case entered the stage it leaves, and
    the center's kept dashboard figures recomputed."""
    opened = at(history[0][1])
    case = Case.objects.create(
        reference=f"D-{next(_serial)}", person=person, center=center, province_id=center.province_id,
        region_code=center.region_code, reason="test", channel=Case.Channel.WALK_IN, opened_at=opened,
        opened_by=personas.worker_a, status=history[-1][0], closed_at=at(closed) if closed else None,
    )  # fmt: skip
    previous, since = "", None
    for stage, moment in history:
        CaseStatusChange.objects.create(case=case, from_status=previous, to_status=stage, changed_by=personas.worker_a,
                                        changed_at=at(moment), from_status_since=since,
                                        center=center, province_id=center.province_id,
                                        region_code=center.region_code)  # fmt: skip
        previous, since = stage, at(moment)
    dashboard_months.refresh([center.pk])  # as the services do after each change
    return case


def build_cases(personas: Any) -> dict[str, Case]:
    """Five cases at center A (four opened in the period), one at center B.

    opened: March 3 (c1, c2, c3), April 1 (c4); closed: April 1 (c1), May 1 (c5).
    Stays that ended in the period — reception: 2, 4, 1, 46 days; listening: 10, 6, 69; diagnosis: 14, 34;
    orientation: 10; pathway: 11; follow-up: none.
    """
    a, b = personas.center_a, personas.center_b
    person = a_person(personas)
    cases = {
        "c1": make_case(personas, a, person, [("reception", "2025-03-05 10:00"), ("listening", "2025-03-07 10:00"),
                        ("diagnosis", "2025-03-17 10:00"), ("closed", "2025-04-20 10:00")], closed="2025-04-20 10:00"),
        "c2": make_case(personas, a, person, [("reception", "2025-03-10 09:00"), ("listening", "2025-03-14 09:00")]),
        "c3": make_case(personas, a, person, [("reception", "2025-03-20 11:00"), ("listening", "2025-03-21 11:00"),
                        ("diagnosis", "2025-03-27 11:00"), ("orientation", "2025-04-10 11:00"),
                        ("pathway", "2025-04-20 11:00"), ("follow_up", "2025-05-01 11:00")]),
        "c4": make_case(personas, a, person, [("reception", "2025-04-02 08:00")]),
        "c5": make_case(personas, a, person, [("reception", "2025-01-15 10:00"), ("listening", "2025-03-02 10:00"),
                        ("closed", "2025-05-10 10:00")], closed="2025-05-10 10:00"),
        "c6": make_case(personas, b, a_person(personas, "center_b"), [("reception", "2025-03-03 10:00"),
                        ("listening", "2025-03-04 10:00")]),
    }  # fmt: skip
    return cases


def build_followups(personas: Any, case: Case) -> None:
    """Due in March: one done on time, one done late; April: one missed, one never recorded; May: one done
    at 00:30 the day after its due date in Morocco (23:30 of the due date in UTC): late. June: outside."""
    rows = [
        ("2025-03-15", "done", "2025-03-14 16:00"),
        ("2025-03-20", "done", "2025-03-25 16:00"),
        ("2025-04-10", "missed", "2025-04-12 16:00"),
        ("2025-04-30", "scheduled", None),
        ("2025-05-31", "done", "2025-06-01 00:30"),
        ("2025-06-05", "done", "2025-06-05 10:00"),
    ]
    for due, status, recorded in rows:
        FollowUp.objects.create(case=case, due_on=day(due), status=status,
                                recorded_at=at(recorded) if recorded else None,
                                recorded_by=personas.worker_a if recorded else None)  # fmt: skip
    dashboard_months.refresh([case.center_id])


def build_outcomes(personas: Any) -> None:
    """Follow-ups started (pathway → follow-up) at center A, and outcomes:

    3 months (starts 1 Dec 2024 – 28 Feb 2025): c7 (15 Dec 2024; employed on 15 Mar 2025, exactly 3 months:
    counted), c8 (31 Jan 2025; housed on 1 May 2025, after 30 Apr: not counted);
    6 months (starts 1 Sep – 30 Nov 2024): c9 (10 Oct 2024; employed 1 Dec 2024: counted; housed 1 Jun 2025: not);
    12 months (starts 1 Mar – 31 May 2024): c10 (1 Apr 2024; no outcome).
    """
    a = personas.center_a
    person = a_person(personas)
    starts = {"c7": "2024-12-15 10:00", "c8": "2025-01-31 10:00", "c9": "2024-10-10 10:00", "c10": "2024-04-01 10:00"}
    cases = {}
    for name, start in starts.items():
        opened = (at(start) - datetime.timedelta(days=60)).strftime("%Y-%m-%d %H:%M")
        cases[name] = make_case(personas, a, person, [("reception", opened), ("pathway", opened),
                                                      ("follow_up", start)])  # fmt: skip
    outcomes = [("c7", "employed", "2025-03-15"), ("c8", "housed", "2025-05-01"), ("c9", "employed", "2024-12-01"),
                ("c9", "housed", "2025-06-01")]  # fmt: skip
    for name, kind, achieved in outcomes:
        Outcome.objects.create(case=cases[name], kind=kind, achieved_on=day(achieved), recorded_by=personas.worker_a,
                               recorded_at=at(achieved + " 12:00"))  # fmt: skip
    dashboard_months.refresh([a.pk])  # as the outcome service does


def send(personas: Any, case: Case, *, sent: str, due: str, to_center: Center | None = None, status: str = "sent",
         responded: str | None = None) -> Referral:  # fmt: skip
    referral = Referral.objects.create(
        case=case, person=case.person, from_center=case.center, sent_by=personas.worker_a, reason="test",
        to_organization=None if to_center else personas.health_partner, to_center=to_center, due_on=day(due),
        status=status, responded_at=at(responded) if responded else None,
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(created_at=at(sent))
    return referral


def build_referrals(personas: Any, cases: dict[str, Case]) -> None:
    """From center A: to the health partner, r1 answered in 2 days (within the delay), r2 in 20 days (late),
    r3 unanswered after its delay, r4 withdrawn; to center B (Entraide nationale), r5 answered in 4.5 days.
    From center B: r6 (another territory)."""
    c3 = cases["c3"]
    send(personas, c3, sent="2025-03-01 10:00", due="2025-03-16", status="accepted", responded="2025-03-03 10:00")
    send(personas, c3, sent="2025-03-05 10:00", due="2025-03-20", status="declined", responded="2025-03-25 10:00")
    send(personas, cases["c4"], sent="2025-04-01 10:00", due="2025-04-16", status="sent")
    send(personas, cases["c2"], sent="2025-04-02 10:00", due="2025-04-17", status="cancelled")
    send(personas, cases["c1"], sent="2025-05-01 10:00", due="2025-05-16", to_center=personas.center_b,
         status="accepted", responded="2025-05-05 22:00")  # fmt: skip
    send(personas, cases["c6"], sent="2025-03-10 10:00", due="2025-03-25", status="accepted",
         responded="2025-03-11 10:00")  # fmt: skip


def build_certificates(personas: Any) -> None:
    """At center A: March, two modules certified for one person; April, one for another person and one revoked.
    At center B: one in March (another territory)."""
    modules = [TrainingModule.objects.create(code=f"m{index}", title_ar="وحدة", title_fr="Module", title_en="Module",
                                             hours=10, assessment_method="test", certifying_body="EN")
               for index in range(2)]  # fmt: skip

    def certify(center: Center, person: Person, module: TrainingModule, issued: str, revoked: bool = False) -> None:
        program, _created = TrainingProgram.objects.get_or_create(
            center=center, title_fr="Couture", defaults={"title_ar": "خياطة", "starts_on": day("2025-01-01"),
                                                         "ends_on": day("2025-06-30"), "capacity": 20,
                                                         "created_by": personas.manager_a})  # fmt: skip
        enrollment, _created = Enrollment.objects.get_or_create(
            program=program, person=person, defaults={"enrolled_at": at("2025-01-02 09:00"),
                                                      "enrolled_by": personas.manager_a})  # fmt: skip
        result = ModuleResult.objects.create(
            enrollment=enrollment, module=module, score=80, attendance_rate=100, passed=True,
            assessed_by=personas.manager_a, assessed_at=at(issued),
        )  # fmt: skip
        Certificate.objects.create(
            result=result, verification_code=f"V{next(_serial)}", issued_at=at(issued), issued_by=personas.manager_a,
            revoked_at=at(issued) if revoked else None,
        )  # fmt: skip

    first, second, third = a_person(personas), a_person(personas), a_person(personas)
    certify(personas.center_a, first, modules[0], "2025-03-10 10:00")
    certify(personas.center_a, first, modules[1], "2025-03-20 10:00")
    certify(personas.center_a, second, modules[0], "2025-04-05 10:00")
    certify(personas.center_a, third, modules[0], "2025-04-06 10:00", revoked=True)
    certify(personas.center_b, a_person(personas, "center_b"), modules[0], "2025-03-12 10:00")


def build_all(personas: Any) -> dict[str, Case]:
    cases = build_cases(personas)
    build_followups(personas, cases["c3"])
    build_outcomes(personas)
    build_referrals(personas, cases)
    build_certificates(personas)
    return cases
