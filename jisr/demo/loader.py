"""Load and reset the demo data set (the `jisr demo` command is a thin wrapper around these).

Idempotent: a DemoDataset row records the version and variant loaded, so a re-run exits at once;
otherwise only the missing records are created (centers by code, organizations by e-mail, users
by username), in one transaction, with bulk inserts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.centers.models import Center, CenterService, OpeningHours, Organization, ServiceType
from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from jisr.demo.center_details import build_center_rows
from jisr.demo.centers import CODE_PREFIX, PILOTS, PlannedCenter, plan_centers
from jisr.demo.models import DemoDataset
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN, REGION_SEATS, ensure_organizations, plan_organizations
from jisr.territories.models import Commune, Province, Region

# Bump when the generators change what they produce, so that `jisr demo` loads again.
DEMO_DATA_VERSION = 2  # 2: the rehabilitation works of the Jisr centers
BATCH_SIZE = 500

Report = Callable[[str], None]


class DemoDataError(Exception):
    """The demo data cannot be loaded or removed; the message says why and what to do."""


@dataclass
class DemoLoadResult:
    already_loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def _silent(message: str) -> None:
    return None


def _covering_variants(small: bool) -> list[str]:
    """The loaded variants that already contain the requested one (the full set contains the small)."""
    return [DemoDataset.Variant.SMALL, DemoDataset.Variant.FULL] if small else [DemoDataset.Variant.FULL]


def _check_prerequisites() -> dict[str, ServiceType]:
    if not settings.JISR_DEMO:
        raise DemoDataError(
            _("Demo data and its shared-password accounts are only for demo installations: set JISR_DEMO=1.")
        )
    needed = {*PILOTS, *REGION_SEATS.values()}
    if Province.objects.filter(code__in=needed).count() != len(needed):
        raise DemoDataError(_("The territories are missing: run `jisr load_territories` first."))
    service_types = {service_type.code: service_type for service_type in ServiceType.objects.all()}
    if not service_types:
        raise DemoDataError(
            _("No service types exist: apply the centers migrations (`jisr migrate`) that create the taxonomy.")
        )
    return service_types


def _create_centers(
    plans: list[PlannedCenter],
    organizations: dict[str, Organization],
    service_types: dict[str, ServiceType],
    report: Report,
) -> dict[str, int]:
    existing = set(Center.objects.filter(code__startswith=CODE_PREFIX).values_list("code", flat=True))
    missing = [plan for plan in plans if plan.code not in existing]
    centers: list[Center] = []
    hours: list[OpeningHours] = []
    services: list[CenterService] = []
    for plan in missing:
        center, center_hours, center_services = build_center_rows(
            plan, organizations[plan.organization_key], service_types
        )
        centers.append(center)
        hours += center_hours
        services += center_services
    for start in range(0, len(centers), BATCH_SIZE):
        Center.objects.bulk_create(centers[start : start + BATCH_SIZE])
        report(
            _("Centers: %(done)d / %(total)d") % {"done": min(start + BATCH_SIZE, len(centers)), "total": len(centers)}
        )
    OpeningHours.objects.bulk_create(hours, batch_size=BATCH_SIZE)
    report(_("Opening hours: %(count)d") % {"count": len(hours)})
    CenterService.objects.bulk_create(services, batch_size=BATCH_SIZE)
    report(_("Services: %(count)d") % {"count": len(services)})
    return {"centers": len(centers), "opening_hours": len(hours), "services": len(services)}


def load_demo(*, small: bool = False, report: Report = _silent) -> DemoLoadResult:
    """Create whatever demo data is missing (the small or the full set); exit at once if it is all there."""
    service_types = _check_prerequisites()
    if DemoDataset.objects.filter(version=DEMO_DATA_VERSION, variant__in=_covering_variants(small)).exists():
        report(_("The demo data (version %(version)d) is already loaded.") % {"version": DEMO_DATA_VERSION})
        return DemoLoadResult(already_loaded=True)
    provinces = list(Province.objects.all())
    with transaction.atomic():
        planned_organizations = plan_organizations(Region.objects.all(), provinces)
        organizations, organizations_created = ensure_organizations(planned_organizations)
        report(_("Organizations: %(count)d created") % {"count": organizations_created})
        plans = [plan for plan in plan_centers(provinces, list(Commune.objects.all())) if plan.in_small or not small]
        counts = {"organizations": organizations_created}
        counts |= _create_centers(plans, organizations, service_types, report)
        from jisr.demo.works import load_demo_works

        counts |= load_demo_works()
        report(_("Rehabilitation works: %(count)d centers") % {"count": counts["works"]})
        counts["accounts"] = ensure_demo_accounts(organizations)
        report(_("Demo accounts: %(count)d created") % {"count": counts["accounts"]})
        from jisr.demo.consultations import load_demo_consultations, secretariat

        counts |= load_demo_consultations(acting_user=secretariat(), organizations=organizations, small=small)
        report(_("Consultations: %(count)d recommendations") % {"count": counts.get("recommendations", 0)})
        from jisr.demo.khadamati import load_demo_requests

        counts |= load_demo_requests()
        from jisr.demo.partnerships import load_demo_partnerships

        counts |= {f"partnerships_{key}": value for key, value in load_demo_partnerships().items()}
        variant = DemoDataset.Variant.SMALL if small else DemoDataset.Variant.FULL
        marker = DemoDataset.objects.create(version=DEMO_DATA_VERSION, variant=variant, loaded_at=timezone.now())
        audit.record(actor=None, action=AuditLog.Action.IMPORT, obj=marker, changes=counts)
    return DemoLoadResult(counts=counts)


DEMO_PEOPLE = {"full": 50_000, "small": 2_000}
DEMO_PEOPLE_SEED = 20261123


def load_demo_people(*, small: bool = False, report: Report = _silent) -> int:
    """Beneficiaries in households around the demo centers (most at the Jisr centers); idempotent."""
    from jisr.demo.people import generate_people
    from jisr.people.models import Person

    demo_centers = Center.objects.filter(code__startswith=CODE_PREFIX, status=Center.Status.ACTIVE)
    if Person.objects.filter(registered_at__code__startswith=CODE_PREFIX).exists():
        return 0
    jisr_centers = list(demo_centers.filter(is_jisr=True).order_by("code"))
    others = list(demo_centers.filter(is_jisr=False).order_by("code"))
    weighted = jisr_centers * 10 + others  # the new-generation centers receive most people
    target = DEMO_PEOPLE["small" if small else "full"]

    def progress(done: int) -> None:
        report(_("Beneficiaries: %(done)d / %(total)d") % {"done": done, "total": target})

    created = generate_people(centers=weighted, count=target, seed=DEMO_PEOPLE_SEED, progress=progress)
    from jisr.demo.cases import load_demo_cases, load_demo_referrals

    at_jisr_centers = Person.objects.filter(registered_at__in=jisr_centers).select_related("registered_at")
    # a deterministic order (ids are random UUIDs) so that the same seed draws the same cases
    ordering = ("registered_at__code", "last_name_ar", "first_name_ar", "last_name_latin", "first_name_latin",
                "birth_date", "cin", "phone")  # fmt: skip
    cases = load_demo_cases(persons=list(at_jisr_centers.order_by(*ordering)), seed=DEMO_PEOPLE_SEED)
    report(_("Cases: %(count)d") % {"count": cases})
    from jisr.demo.vulnerabilities import load_demo_vulnerabilities

    load_demo_vulnerabilities(seed=DEMO_PEOPLE_SEED)
    referrals = load_demo_referrals(seed=DEMO_PEOPLE_SEED)
    from jisr.demo.pathways import load_demo_pathways

    pathways = load_demo_pathways(seed=DEMO_PEOPLE_SEED)
    from jisr.cases.dashboard_months import rebuild

    rebuild()  # the dashboards' kept months, for the cases written in bulk above (not by the services)
    from jisr.demo.notifications import load_demo_notifications

    pathways["notifications"] = load_demo_notifications()
    from jisr.demo.registry import load_demo_registry

    registry = load_demo_registry(small=small, seed=DEMO_PEOPLE_SEED)
    from jisr.demo.watch import load_demo_watch

    watch = load_demo_watch(seed=DEMO_PEOPLE_SEED)
    report(_("Social watch: %(alerts)d alerts raised by the demo rules") % {"alerts": watch["alerts"]})
    report(
        _("Registry: %(households)d households scored, demo programs enrolled")
        % {"households": registry.get("households", 0)}
    )
    report(
        _("Registry members: %(members)d persons of the index, %(again)d of them already beneficiaries")
        % {"members": registry.get("members", 0), "again": registry.get("members_already_beneficiaries", 0)}
    )
    report(
        _("Diagnoses: %(assessments)d, plans: %(plans)d, programs: %(programs)d, certificates: %(certificates)d")
        % {key: pathways.get(key, 0) for key in ("assessments", "plans", "programs", "certificates")}
    )
    # recorded against the data set it completes, whose keys the audit log names (`demo/audit_display.py`)
    enrolled = {key.removeprefix("enrolled_"): n for key, n in registry.items() if key.startswith("enrolled_")}
    registry = {key: n for key, n in registry.items() if not key.startswith("enrolled_")}
    changes: dict[str, Any] = {"persons": created, "cases": cases, "referrals": referrals, **pathways, **registry,
                               **watch}  # fmt: skip
    if enrolled:
        changes["enrolled"] = enrolled
    audit.record(
        actor=None,
        action=AuditLog.Action.IMPORT,
        obj=DemoDataset.objects.order_by("-loaded_at").first(),
        object_type="demo.demodataset",
        changes=changes,
    )
    return created


def _delete_demo_training_and_requests(demo_people: Any) -> None:
    """What refers to the demo people and centers with PROTECT: certificates, enrolments, programs,
    data-subject requests, and the demo modules of the catalogue."""
    from jisr.privacy.models import DataSubjectRequest
    from jisr.training.models import Certificate, Enrollment, TrainingModule, TrainingProgram

    demo_programs = TrainingProgram.objects.filter(center__code__startswith=CODE_PREFIX)
    enrollments = Enrollment.objects.filter(Q(person__in=demo_people) | Q(program__in=demo_programs))
    Certificate.objects.filter(result__enrollment__in=enrollments).delete()
    enrollments.delete()
    demo_programs.delete()
    DataSubjectRequest.objects.filter(person__in=demo_people).delete()
    TrainingModule.objects.filter(code__startswith=CODE_PREFIX, programs=None).delete()


def _delete_demo_works() -> int:
    from jisr.demo.works import delete_demo_works

    return delete_demo_works()


def reset_demo(*, report: Report = _silent) -> dict[str, int]:
    """Delete the demo accounts, centers (with their hours and services) and organizations."""
    if not settings.JISR_DEMO:
        raise DemoDataError(_("Demo data can only be reset in a demo installation: set JISR_DEMO=1."))
    try:
        with transaction.atomic():
            usernames = [account.username for account in DEMO_ACCOUNTS]
            from jisr.cases.models import Case
            from jisr.people.models import Household, Person

            demo_people = Person.objects.filter(registered_at__code__startswith=CODE_PREFIX)
            from jisr.referrals.models import Referral

            demo_cases = Case.objects.filter(Q(person__in=demo_people) | Q(center__code__startswith=CODE_PREFIX))
            from jisr.demo.watch import delete_demo_watch

            delete_demo_watch()
            from jisr.demo.partnerships import delete_demo_partnerships

            delete_demo_partnerships()
            Referral.objects.filter(case__in=demo_cases).delete()
            _delete_demo_training_and_requests(demo_people)
            from jisr.demo.registry import delete_demo_registry

            delete_demo_registry()
            from jisr.demo.consultations import delete_demo_consultations

            delete_demo_consultations()
            from jisr.demo.khadamati import delete_demo_requests

            delete_demo_requests(usernames)
            from jisr.khadamati.models import Representation
            from jisr.khadamati.personal_data import delete_declarations

            delete_declarations(
                Representation.objects.filter(
                    Q(citizen__username__in=usernames, citizen__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                    | Q(decided_by__username__in=usernames, decided_by__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                )
            )
            household_ids = list(demo_people.exclude(household=None).values_list("household_id", flat=True))
            counts = {
                "cases": demo_cases.delete()[0],
                "persons": demo_people.delete()[0],
                "households": Household.objects.filter(pk__in=household_ids, members=None).delete()[0],
                "accounts": User.objects.filter(
                    username__in=usernames, email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
                ).delete()[0],
                "works": _delete_demo_works(),
                "centers": Center.objects.filter(code__startswith=CODE_PREFIX).delete()[0],
                "organizations": Organization.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()[0],
                "markers": DemoDataset.objects.all().delete()[0],
            }
            audit.record(
                actor=None,
                action=AuditLog.Action.DELETE,
                object_type=DemoDataset._meta.label_lower,
                object_repr="demo data",
                changes=counts,
            )
    except (ProtectedError, RestrictedError) as error:
        raise DemoDataError(
            _("The demo data cannot be removed: other records refer to it (%(records)s). Nothing was deleted.")
            % {"records": ", ".join(sorted({str(obj._meta.verbose_name) for obj in error.args[1]}))}
        ) from error
    report(_("Demo data removed (rows deleted, including dependent rows): %(counts)s") % {"counts": counts})
    return counts
