"""What the people app adds to the person's timeline: registration and merges."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from jisr.core.timeline import TimelineEntry
from jisr.people.models import Person, PersonMerge

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jisr.accounts.models import User


def timeline_entries(user: User | AnonymousUser, person: Person) -> Iterable[TimelineEntry]:
    """The person's registration and the merges into them (the caller has checked the person is visible)."""
    place = person.registered_at.name if person.registered_at else ""
    yield TimelineEntry(when=person.created_at, kind="person.registered", title=_("Registered"), place=place)
    for merge in PersonMerge.objects.filter(kept=person):
        title = _("Merge of a duplicate record") if merge.undone_at is None else _("Merge of a duplicate, undone")
        yield TimelineEntry(when=merge.merged_at, kind="person.merged", title=title, detail=merge.reason)
