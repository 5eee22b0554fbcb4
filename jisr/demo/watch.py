"""The social watch of the demo: a few rules, a surge of violence cases against women in Agadir this month,
and one evaluation, so that Agadir's provincial coordinator finds the alert on their home and in the menu.

The surge: women newly registered at the Agadir pilot (`demo-jisr-agadir`) are received this month, each
recorded as a victim of violence in the beneficiary index. Elsewhere, the demo's diagnoses answer the safety
question at random over eighteen months: a province's usual month holds a few such cases, below the rule's
minimum count, so only Agadir fires.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from jisr.accounts.models import User
from jisr.cases.models import Case, CaseStatusChange
from jisr.centers.models import Center
from jisr.demo.people import generate_people
from jisr.people.models import Consent, Person, Vulnerability
from jisr.watch.models import Alert, WatchRule

SURGE_CENTER = "demo-jisr-agadir"
SURGE_CASES = 12
SURGE_PERSONS = 80  # persons in households registered for the surge; the first adult women are received
SURGE_CIN_OFFSET = 9_000_000  # past the identity numbers of the demo beneficiaries
RULES = [
    ("تصاعد حالات العنف ضد النساء · Hausse des violences faites aux femmes", "cases.violence_surge", "province",
     "danger", {"min_count": 8, "increase_percent": 50, "years": 3}),
    ("تصاعد حالات العنف ضد النساء (جهوي) · Hausse des violences faites aux femmes (région)", "cases.violence_surge",
     "region", "danger", {"min_count": 20, "increase_percent": 50, "years": 3}),
    ("طلبات توجيه متأخرة · Orientations en retard", "referrals.overdue", "province", "warning", {"min_count": 10}),
    ("لائحة انتظار طويلة · Longue liste d'attente", "cases.waiting", "center", "warning",
     {"days": 60, "min_count": 10}),
]  # fmt: skip


def _surge(rng: random.Random, now: datetime.datetime, seed: int) -> int:
    center = Center.objects.filter(code=SURGE_CENTER).first()
    if center is None:
        return 0
    started = timezone.now()
    generate_people(centers=[center], count=SURGE_PERSONS, seed=seed, cin_offset=SURGE_CIN_OFFSET)
    adult = timezone.localdate(now) - datetime.timedelta(days=18 * 366)
    women = Person.objects.filter(
        registered_at=center, sex=Person.Sex.FEMALE, birth_date__lte=adult, created_at__gte=started
    )
    chosen = list(women.order_by("cin", "last_name_ar")[:SURGE_CASES])
    opener = User.objects.filter(username="worker-agadir").first() or User.objects.order_by("pk").first()
    month_start = timezone.localtime(now).replace(day=1, hour=8, minute=0, second=0, microsecond=0)
    span = max(int((now - month_start).total_seconds()), 60)
    # The center's own numbering (CENTER-YEAR-NNNNN), continued: the case service draws the next number from it.
    prefix = f"{center.code.upper()}-{month_start.year}-"
    numbered = Case.objects.filter(reference__startswith=prefix).order_by("-reference")
    last = numbered.values_list("reference", flat=True).first()
    first_number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    cases, history, consents, vulnerabilities = [], [], [], []
    for serial, person in enumerate(chosen):
        opened = month_start + datetime.timedelta(seconds=rng.randint(0, span - 1))
        case = Case(
            reference=f"{prefix}{first_number + serial:05d}",
            person=person,
            center=center,
            province_id=center.province_id,
            region_code=center.region_code,
            assigned_to=opener,
            status=Case.Status.RECEPTION,
            reason="امرأة ضحية عنف تطلب الإنصات والحماية",
            channel=Case.Channel.WALK_IN,
            urgency=Case.Urgency.URGENT,
            opened_at=opened,
            opened_by=opener,
        )
        cases.append(case)
        history.append(
            CaseStatusChange(
                case=case,
                to_status=Case.Status.RECEPTION,
                changed_by=opener,
                changed_at=opened,
                center_id=center.pk,
                province_id=center.province_id,
                region_code=center.region_code,
            )
        )
        consents.append(Consent(person=person, purpose=Consent.Purpose.CASE_MANAGEMENT, given_at=opened,
                                recorded_by=opener, recorded_at_center=center))  # fmt: skip
        vulnerabilities.append(Vulnerability(person=person, category=Vulnerability.Category.VIOLENCE_VICTIM,
                                             noted_at=timezone.localdate(opened), noted_by=opener))  # fmt: skip
    Case.objects.bulk_create(cases)
    CaseStatusChange.objects.bulk_create(history)
    Consent.objects.bulk_create(consents)
    Vulnerability.objects.bulk_create(vulnerabilities, ignore_conflicts=True)
    return len(cases)


def load_demo_watch(*, seed: int) -> dict[str, int]:
    """The demo rules, the surge, and one evaluation of the rules (the scheduled task's work)."""
    from jisr.watch.services import evaluate_rules

    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    with transaction.atomic():
        for name, signal, level, severity, params in RULES:
            WatchRule.objects.get_or_create(name=name, defaults={"signal": signal, "level": level,
                                                                 "severity": severity, "params": params})  # fmt: skip
        surge = _surge(rng, timezone.now(), seed)
    counts = evaluate_rules()
    return {"watch_rules": len(RULES), "violence_cases": surge, "alerts": counts["raised"]}


def delete_demo_watch() -> None:
    """The demo's alerts and rules (the alerts point at the demo centers)."""
    names = [name for name, *_rest in RULES]
    Alert.objects.filter(rule__name__in=names).delete()
    WatchRule.objects.filter(name__in=names).delete()
