"""What happened after reception in the demo cases: diagnoses, orientation plans, training with
sessions, attendance, results and certificates, professional projects, incubations, mediations,
follow-ups and outcomes — bulk-inserted, consistent with each case's stage, deterministic per seed.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jisr.accounts.models import Membership
from jisr.cases.models import (
    Assessment,
    Case,
    CaseStatusChange,
    FollowUp,
    OrientationPlan,
    Outcome,
    PlanAction,
    PlanGoal,
    Protocol,
)
from jisr.cases.protocols import score
from jisr.cases.stage_rules import DEFAULT_STAGE_RULES, closure_is_exempt
from jisr.core.dates import add_months
from jisr.training.models import (
    Attendance,
    Certificate,
    Enrollment,
    Incubation,
    Mediation,
    ModuleResult,
    ProfessionalProject,
    Session,
    TrainingModule,
    TrainingProgram,
)
from jisr.training.services import CODE_ALPHABET

# The demo catalogue (codes prefixed "demo-" so that `jisr demo --reset` finds them).
DEMO_MODULES = [
    ("demo-couture", "الخياطة والتفصيل", "Couture et coupe", "Sewing and tailoring", 120, "Entraide nationale"),
    ("demo-cuisine", "الطبخ والحلويات", "Cuisine et pâtisserie", "Cooking and pastry", 90, "OFPPT"),
    (
        "demo-numerique",
        "المهارات الرقمية الأساسية",
        "Compétences numériques de base",
        "Basic digital skills",
        40,
        "Entraide nationale",
    ),
    (
        "demo-aide-domicile",
        "المساعدة المنزلية للمسنين",
        "Aide à domicile des personnes âgées",
        "Home care for older people",
        80,
        "Entraide nationale",
    ),
    ("demo-coiffure", "الحلاقة والتجميل", "Coiffure et esthétique", "Hairdressing and beauty", 100, "OFPPT"),
    ("demo-cooperative", "تسيير التعاونيات", "Gestion de coopérative", "Running a cooperative", 30, "ODCo"),
]
COMPETENCIES = {
    "demo-couture": ["Prendre des mesures", "Couper un patron", "Coudre à la machine"],
    "demo-cuisine": ["Hygiène alimentaire", "Préparations de base", "Coût d'une recette"],
    "demo-numerique": ["Utiliser un smartphone", "Démarches en ligne", "Courriel"],
    "demo-aide-domicile": ["Aide aux gestes quotidiens", "Premiers secours", "Communication"],
    "demo-coiffure": ["Coupe", "Soins", "Accueil de la clientèle"],
    "demo-cooperative": ["Statuts et gouvernance", "Comptabilité simple", "Vente"],
}
DOMAIN_TO_NEED = {
    "income": "income",
    "skills": "training",
    "health": "health",
    "housing": "housing",
    "family": "family",
    "documents": "documents",
    "safety": "safety",
}
GOALS = {
    "income": (
        "Accéder à un revenu stable",
        [("training", "Formation certifiante"), ("professional_project", "Ateliers de projet professionnel")],
    ),
    "training": ("Acquérir une qualification", [("training", "Module certifié")]),
    "health": (
        "Accéder aux soins et à la couverture médicale",
        [("referral", "Orientation vers le centre de santé"), ("mediation", "Médiation sanitaire")],
    ),
    "housing": ("Stabiliser le logement", [("referral", "Orientation vers l'association partenaire")]),
    "family": ("Renouer les liens familiaux", [("internal", "Entretiens familiaux au centre")]),
    "documents": ("Obtenir les documents d'état civil", [("internal", "Accompagnement au bureau d'état civil")]),
    "safety": (
        "Être en sécurité",
        [("referral", "Orientation vers la cellule de prise en charge"), ("internal", "Suivi psychologique")],
    ),
}
ON_PATHWAY = (Case.Status.PATHWAY, Case.Status.FOLLOW_UP)


def ensure_demo_modules() -> list[TrainingModule]:
    modules = []
    for code, title_ar, title_fr, title_en, hours, body in DEMO_MODULES:
        module, _created = TrainingModule.objects.get_or_create(
            code=code,
            defaults={
                "title_ar": title_ar,
                "title_fr": title_fr,
                "title_en": title_en,
                "hours": hours,
                "competencies": COMPETENCIES[code],
                "assessment_method": "Épreuve pratique et entretien",
                "certifying_body": body,
            },
        )
        modules.append(module)
    return modules


def _cohort_titles(module: TrainingModule, year: int) -> dict[str, str]:
    """A program's title in each language: its first module and its year's cohort."""
    return {
        "title_ar": f"{module.title_ar} — فوج {year}",
        "title_fr": f"{module.title_fr} — promotion {year}",
        "title_en": f"{module.title_en} — {year} cohort",
    }


def _staff(role: str) -> dict[Any, Any]:
    people: dict[Any, Any] = {}
    for membership in Membership.objects.active().filter(role__slug=role).select_related("user").order_by("pk"):
        people.setdefault(membership.center_id, membership.user)
    return people


def _answers(rng: random.Random, definition: dict[str, Any]) -> dict[str, str]:
    return {q["code"]: rng.choice(q["choices"])["code"] for d in definition["domains"] for q in d["questions"]}


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def load_demo_pathways(*, seed: int) -> dict[str, int]:  # noqa: C901 — one linear story, told in order
    """Diagnoses and plans for the cases past listening; training and the other pathways for those on it."""
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).order_by("-version").first()
    if protocol is None:
        return {}
    managers, workers = _staff("center_manager"), _staff("social_worker")
    today = timezone.localdate()
    # A closed case gets the records of the stage it was closed from, like an open case at that stage
    # (the stage rules of the protocol: jisr/cases/stage_rules.py).
    reached = _stage_reached()
    cases = list(
        Case.objects.filter(center__code__startswith="demo-", pk__in=list(reached))
        .exclude(assessments__isnull=False)
        .select_related("center", "opened_by")
        .order_by("reference")
    )
    entered = _entered_at([case.pk for case in cases])
    assessments, plans, goals, actions = [], [], [], []
    for case in cases:
        stage = reached[case.pk]
        author = case.assigned_to or case.opened_by
        # Each record is dated just before the stage it allows was entered.
        when = entered.get((case.pk, "diagnosis"), case.opened_at) - datetime.timedelta(hours=1)
        answers = _answers(rng, protocol.definition)
        assessment = Assessment(
            case=case,
            protocol=protocol,
            assessed_by=author,
            assessed_at=when,
            answers=answers,
            **score(protocol.definition, answers),
        )
        assessments.append(assessment)
        if stage == Case.Status.DIAGNOSIS:
            continue
        approved = stage in ON_PATHWAY
        status = (
            OrientationPlan.Status.APPROVED
            if approved
            else rng.choice([OrientationPlan.Status.DRAFT, OrientationPlan.Status.SUBMITTED])
        )
        plan_day = entered.get((case.pk, "orientation"), when) - datetime.timedelta(minutes=30)
        plan = OrientationPlan(
            case=case,
            assessment=assessment,
            status=status,
            created_by=author,
            created_at=plan_day,
            submitted_by=author if status != OrientationPlan.Status.DRAFT else None,
            submitted_at=plan_day if status != OrientationPlan.Status.DRAFT else None,
            decided_by=managers.get(case.center_id) if approved else None,
            decided_at=_before(entered.get((case.pk, "pathway"), plan_day)) if approved else None,
        )
        plans.append(plan)
        needs = [d for d, level in assessment.needs_profile.items() if level != "low"] or ["income"]
        for domain in needs[:2]:
            need = DOMAIN_TO_NEED.get(domain, "income")
            title, steps = GOALS[need]
            goal = PlanGoal(plan=plan, domain=need, title=title)
            goals.append(goal)
            for kind, description in steps:
                due = today + datetime.timedelta(days=rng.randint(-20, 60))
                done = approved and due < today and rng.random() < 0.7
                actions.append(
                    PlanAction(
                        goal=goal,
                        kind=kind,
                        description=description,
                        due_on=due,
                        responsible=author,
                        status="done" if done else "planned",
                        closed_at=timezone.now() if done else None,
                    )
                )
    with transaction.atomic():
        Assessment.objects.bulk_create(assessments, batch_size=2000)
        OrientationPlan.objects.bulk_create(plans, batch_size=2000)
        PlanGoal.objects.bulk_create(goals, batch_size=2000)
        PlanAction.objects.bulk_create(actions, batch_size=2000)
        training = _load_training(rng, [c for c in cases if c.status in ON_PATHWAY], managers, workers, today)
        followups = _load_followups_and_outcomes(rng, today)
    return {"assessments": len(assessments), "plans": len(plans), **training, **followups}


def _before(moment: datetime.datetime) -> datetime.datetime:
    return moment - datetime.timedelta(minutes=5)


def _stage_reached() -> dict[Any, str]:
    """Per demo case past listening, its stage — or, for a closed case, the stage it was closed from."""
    past_listening = [Case.Status.DIAGNOSIS, Case.Status.ORIENTATION, Case.Status.PATHWAY, Case.Status.FOLLOW_UP]
    demo = Case.objects.filter(center__code__startswith="demo-")
    reached = dict(demo.filter(status__in=past_listening).values_list("pk", "status"))
    closings = CaseStatusChange.objects.filter(case__in=demo.filter(status=Case.Status.CLOSED), to_status="closed",
                                               from_status__in=past_listening)  # fmt: skip
    reached.update(closings.values_list("case_id", "from_status"))
    return reached


def _entered_at(case_ids: list[Any]) -> dict[tuple[Any, str], datetime.datetime]:
    """When each of these cases entered each stage, from their status history."""
    changes = CaseStatusChange.objects.filter(case__in=case_ids).values_list("case_id", "to_status", "changed_at")
    return {(case_id, stage): at for case_id, stage, at in changes}


def _load_training(
    rng: random.Random, cases: list[Case], managers: dict[Any, Any], workers: dict[Any, Any], today: datetime.date
) -> dict[str, int]:
    modules = ensure_demo_modules()
    by_center: dict[Any, list[Case]] = {}
    for case in cases:
        by_center.setdefault(case.center_id, []).append(case)
    counts = {"programs": 0, "enrollments": 0, "certificates": 0, "projects": 0, "incubations": 0, "mediations": 0}
    for center_id, center_cases in sorted(by_center.items(), key=lambda item: str(item[0])):
        staff = workers.get(center_id) or managers.get(center_id) or center_cases[0].opened_by
        certifier = managers.get(center_id) or staff
        past_modules, current_modules = rng.sample(modules, 2), rng.sample(modules, 2)
        past = TrainingProgram.objects.create(
            center_id=center_id,
            **_cohort_titles(past_modules[0], today.year - 1),
            starts_on=add_months(today, -5),
            ends_on=add_months(today, -1),
            capacity=25,
            created_by=certifier,
        )
        current = TrainingProgram.objects.create(
            center_id=center_id,
            **_cohort_titles(current_modules[0], today.year),
            starts_on=today - datetime.timedelta(days=21),
            ends_on=add_months(today, 2),
            capacity=25,
            created_by=certifier,
        )
        past.modules.set(past_modules)
        current.modules.set(current_modules)
        counts["programs"] += 2
        sessions = {
            program.pk: [
                Session(
                    program=program,
                    module=module,
                    held_on=program.starts_on + datetime.timedelta(days=7 * week + index),
                    hours=Decimal(4),
                    trainer="Formatrice du centre",
                )
                for index, module in enumerate(program.modules.all())
                for week in range(4)
                if program.starts_on + datetime.timedelta(days=7 * week + index) <= today
            ]
            for program in (past, current)
        }
        Session.objects.bulk_create([s for group in sessions.values() for s in group])
        enrollments: list[Enrollment] = []
        attendance: list[Attendance] = []
        results: list[ModuleResult] = []
        certificates: list[Certificate] = []
        outcomes: list[Outcome] = []
        for case in center_cases:
            roll = rng.random()
            if roll < 0.55:
                program = past if roll < 0.3 else current
                if len([e for e in enrollments if e.program_id == program.pk]) >= program.capacity:
                    continue
                enrollment = Enrollment(
                    program=program,
                    person_id=case.person_id,
                    case=case,
                    enrolled_by=staff,
                    enrolled_at=timezone.make_aware(datetime.datetime.combine(program.starts_on, datetime.time(9))),
                    status="completed" if program is past else "enrolled",
                )
                enrollments.append(enrollment)
                assiduity = rng.choice([0.6, 0.85, 1.0, 1.0])
                for session in sessions[program.pk]:
                    attendance.append(
                        Attendance(
                            session=session, enrollment=enrollment, recorded_by=staff, present=rng.random() < assiduity
                        )
                    )
                if program is past:
                    for module in past_modules:
                        marks = rng.randint(35, 95)
                        passed = marks >= 50 and assiduity >= 0.8
                        result = ModuleResult(
                            enrollment=enrollment,
                            module=module,
                            score=marks,
                            passed=passed,
                            attendance_rate=round(assiduity * 100),
                            assessed_by=staff,
                            assessed_at=timezone.make_aware(datetime.datetime.combine(past.ends_on, datetime.time(11))),
                        )
                        results.append(result)
                        if passed:
                            certificates.append(
                                Certificate(
                                    result=result,
                                    verification_code=_code(rng),
                                    issued_at=result.assessed_at,
                                    issued_by=certifier,
                                )
                            )
                    if all(r.passed for r in results[-len(past_modules) :]):
                        outcomes.append(
                            Outcome(
                                case=case,
                                kind=Outcome.Kind.TRAINING_CERTIFIED,
                                achieved_on=past.ends_on,
                                evidence=past.title_fr[:300],
                                recorded_by=certifier,
                                recorded_at=timezone.now(),
                            )
                        )
            elif roll < 0.7:
                ProfessionalProject.objects.create(
                    case=case,
                    title="Atelier de couture de quartier",
                    sector="Textile",
                    text="Louer un local, acheter deux machines, vendre aux voisines.",
                    status=rng.choice(["draft", "validated"]),
                    written_by=staff,
                )
                counts["projects"] += 1
            elif roll < 0.82:
                funded = rng.random() < 0.5
                Incubation.objects.create(
                    case=case,
                    activity="Vente de pain et msemen",
                    stage="funded" if funded else "business_plan",
                    business_plan="Four, farine, point de vente au souk hebdomadaire.",
                    support="Accompagnement mensuel",
                    funder="INDH" if funded else "",
                    funding_amount=Decimal(rng.choice([8000, 12000, 15000])) if funded else None,
                    recorded_by=staff,
                )
                counts["incubations"] += 1
            else:
                Mediation.objects.create(
                    case=case,
                    kind=rng.choice(["health", "social"]),
                    purpose="Accès aux soins et à l'AMO",
                    started_on=today - datetime.timedelta(days=rng.randint(1, 90)),
                    recorded_by=staff,
                    status=rng.choice(["open", "done"]),
                )
                counts["mediations"] += 1
        Enrollment.objects.bulk_create(enrollments)
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        ModuleResult.objects.bulk_create(results)
        Certificate.objects.bulk_create(certificates)
        Outcome.objects.bulk_create(outcomes)
        counts["enrollments"] += len(enrollments)
        counts["certificates"] += len(certificates)
    return counts


def _load_followups_and_outcomes(rng: random.Random, today: datetime.date) -> dict[str, int]:
    """Follow-ups at 3, 6 and 12 months for the cases in follow-up; outcomes for those closed with success."""
    followups, outcomes = [], []
    closed_from_follow_up = CaseStatusChange.objects.filter(to_status="closed", from_status=Case.Status.FOLLOW_UP)
    in_follow_up = Case.objects.filter(center__code__startswith="demo-", followups=None).filter(
        Q(status=Case.Status.FOLLOW_UP) | Q(pk__in=closed_from_follow_up.values("case_id"))
    )
    for case in in_follow_up.order_by("reference"):
        start = today - datetime.timedelta(days=rng.randint(0, 200))
        for months in (3, 6, 12):
            due = add_months(start, months)
            done = due < today and rng.random() < 0.8
            followups.append(
                FollowUp(
                    case=case,
                    due_on=due,
                    status="done" if done else "scheduled",
                    recorded_by=case.assigned_to if done else None,
                    recorded_at=timezone.now() if done else None,
                )
            )
    closed = Case.objects.filter(center__code__startswith="demo-", status=Case.Status.CLOSED, outcomes=None)
    closed_from = dict(
        CaseStatusChange.objects.filter(case__in=closed, to_status="closed").values_list("case_id", "from_status")
    )
    rules = DEFAULT_STAGE_RULES
    succeeded = [
        case for case in closed.order_by("reference")
        if case.closure_reason == "goals_achieved"
        or not closure_is_exempt(rules, closed_from.get(case.pk, ""), case.closure_reason)
    ]  # fmt: skip
    kinds = [
        Outcome.Kind.EMPLOYED,
        Outcome.Kind.SELF_EMPLOYED,
        Outcome.Kind.DISABILITY_CARD,
        Outcome.Kind.HOUSED,
        Outcome.Kind.DOCUMENTS_OBTAINED,
        Outcome.Kind.BACK_IN_SCHOOL,
    ]
    for case in succeeded:
        outcomes.append(
            Outcome(
                case=case,
                kind=rng.choice(kinds),
                achieved_on=timezone.localdate(case.closed_at),
                recorded_by=case.opened_by,
                recorded_at=case.closed_at or timezone.now(),
            )
        )
    FollowUp.objects.bulk_create(followups, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    return {"followups": len(followups), "outcomes": len(outcomes)}
