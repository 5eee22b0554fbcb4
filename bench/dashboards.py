"""Benchmark the dashboards of a center, a province and a region (`jisr.core.dashboards`).

    tools/with_postgres.sh .venv/bin/python -m bench.dashboards --persons 1000000   # 200,000 cases
    tools/with_postgres.sh .venv/bin/python -m bench.dashboards --persons 100000    # 20,000 cases, quicker
    .venv/bin/python -m bench.dashboards --persons 20000                             # SQLite, a quick look

Prepares the database as bench.people does (`bench.people._prepare`, idempotent: a database it prepared
is reused), then gives the synthetic cases a history once — the cases of bench.people are all opened
"now" and stay in reception: here they are spread over the last two years and walked along the
pathway with the demo's generator (`jisr.demo.cases.stage_history`), and get the follow-ups, outcomes,
referrals to the partner organizations of their province and certified modules that the dashboards
count; the dashboards' kept monthly figures are then computed once (`jisr.cases.dashboard_months.rebuild`,
as the `rebuild_dashboard_months` command). Then times each dashboard page (the whole request: selectors,
suppression, template), for the
default period of twelve months, as a center's social worker, a provincial coordinator, a regional
coordinator, a national officer (on the largest region, province and center) and the national
analyst; p50/p95/max per dashboard. Results are recorded in docs/performance.md ("Dashboards").
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from typing import Any

SEED = 2026
PROGRESS_EVERY = 50_000


def _add_history() -> None:  # noqa: C901 — one linear story, told in order, as the demo's
    """The synthetic cases' pathway, once (a database whose bench cases have a history is left as it is)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jisr.accounts.models import User
    from jisr.cases.models import Case, CaseStatusChange, FollowUp, Outcome
    from jisr.centers.models import Organization
    from jisr.core.dates import add_months
    from jisr.demo.cases import STAGE_WEIGHTS, stage_history
    from jisr.demo.pathways import ensure_demo_modules
    from jisr.referrals.models import Referral
    from jisr.referrals.services import answer_due_on

    bench_cases = Case.objects.filter(reference__startswith="B-")
    if CaseStatusChange.objects.filter(case__in=bench_cases[:1]).exists():
        return
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 — benchmark data, not security
    now = timezone.now()
    today = timezone.localdate()
    opener = User.objects.get(username="national")
    stages, weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    partners: dict[str, list[Any]] = {}
    for organization_id, province_id in Organization.objects.exclude(province_id=None).values_list("pk", "province_id"):
        partners.setdefault(province_id, []).append(organization_id)
    modules = ensure_demo_modules()[:2]
    programs: dict[Any, Any] = {}
    done = 0
    ids = list(bench_cases.order_by("reference").values_list("pk", flat=True))
    for first in range(0, len(ids), 10_000):
        cases = list(Case.objects.filter(pk__in=ids[first : first + 10_000]).order_by("reference"))
        history: list[CaseStatusChange] = []
        followups: list[FollowUp] = []
        outcomes: list[Outcome] = []
        referrals: list[Referral] = []
        enrolled: list[tuple[Case, datetime.datetime]] = []
        for case in cases:
            case.opened_at = now - datetime.timedelta(days=rng.randint(1, 730), hours=rng.randint(0, 8))
            case.status = rng.choices(stages, weights)[0]
            entered: dict[str, datetime.datetime] = {}

            def note(stage: str, moment: datetime.datetime, entered: dict[str, datetime.datetime] = entered) -> None:
                entered.setdefault(stage, moment)

            history.extend(stage_history(rng, case, opener=opener, now=now, on_stage=note))
            if "orientation" in entered and rng.random() < 0.3 and partners.get(case.province_id):
                sent = min(entered["orientation"] + datetime.timedelta(days=rng.randint(0, 20)), now)
                answered = sent + datetime.timedelta(hours=rng.randint(2, 24 * 40))
                status = rng.choices(["accepted", "declined", "completed", "sent"], [40, 10, 30, 20])[0]
                if status != "sent" and answered > now:
                    status = "sent"
                referral = Referral(
                    case=case, person_id=case.person_id, from_center_id=case.center_id, sent_by=opener,
                    to_organization_id=rng.choice(partners[case.province_id]), reason="bench", urgency=case.urgency,
                    shared_fields=["name"], due_on=answer_due_on(sent, case.urgency), status=status,
                    responded_at=answered if status != "sent" else None,
                )  # fmt: skip
                referral.created_at = sent
                referrals.append(referral)
            if "pathway" in entered and rng.random() < 0.35:
                enrolled.append((case, entered["pathway"]))
            if "follow_up" in entered:
                start = timezone.localdate(entered["follow_up"])
                for months in (3, 6, 12):
                    due = add_months(start, months)
                    if due >= today:
                        followups.append(FollowUp(case=case, due_on=due))
                        continue
                    late = rng.random() < 0.3
                    status = rng.choices(["done", "missed", "scheduled"], [80, 12, 8])[0]
                    recorded = timezone.make_aware(datetime.datetime.combine(
                        min(due + datetime.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 5)), today),
                        datetime.time(11)))  # fmt: skip
                    followups.append(FollowUp(case=case, due_on=due, status=status,
                                              recorded_at=recorded if status != "scheduled" else None,
                                              recorded_by=opener if status != "scheduled" else None))  # fmt: skip
                if rng.random() < 0.55:
                    achieved = min(add_months(start, rng.randint(-1, 14)), today)
                    outcomes.append(Outcome(case=case, kind=rng.choice(Outcome.Kind.values), achieved_on=achieved,
                                            recorded_by=opener, recorded_at=now))  # fmt: skip
        with transaction.atomic():
            Case.objects.bulk_update(cases, ["opened_at", "status", "closed_at", "closure_reason"], batch_size=2000)
            CaseStatusChange.objects.bulk_create(history, batch_size=5000)
            FollowUp.objects.bulk_create(followups, batch_size=5000)
            Outcome.objects.bulk_create(outcomes, batch_size=5000)
            sent_at = {id(referral): referral.created_at for referral in referrals}
            Referral.objects.bulk_create(referrals, batch_size=5000)
            for referral in referrals:  # auto_now_add stamped them "now": each gets back its sending moment
                referral.created_at = sent_at[id(referral)]
            Referral.objects.bulk_update(referrals, ["created_at"], batch_size=2000)
            _certify(enrolled, programs, modules, opener, rng)
        done += len(cases)
        if done % PROGRESS_EVERY < 10_000:
            print(f"  history of {done:,} / {len(ids):,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        # as autovacuum leaves a table in production: the visibility map lets the indexes answer alone
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"gave {len(ids):,} cases their history in {time.perf_counter() - started:.0f} s")


