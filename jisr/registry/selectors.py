"""Reads of the registry, always through the user's scope (registry.view_registryhousehold by territory)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from jisr.core.digits import to_ascii_digits
from jisr.core.scope import AnchorFields, get_in_scope_or_404, require_permission_or_404, scope_filter
from jisr.registry.models import ImportJob, RegistryHousehold, RegistryMember

VIEW = "registry.view_registryhousehold"
IMPORT = "registry.import_registry"
TERRITORY = AnchorFields(region="region_code", province="province_code")


def visible_households(user: Any) -> QuerySet[RegistryHousehold]:
    return scope_filter(RegistryHousehold.objects.all(), user, VIEW, TERRITORY)


def household_search(user: Any, query: str) -> QuerySet[RegistryHousehold]:
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


def household_get(user: Any, household_id: str) -> RegistryHousehold:
    """The household, or 404 when it does not exist or lies outside the user's territories."""
    return get_in_scope_or_404(RegistryHousehold.objects.select_related("commune"), user, VIEW, TERRITORY,
                               household_id=household_id)  # fmt: skip


def household_members(household: RegistryHousehold) -> list[RegistryMember]:
    return list(household.members.select_related("person").order_by("member_no"))


def import_jobs(user: Any) -> QuerySet[ImportJob]:
    """The registry imports, newest first, for those who may import (404 for anyone else)."""
    require_permission_or_404(user, IMPORT)
    return ImportJob.objects.select_related("started_by")


def import_job_get(user: Any, job_id: int) -> ImportJob:
    job = import_jobs(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
