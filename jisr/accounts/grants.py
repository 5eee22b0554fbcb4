"""The roles a user holds today, handed to `core.scope` (which keeps the rule but not the memberships)."""

from __future__ import annotations

from jisr.accounts.models import Membership, User
from jisr.core.scope import Grant, HeldRole


def held_roles(user: User) -> list[HeldRole]:
    """One `HeldRole` per active membership, with its anchor and the permissions of its role.

    Three queries whatever the number of memberships: the memberships with their roles, the roles'
    permissions, and their content types.
    """
    memberships = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("role")
        .prefetch_related("role__permissions__content_type")
    )
    return [
        HeldRole(
            slug=membership.role.slug,
            level=membership.role.level,
            sees_personal_data=membership.role.sees_personal_data,
            grant=Grant(
                level=membership.role.level,
                region_code=membership.region_id,
                province_code=membership.province_id,
                center_id=membership.center_id,
                organization_id=membership.organization_id,
            ),
            permissions=frozenset(
                f"{permission.content_type.app_label}.{permission.codename}"
                for permission in membership.role.permissions.all()
            ),
        )
        for membership in memberships
    ]
