"""What the beneficiary index holds about a person, for the export and retention (`jisr.core.personal_data`).

Exported: the person (without the internal match keys, derived from the names that are exported),
their household, vulnerabilities, consents, the corrections made to their record (rectification,
law 09-08: each field's old and new value, when and why), and the linkage that concerns them
(merges, probable duplicates). Activity: the person's record itself, when it was registered or last corrected
(retention period `registered_person`). Retention empties what identifies the person and keeps
sex, commune, year of birth and vulnerability categories for the statistics.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncYear
from django.utils.translation import gettext_lazy as _

from jisr.core import personal_data
from jisr.core.personal_data import Fate, PersonalDataProvider, row, rows
from jisr.people.models import (
    Consent,
    Correction,
    Household,
    LinkagePair,
    LinkageRun,
    Person,
    PersonMerge,
    Vulnerability,
)

# Derived from the names by the people services for search and duplicate detection: not the person's data.
MATCH_KEYS = ("name_ar_key", "name_latin_key", "name_phonetic_key", "name_phonetic_key_reversed",
              "first_name_phonetic_key", "last_name_phonetic_key")  # fmt: skip


def export(person: Person) -> dict[str, Any]:
    """The person, household, vulnerabilities, consents, corrections and linkage (merges, probable duplicates)."""
    merges = PersonMerge.objects.filter(Q(kept=person) | Q(absorbed=person)).order_by("merged_at")
    pairs = LinkagePair.objects.filter(Q(left=person) | Q(right=person))
    return {
        "person": row(person, leave_out=MATCH_KEYS),
        "household": row(person.household) if person.household is not None else None,
        "vulnerabilities": rows(person.vulnerabilities.all()),
        "consents": rows(person.consents.all()),
        # Who corrected is a staff account: the person learns what changed, when and why.
        "corrections": rows(person.corrections.order_by("corrected_at"), leave_out=("person", "corrected_by")),
        # The other side of a probable duplicate is another person's record: only its id is left out.
        "linkage": {"merges": rows(merges), "probable_duplicates": rows(pairs, leave_out=("left", "right"))},
    }


def last_activity(persons: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Each person's own record: when it was registered or last corrected."""
    return Person.objects.filter(pk__in=persons.values("pk")).values(person_id=F("pk"), last_activity=F("updated_at"))


def forget(person_ids: Sequence[Any], now: datetime.datetime) -> None:
    """Empty what identifies the persons; a household's address goes with its last identified member."""
    Person.objects.filter(pk__in=person_ids).update(
        first_name_ar="", last_name_ar="", first_name_latin="", last_name_latin="",
        name_ar_key="", name_latin_key="", name_phonetic_key="", name_phonetic_key_reversed="",
        first_name_phonetic_key="", last_name_phonetic_key="",
        cin=None, civil_register_id=None, phone="", address="",
        birth_date=TruncYear("birth_date"), birth_date_is_estimated=True, anonymized_at=now,
    )  # fmt: skip
    Consent.objects.filter(person__in=person_ids).update(note="")  # the legal record of the consent stays
    # A correction holds old names, numbers and addresses: only the fact that one was made stays.
    Correction.objects.filter(person__in=person_ids).update(changes={}, reason="")
    identified = Person.objects.filter(household=OuterRef("pk"), anonymized_at=None)
    Household.objects.filter(members__in=person_ids).exclude(Exists(identified)).update(address="")
    # The identifiers a merge took over are the person's old CIN, phone…: the merge itself stays.
    PersonMerge.objects.filter(Q(kept__in=person_ids) | Q(absorbed__in=person_ids)).update(identifiers_taken={})
    # A probable duplicate was a guess from the names, which are gone.
    LinkagePair.objects.filter(Q(left__in=person_ids) | Q(right__in=person_ids)).delete()


PROVIDER = PersonalDataProvider(
    name="people",
    label=_("Identity, household, vulnerabilities, consents and duplicates"),
    models={
        Person: Fate.ANONYMIZE,
        Household: Fate.ANONYMIZE,
        Vulnerability: Fate.KEEP,  # the categories, for the statistics (no one is named once anonymized)
        Consent: Fate.ANONYMIZE,
        Correction: Fate.ANONYMIZE,
        PersonMerge: Fate.ANONYMIZE,
        LinkagePair: Fate.DELETE,
    },
    record_type="registered_person",
    export=export,
    last_activity=last_activity,
    forget=forget,
)


def register() -> None:
    personal_data.register_provider(PROVIDER)
    personal_data.declare_no_personal_data(LinkageRun, "a linkage run's settings and counts; its pairs are covered")