def _keep_months() -> None:
    """The dashboards' kept monthly figures, computed once from the history (which was written in bulk, not
    by the services that keep them): as `jisr rebuild_dashboard_months` does."""
    from django.db.models import Sum

    from jisr.cases.dashboard_months import rebuild
    from jisr.cases.models import Case, CaseStatusChange, DashboardMonth

    # kept already: every case counted in its month of opening (the demo keeps its own cases' months only),
    # and the follow-ups' starts counted (cases.0017 adds the kept outcomes at zero)
    kept = DashboardMonth.objects.aggregate(opened=Sum("opened"), started=Sum("followups_started"))
    starts = CaseStatusChange.objects.filter(from_status="pathway", to_status="follow_up")
    if kept["opened"] == Case.objects.count() and (kept["started"] or not starts.exists()):
        return
    started = time.perf_counter()
    rows = rebuild()
    print(f"kept {rows:,} center-months of dashboard figures in {time.perf_counter() - started:.0f} s")


def _certify(enrolled: list[tuple[Any, datetime.datetime]], programs: dict[Any, Any], modules: list[Any], opener: Any,
             rng: random.Random) -> None:  # fmt: skip
    """Enrol cases on their integration pathway in their center's program; most modules are passed and certified
    (the demo's verification codes)."""
    from django.utils import timezone

    from jisr.demo.pathways import _code
    from jisr.training.models import Certificate, Enrollment, ModuleResult, TrainingProgram

    now, today = timezone.now(), timezone.localdate()
    missing = {case.center_id for case, _start in enrolled} - set(programs)
    created = TrainingProgram.objects.bulk_create([
        TrainingProgram(center_id=center_id, title_ar="تكوين", title_fr="Formation", starts_on=today.replace(year=2020),
                        ends_on=today, capacity=500, created_by=opener)
        for center_id in sorted(missing, key=str)
    ])  # fmt: skip
    for program in created:
        program.modules.set(modules)
        programs[program.center_id] = program
    enrollments, results, certificates = [], [], []
    for case, start in enrolled:
        enrollment = Enrollment(program=programs[case.center_id], person_id=case.person_id, case=case,
                                enrolled_at=start, enrolled_by=opener)  # fmt: skip
        enrollments.append(enrollment)
        for module in modules:
            assessed = start + datetime.timedelta(days=rng.randint(20, 150))
            if assessed > now or rng.random() < 0.2:
                continue
            result = ModuleResult(enrollment=enrollment, module=module, score=rng.randint(50, 100), attendance_rate=90,
                                  passed=True, assessed_by=opener, assessed_at=assessed)  # fmt: skip
            results.append(result)
            certificates.append(Certificate(result=result, verification_code=_code(rng), issued_at=assessed,
                                            issued_by=opener))  # fmt: skip
    Enrollment.objects.bulk_create(enrollments, batch_size=5000)
    ModuleResult.objects.bulk_create(results, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=5000)


