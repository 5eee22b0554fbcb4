"""How the audit log shows persons, households, consents and record linkage (`jisr.core.audit_display`).

A person's name is never stored in the log: it is read from the record when the log is read, for a
reader who may see the person, and not at all once the person is anonymized. The nature of a
vulnerability, and which sensitive categories were read, are shown only as "changed".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jisr.core import audit_display, scope
from jisr.core.audit_display import AuditedModel, Key, page, through
from jisr.people.linkage import visible_pairs
from jisr.people.models import Consent, Household, LinkagePair, LinkageRun, Person
from jisr.people.selectors import visible_people


def _person_field_label(name: Any) -> str:
    try:
        return str(capfirst(Person._meta.get_field(str(name)).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return str(name)


def _records_moved(moved: Any) -> str:
    return str(sum(len(keys) for keys in moved.values())) if isinstance(moved, dict) else str(moved)


def _households(user: Any) -> QuerySet[Household]:
    return scope.in_scope(user, "people.view_person", Household)


def _runs(user: Any) -> QuerySet[LinkageRun]:
    scope.require(user, "people.merge_person")
    return LinkageRun.objects.all()


def register() -> None:
    audit_display.register(
        AuditedModel(
            model=Person,
            url=page("people:detail"),
            visible=visible_people,
            name=lambda person: person.display_name,
            personal=True,
            identifiable=lambda person: person.anonymized_at is None,
            keys={
                "vulnerability": Key(_("vulnerability"), confidential=True),
                "read": Key(_("sensitive data read"), confidential=True),
                "set_aside_candidates": Key(_("possible duplicates set aside"), refers_to=Person),
                "merged": Key(_("merged into"), refers_to=Person),
                "unmerged": Key(_("merge undone"), refers_to=Person),
                "moved": Key(_("records moved"), render=_records_moved),
                "identifiers": Key(_("identifiers taken over"), render=_person_field_label),
                "approximate_age": Key(_("approximate age")),
                # The id of the Correction row: what matters to the reader is that this change is a rectification.
                "correction": Key(_("recorded as a correction"), render=lambda value: str(_("yes"))),
            },
        )
    )
    audit_display.register(
        AuditedModel(model=Household, visible=_households, name_is_personal=False, keys={"reason": Key(_("reason"))})
    )
    audit_display.register(
        AuditedModel(
            model=Consent,
            url=page("people:detail", "person_id"),
            visible=through(Consent, "person", visible_people),
            name_is_personal=False,  # the purpose
            identifiable=lambda consent: consent.person.anonymized_at is None,
            related=("person",),
            keys={"withdrawn": Key(_("withdrawn"))},
        )
    )
    audit_display.register(
        AuditedModel(
            model=LinkageRun,
            url=lambda run: reverse("people:linkage"),
            visible=_runs,
            name=lambda run: audit_display.local_moment(run.started_at),
        )
    )
    audit_display.register(
        AuditedModel(
            model=LinkagePair,
            url=lambda pair: reverse("people:linkage"),
            visible=visible_pairs,  # the pairs still to review, whose two persons the reader may merge
            personal=False,  # a pair's entry holds its decision; the persons are named by their own entries
            name=lambda pair: f"#{pair.pk}",
        )
    )
