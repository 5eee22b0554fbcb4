"""What the partnerships give the home page and the menu: the entries awaiting a second person's validation
(four eyes), for those who may validate them, never their own author."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.core import menu_counts, worklist
from jisr.core.scope import user_scope
from jisr.partnerships import selectors
from jisr.partnerships.models import Transaction


def _applies(user: Any) -> bool:
    return user_scope(user).has_permission_somewhere(selectors.VALIDATE)


def _detail(entry: Transaction) -> str:
    return gettext("%(number)s · %(kind)s of %(amount)s MAD by %(party)s") % {
        "number": entry.convention.number, "kind": entry.get_kind_display(),
        "amount": floatformat(entry.amount, "2g"), "party": entry.party.organization.name}  # fmt: skip


def _items(user: Any, limit: int) -> list[worklist.WorkItem]:
    return [
        worklist.WorkItem(
            kind="partnerships.validate",
            title=gettext("Validate an entry of convention %(number)s") % {"number": entry.convention.number},
            due=entry.value_date,
            url=reverse("partnerships:entry_validate", args=[entry.pk]),
            detail=_detail(entry),
        )
        for entry in selectors.pending_for(user)[:limit]
    ]


def work_items(user: Any) -> list[worklist.WorkItem]:
    return _items(user, worklist.SECTION_LIMIT) if _applies(user) else []


def pending_count(user: Any) -> int:
    return selectors.pending_for(user).count() if _applies(user) else 0


SECTION = worklist.WorkSection(
    name="partnerships.four_eyes",
    title=_("Partnership entries awaiting your validation"),
    applies=_applies,
    items=_items,
    count=pending_count,
    order=60,
    more_url=lambda: reverse("partnerships:pending"),
)


def register() -> None:
    worklist.register_provider(work_items)
    worklist.register_section(SECTION)
    menu_counts.register_counter("partnerships", pending_count)
