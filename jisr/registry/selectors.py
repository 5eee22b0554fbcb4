"""Reads of the registry, always through the user's scope: households by territory
(registry.view_registryhousehold, the anchor declared on the model), import jobs for those who may import.

Reads never write: a running job whose worker died is shown failed (`importing.stalled.seen_now`); the
sweep `services.import_jobs_mark_stalled` records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jisr.core import scope
from jisr.core.digits import to_ascii_digits
from jisr.people.selectors import visible_people
from jisr.programs.models import ProgramEnrollment
from jisr.registry.importing.stalled import seen_now
from jisr.registry.models import ImportJob, RegistryHousehold, RegistryMember

if TYPE_CHECKING:
    from jisr.accounts.models import User

VIEW = "registry.view_registryhousehold"
IMPORT = "registry.import_registry"
RECENT_JOBS = 50  # on the imports page


class MemberRow(TypedDict):
    """A member of a household, and whether the reader may open their person's page."""

    member: RegistryMember
    person_visible: bool


@dataclass
class HouseholdDetail:
    """What the household page shows: the household, its members, its program enrolments."""

    household: RegistryHousehold
    members: list[MemberRow]
    enrollments: list[ProgramEnrollment]


def visible_households(user: User) -> QuerySet[RegistryHousehold]:
    """The households of the user's territories (none without the permission)."""
    return scope.in_scope(user, VIEW, RegistryHousehold)


def household_search(user: User, query: str) -> QuerySet[RegistryHousehold]:
    """Households by their registry id (whole or its start), or by a member's CIN or register id."""
    text = to_ascii_digits(query).strip().upper().replace(" ", "")
    if not text:
        return RegistryHousehold.objects.none()
    by_member = RegistryMember.objects.filter(Q(person__cin=text) | Q(person__civil_register_id=text))
    return (
        visible_households(user)
        .filter(Q(household_id__startswith=text) | Q(household_id__in=by_member.values("household_id")))
        .select_related("commune")
        .order_by("household_id")
    )


def household_get(user: User, household_id: str) -> RegistryHousehold:
    """The household, or 404 when it does not exist or lies outside the user's territories."""
    return scope.get_or_404(user, VIEW, RegistryHousehold.objects.select_related("commune"),
                            household_id=household_id)  # fmt: skip


def household_members(household: RegistryHousehold) -> list[RegistryMember]:
    """The household's members with their persons, by member number."""
    return list(household.members.select_related("person").order_by("member_no"))


def household_detail(user: User, household_id: str) -> HouseholdDetail:
    """The household page's content (404 as `household_get`): each member says whether the reader may
    also see their person in the beneficiary index, which has its own scope."""
    household = household_get(user, household_id)
    members = household_members(household)
    visible = set(
        visible_people(user).filter(pk__in=[member.person_id for member in members]).values_list("pk", flat=True)
    )
    enrollments = ProgramEnrollment.objects.filter(household_id=household.household_id).select_related("program")
    return HouseholdDetail(
        household=household,
        members=[MemberRow(member=member, person_visible=member.person_id in visible) for member in members],
        enrollments=list(enrollments.order_by("program__code")),
    )


def import_jobs(user: User) -> QuerySet[ImportJob]:
    """The registry imports, newest first, for those who may import (404 for anyone else), as stored."""
    scope.require(user, IMPORT)
    return ImportJob.objects.select_related("started_by")


def import_jobs_recent(user: User) -> list[ImportJob]:
    """The latest imports, newest first, as they stand now (404 for those who may not import)."""
    now = timezone.now()
    return [seen_now(job, now) for job in import_jobs(user)[:RECENT_JOBS]]


def import_job_get(user: User, job_id: int) -> ImportJob:
    """One import as it stands now, or 404 (missing, or the user may not import)."""
    job = import_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return seen_now(job)
