"""The demo's partnership conventions and their money, from the seeds' figures (docs/partnerships.md, "Demo").

- The regional envelopes for social programs, through Entraide Nationale or the Social Development Agency:
  50 M MAD for Rabat-Salé-Kénitra, and an envelope for each other region.
- The tripartite convention of Rabat-Salé-Kénitra (ministry – wilaya – regional council): the ministry's
  10 M MAD of which 6 M are earmarked for women, the region's 6 M, the wilaya's 25 M (the seeds say 20–30 M),
  with Entraide Nationale implementing; disbursements, expenditures, a reversal and an entry awaiting its
  second validation (four eyes).
- The national rehabilitation convention (200 M MAD): a project for each center of the program found when the
  demo loads (rehabilitation status other than "none"), anchored to its province, with spending that follows
  the center's stage.

Written as the services would have left it (the demo writes no audit entries: the demo accounts it names
are deleted by `jisr demo --reset`, which the audit log's protected actors would forbid), recorded by the
program officer and, above the four-eyes amount, validated by the national officer. The services' own checks
(shares summing to 100, earmarks within their commitment and spending within its earmark) hold by construction
and are asserted by tests/partnerships/test_demo.py. Idempotent: nothing is written when the conventions exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jisr.accounts.models import User
from jisr.centers.models import Center, Organization
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN, ENTRAIDE_KEY
from jisr.partnerships import services
from jisr.partnerships.models import Budget, Convention, Coverage, Earmark, Party, Project, Total, Transaction, to_cents
from jisr.strategy.models import Pillar
from jisr.territories.models import Region

RSK = "04"
PREFIX = "DEMO-"
# Each region's envelope in M MAD (Rabat-Salé-Kénitra's is the seeds' 50 M).
ENVELOPES = {"01": 35, "02": 30, "03": 40, "04": 50, "05": 35, "06": 45, "07": 40, "08": 25, "09": 40, "10": 20,
             "11": 15, "12": 15}  # fmt: skip
# The share of a rehabilitation project's commitment spent at each stage of its center.
SPENT_AT_STAGE = {"planned": Decimal("0"), "studies": Decimal("0.05"), "works": Decimal("0.45"),
                  "operational": Decimal("0.95")}  # fmt: skip
M = Decimal(1_000_000)


def _org(key: str) -> Organization:
    return Organization.objects.get(email=f"{key}@{DEMO_EMAIL_DOMAIN}")


def _party(convention: Convention, organization: Organization) -> Party:
    return convention.parties.get(organization=organization)


class _Writer:
    """Writes conventions and entries directly, as the services would (no audit entry: see the docstring)."""

    def __init__(self, recorder: User, validator: User) -> None:
        self.recorder, self.validator = recorder, validator
        self.now = timezone.now()

    def convention(self, *, number: str, kind: str, titles: tuple[str, str, str], signed_on: datetime.date,
                   territories: list[tuple[str, str, int]], parties: list[tuple[Organization, list[str]]],
                   pillars: list[Pillar], description: str = "") -> Convention:  # fmt: skip
        convention = Convention.objects.create(
            number=number, kind=kind, title_ar=titles[0], title_fr=titles[1], title_en=titles[2],
            status=Convention.Status.IN_FORCE, signed_on=signed_on, starts_on=signed_on,
            ends_on=datetime.date(2026, 12, 31), description=description, created_by=self.recorder)  # fmt: skip
        self.coverage(convention, None, territories)
        for organization, roles in parties:
            Party.objects.create(convention=convention, organization=organization,
                                 **{role: role in roles for role in services.ROLES})  # fmt: skip
        convention.pillars.set(pillars)
        return convention

    def coverage(self, convention: Convention, project: Project | None, rows: list[tuple[str, str, int]]) -> None:
        if sum(percent for _level, _code, percent in rows) != 100:
            raise ValueError("shares must sum to 100")
        for level, code, percent in rows:
            Coverage.objects.create(
                convention=convention,
                project=project,
                level=level,
                region_code=code[:2] if level != "nation" else None,
                province_code=code if level == "province" else None,
                share=percent * 100,
            )
        if project is not None:
            project.own_coverage = True
            project.save(update_fields=["own_coverage"])

    def entry(self, convention: Convention, kind: int, party: Party, amount: Decimal, day: datetime.date,
              leave_pending: bool = False, **extra: Any) -> Transaction:  # fmt: skip
        cents = to_cents(amount)
        second = kind in (3, 4) and abs(cents) > services.four_eyes_cents()
        pending = second and leave_pending
        return Transaction.objects.create(
            convention=convention, kind=kind, party=party, amount_cents=cents, value_date=day, year=day.year,
            status=Transaction.Status.PENDING if pending else Transaction.Status.VALIDATED,
            recorded_by=self.recorder, recorded_at=self.now,
            validated_by=self.validator if second and not pending else None,
            validated_at=self.now if second and not pending else None, **extra)  # fmt: skip

    def budgets(self, convention: Convention, amounts: dict[int, Decimal]) -> None:
        Budget.objects.bulk_create([Budget(convention=convention, year=year, amount_cents=to_cents(amount))
                                    for year, amount in amounts.items()])  # fmt: skip


def load_demo_partnerships() -> dict[str, int]:
    """Create the demo conventions and their money when they are missing; what was created."""
    if Convention.objects.filter(number__startswith=PREFIX).exists():
        return {}
    write = _Writer(User.objects.get(username="program-officer"), User.objects.get(username="national"))
    ministry, entraide, ads = _org("msisf"), _org(ENTRAIDE_KEY), _org("ads")
    pillars = list(Pillar.objects.all())
    day = datetime.date
    counts = {"conventions": 0, "entries": 0, "projects": 0}

    # The regional envelopes.
    for index, region in enumerate(Region.objects.order_by("code")):
        agency = entraide if index % 2 == 0 or region.code == RSK else ads
        envelope = write.convention(
            number=f"{PREFIX}ENV-{region.code}", kind=Convention.Kind.FRAMEWORK, signed_on=day(2022, 3, 1),
            titles=(f"الغلاف الجهوي للبرامج الاجتماعية — {region.name_ar}",
                    f"Enveloppe régionale des programmes sociaux — {region.name_fr}",
                    f"Regional envelope for social programs — {region.name_fr}"),
            territories=[("region", region.code, 100)],
            parties=[(ministry, ["funding", "accountable"]), (agency, ["implementing"])], pillars=pillars[:1],
        )  # fmt: skip
        amount = ENVELOPES.get(region.code, 20) * M
        write.entry(envelope, 2, _party(envelope, ministry), amount, day(2022, 3, 15))
        write.budgets(envelope, dict.fromkeys(range(2022, 2027), amount / 5))
        paid = amount * Decimal("0.4")
        write.entry(envelope, 3, _party(envelope, ministry), paid, day(2023, 2, 1), receiver=_party(envelope, agency),
                    reference=f"OV-{region.code}-2023")  # fmt: skip
        write.entry(envelope, 4, _party(envelope, agency), paid * Decimal("0.6"), day(2024, 6, 30),
                    category="operation")  # fmt: skip
        counts["conventions"] += 1
        counts["entries"] += 3

    # The tripartite convention of Rabat-Salé-Kénitra.
    wilaya, council = _org(f"wilaya-{RSK}"), _org(f"conseil-regional-{RSK}")
    tripartite = write.convention(
        number=f"{PREFIX}TRI-RSK-2022", kind=Convention.Kind.TRIPARTITE, signed_on=day(2022, 1, 14),
        titles=("اتفاقية الشراكة الثلاثية بين الوزارة وولاية جهة الرباط سلا القنيطرة ومجلس الجهة",
                "Convention tripartite Ministère – Wilaya – Conseil régional de Rabat-Salé-Kénitra",
                "Tripartite convention Ministry – Wilaya – Regional council of Rabat-Salé-Kénitra"),
        description="Programmes sociaux de la région, dont une ligne pour l'autonomisation des femmes.",
        territories=[("region", RSK, 100)],
        parties=[(ministry, ["funding", "accountable"]), (wilaya, ["funding"]), (council, ["funding", "extending"]),
                 (entraide, ["implementing"])], pillars=pillars,
    )  # fmt: skip
    p_ministry, p_wilaya, p_council, p_en = (_party(tripartite, org) for org in (ministry, wilaya, council, entraide))
    from_ministry = write.entry(tripartite, 2, p_ministry, 10 * M, day(2022, 2, 1),
                                description="Proposition de 10 M MAD dont 6 M pour les femmes")  # fmt: skip
    women = Earmark.objects.create(commitment=from_ministry, target=Earmark.Target.WOMEN, amount_cents=to_cents(6 * M),
                                   label="Autonomisation économique des femmes", created_by=write.recorder)  # fmt: skip
    write.entry(tripartite, 2, p_council, 6 * M, day(2022, 2, 1))
    write.entry(tripartite, 2, p_wilaya, 25 * M, day(2022, 2, 1),
                description="Contribution de la wilaya (20 à 30 M MAD annoncés)")  # fmt: skip
    write.budgets(tripartite, {2022: 8 * M, 2023: 10 * M, 2024: 10 * M, 2025: 8 * M, 2026: 5 * M})
    write.entry(tripartite, 3, p_ministry, 4 * M, day(2022, 6, 1), receiver=p_en, reference="OV-22-114")
    twice = write.entry(tripartite, 3, p_ministry, Decimal(250000), day(2022, 6, 2), receiver=p_en,
                        reference="OV-22-114")  # fmt: skip
    write.entry(tripartite, 3, p_ministry, Decimal(-250000), day(2022, 6, 20), receiver=p_en, reference="OV-22-114",
                reverses=twice, reason="Saisi deux fois (OV-22-114)")  # fmt: skip
    write.entry(tripartite, 3, p_wilaya, 10 * M, day(2023, 3, 1), receiver=p_en, reference="OV-23-020")
    write.entry(tripartite, 3, p_council, 3 * M, day(2023, 9, 1), receiver=p_en, reference="OV-23-077")
    write.entry(tripartite, 4, p_en, Decimal("1850000.00"), day(2023, 5, 15), category="training", earmark=women,
                description="Formations certifiantes pour les femmes")  # fmt: skip
    write.entry(tripartite, 4, p_en, Decimal("1240500.00"), day(2024, 2, 10), category="equipment", earmark=women,
                description="Équipement des ateliers des femmes")  # fmt: skip
    write.entry(tripartite, 4, p_en, Decimal("3200000.00"), day(2023, 11, 1), category="works")
    write.entry(tripartite, 4, p_en, Decimal("480000.00"), day(2024, 4, 1), category="staff")
    write.entry(tripartite, 3, p_wilaya, 5 * M, day(2025, 2, 1), receiver=p_en, reference="OV-25-009",
                leave_pending=True)  # fmt: skip
    counts["conventions"] += 1
    counts["entries"] += 12

    # The national rehabilitation convention (200 M MAD) and a project for each center of the program.
    rehabilitation = write.convention(
        number=f"{PREFIX}REHAB-2022", kind=Convention.Kind.PROGRAM, signed_on=day(2022, 4, 1),
        titles=("البرنامج الوطني لتأهيل المراكز الاجتماعية (جيل جديد)",
                "Programme national de réhabilitation des centres sociaux (nouvelle génération)",
                "National program for the rehabilitation of social centers (new generation)"),
        territories=[("nation", "MA", 100)],
        parties=[(ministry, ["funding", "accountable"]), (entraide, ["implementing", "extending"])],
        pillars=pillars[:1],
    )  # fmt: skip
    r_ministry, r_en = _party(rehabilitation, ministry), _party(rehabilitation, entraide)
    centers = list(Center.objects.exclude(rehabilitation_status=Center.Rehabilitation.NONE).order_by("code"))
    total, unallocated = 200 * M, 200 * M
    for index, center in enumerate(centers):
        share = (total / len(centers)).quantize(Decimal("0.01")) if index < len(centers) - 1 else unallocated
        unallocated -= share
        project = Project.objects.create(convention=rehabilitation, code=f"R-{center.code}"[:60],
                                         title_ar=f"تأهيل {center.name_ar}"[:300],
                                         title_fr=f"Réhabilitation — {center.name_fr}"[:300])  # fmt: skip
        project.centers.set([center])
        write.coverage(rehabilitation, project, [("province", center.province_id, 100)])
        write.entry(rehabilitation, 2, r_ministry, share, day(2022, 5, 1), project=project)
        spent = (share * SPENT_AT_STAGE.get(center.rehabilitation_status, Decimal(0))).quantize(Decimal("0.01"))
        if spent:
            write.entry(rehabilitation, 3, r_ministry, spent, day(2023, 1, 15), project=project, receiver=r_en)
            write.entry(rehabilitation, 4, r_en, spent, day(2024, 3, 1), project=project, category="works")
            counts["entries"] += 2
        counts["projects"] += 1
        counts["entries"] += 1
    counts["conventions"] += 1
    from jisr.partnerships.figures import rebuild_totals

    rebuild_totals(Convention.objects.filter(number__startswith=PREFIX).values("pk"))
    return counts


def delete_demo_partnerships() -> int:
    """Remove the demo conventions with everything under them (the ledger's entries included)."""
    conventions = Convention.objects.filter(number__startswith=PREFIX)
    entries = Transaction.objects.filter(convention__in=conventions)
    Transaction.objects.filter(convention__in=conventions).update(earmark=None)
    Earmark.objects.filter(commitment__convention__in=conventions).delete()
    Transaction.objects.filter(convention__in=conventions, reverses__isnull=False).delete()
    Total.objects.filter(convention__in=conventions).delete()
    entries.delete()
    Budget.objects.filter(convention__in=conventions).delete()
    Coverage.objects.filter(convention__in=conventions).delete()
    Project.objects.filter(convention__in=conventions).delete()
    Party.objects.filter(convention__in=conventions).delete()
    return conventions.delete()[0]
