"""What Jisr holds about a person, assembled from every app: the data-subject export and retention.

Each app that stores personal data registers, in its AppConfig.ready(), a `PersonalDataProvider`
(`register_provider(...)`) that says:

- which models it covers, and what retention does with their rows (`Fate`: anonymize, delete, or
  keep for the statistics or as a legal record);
- `export(person)`: its top-level sections of the person's export (law 09-08, right of access),
  JSON-ready; `within`: the parts it nests in another provider's records (a case's referrals are
  exported inside the case, although the referrals app owns them);
- `last_activity(persons, now)`: for a set of persons, one row per person holding its records, with
  the date of the latest activity (`person_id`, `last_activity`), in one query; what is still
  ongoing (an open case, an active enrolment) counts as `now`. The retention policy named by
  `record_type` says how long that activity stays recent;
- `forget(person_ids, now)`: what retention does to its rows once the person is due (set-based).

A person is due for anonymization when no provider reports recent activity for them
(`jisr.privacy.retention`). Retention rules that concern records rather than persons (the notes of a
closed case) are `RecordSweep`s, registered with `register_sweep(...)`.

A model of a `jisr` app that holds no personal data is declared with `declare_no_personal_data(model,
reason)`; `uncovered(models)` lists those neither covered nor declared, so that a new model with
personal data and no provider fails a test (`tests/privacy/test_personal_data.py`).
`core` imports no domain app: the person is typed `Any` here.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from jisr.core import audit


class Fate(enum.StrEnum):
    """What retention does with a model's rows once the person is due."""

    ANONYMIZE = "anonymize"  # what identifies the person is emptied, the rest stays for the statistics
    DELETE = "delete"  # the rows go
    KEEP = "keep"  # kept as they are: statistics without identity, or a legal record


Section = Mapping[str, Any]
Exporter = Callable[[Any], Section]
NestedExporter = Callable[[Any], Section]  # takes one record of the section it nests in
ActivityQuery = Callable[[QuerySet[Any], datetime.datetime], QuerySet[Any]]
Forgetter = Callable[[Sequence[Any], datetime.datetime], None]  # a batch of person ids (at most 1000)


def _nothing(person: Any) -> Section:
    return {}


@dataclass(frozen=True)
class PersonalDataProvider:
    """One app's share of what Jisr holds about a person (see the module docstring)."""

    name: str  # stable machine name, e.g. "cases"
    label: str | Promise  # translated (lazy), what the section holds
    models: Mapping[type[Model], Fate]
    record_type: str = ""  # the retention policy that says how long `last_activity` stays recent
    export: Exporter = _nothing
    within: Mapping[str, NestedExporter] = field(default_factory=dict)
    last_activity: ActivityQuery | None = None
    forget: Forgetter | None = None

    def __post_init__(self) -> None:
        if self.forget is None and any(fate is not Fate.KEEP for fate in self.models.values()):
            raise TypeError(f"provider {self.name!r}: rows to anonymize or delete need a `forget` function")
        if self.last_activity is not None and not self.record_type:
            raise TypeError(f"provider {self.name!r}: `last_activity` needs the `record_type` of its period")


@dataclass(frozen=True)
class RecordSweep:
    """A retention rule on records rather than persons: `sweep(cutoff, dry_run)` empties (or, with
    `dry_run`, counts) the records finished before `cutoff`, the period of `record_type`."""

    record_type: str
    sweep: Callable[[datetime.datetime, bool], int]


_providers: dict[str, PersonalDataProvider] = {}
_sweeps: dict[str, RecordSweep] = {}
_no_personal_data: dict[type[Model], str] = {}


def register_provider(provider: PersonalDataProvider) -> None:
    _providers[provider.name] = provider


def register_sweep(sweep: RecordSweep) -> None:
    _sweeps[sweep.record_type] = sweep


def declare_no_personal_data(model: type[Model], reason: str) -> None:
    """`model` holds nothing about a person (or is kept outside the export for `reason`, said there)."""
    if not reason.strip():
        raise ValueError(f"{model.__name__}: say why it holds no personal data")
    _no_personal_data[model] = reason


def providers() -> list[PersonalDataProvider]:
    return list(_providers.values())


def sweeps() -> list[RecordSweep]:
    return list(_sweeps.values())


def covered_models() -> dict[type[Model], str]:
    """Each model covered by a provider, with the provider's name."""
    return {model: provider.name for provider in _providers.values() for model in provider.models}


def uncovered(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The models neither covered by a provider nor declared as holding no personal data."""
    covered = covered_models()
    return [model for model in models if model not in covered and model not in _no_personal_data]


def row(instance: Model, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """One record as JSON-ready values keyed by field name, without the fields in `leave_out`."""
    hidden = set(leave_out)
    return {key: value for key, value in audit.snapshot(instance).items() if key not in hidden}


def rows(records: Iterable[Model], *, leave_out: Iterable[str] = ()) -> list[dict[str, Any]]:
    return [row(record, leave_out=leave_out) for record in records]


def person_sections(person: Any) -> dict[str, Any]:
    """Every provider's top-level sections about `person`; two providers may not claim one section."""
    document: dict[str, Any] = {}
    for provider in _providers.values():
        sections = provider.export(person)
        clash = set(sections) & set(document)
        if clash:
            raise RuntimeError(f"provider {provider.name!r} exports sections already exported: {sorted(clash)}")
        document.update(sections)
    return document


def parts_within(section: str, record: Any) -> dict[str, Any]:
    """What other providers nest in one record of `section` (e.g. a case's referrals)."""
    parts: dict[str, Any] = {}
    for provider in _providers.values():
        nested = provider.within.get(section)
        if nested is not None:
            parts.update(nested(record))
    return parts