def _scenarios(count: int) -> list[tuple[str, float, float, float, int]]:
    """Each dashboard's page requested `count` times by its reader: (label, p50, p95, max ms, cases in it)."""
    from django.db.models import Count
    from django.test import Client

    from bench.people import _timed
    from jisr.accounts.models import User
    from jisr.cases.models import Case

    def largest(field: str) -> str:
        row = Case.objects.values(field).annotate(n=Count("id")).order_by("-n").first()
        return str(row[field]) if row else ""

    worker = User.objects.get(username="worker-agadir")
    center = str(worker.memberships.get().center_id)
    pages = [
        ("worker-agadir", "social worker: own center", f"/dashboards/center/{center}/"),
        ("province-agadir", "provincial coordinator: Agadir", "/dashboards/province/09.001/"),
        ("region-rsk", "regional coordinator: Rabat-Salé-Kénitra", "/dashboards/region/04/"),
        ("national", "national: largest center", f"/dashboards/center/{largest('center_id')}/"),
        ("national", "national: largest province", f"/dashboards/province/{largest('province_id')}/"),
        ("national", "national: largest region", f"/dashboards/region/{largest('region_code')}/"),
        ("analyst", "analyst: largest region", f"/dashboards/region/{largest('region_code')}/"),
    ]
    results = []
    for username, label, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))

        def request(_index: int, client: Client = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        # bench.people's timer: one warm-up request (the roles read, the caches filled), then `count`
        results.append((*_timed(label, request, count), _visible_cases(url)))
    return results


def _visible_cases(url: str) -> int:
    from jisr.cases.models import Case

    level, code = url.strip("/").split("/")[1:3]
    field = {"center": "center_id", "province": "province_id", "region": "region_code"}[level]
    return Case.objects.filter(**{field: code}).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000, help="size of the index (default 1,000,000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per dashboard")
    args = parser.parse_args()

    os.environ.setdefault("JISR_DEMO", "1")
    os.environ.setdefault("JISR_VAR_DIR", tempfile.mkdtemp(prefix="jisr-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.people import _prepare
    from jisr.cases.models import Case

    _prepare(args.persons)
    _add_history()
    _keep_months()
    print(f"\nJisr dashboards — {connection.vendor}, {args.persons:,} persons, {Case.objects.count():,} cases, "
          f"{args.requests} requests per dashboard (the default period: 12 months)")  # fmt: skip
    print(f"{'dashboard':<44} {'cases':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, p50, p95, worst, visible in _scenarios(args.requests):
        print(f"{label:<44} {visible:>8,} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    command = " ".join(["python -m bench.dashboards", *sys.argv[1:]])
    print(f"\nreproduce: {'tools/with_postgres.sh ' if connection.vendor == 'postgresql' else ''}.venv/bin/{command}")


if __name__ == "__main__":
    main()
