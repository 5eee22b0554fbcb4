"""What other apps add to the manager's view of the center's cases, without the cases app importing them.

- **Activity sources.** A case is *stalled* when nobody worked on it for `JISR_STALLED_CASE_DAYS` days.
  Its last activity is the latest of its own records (the case row, its stage changes, reassignments,
  listening interviews, diagnoses, plan, goals and actions, recorded follow-ups, outcomes) and of the
  records other apps keep about it: the referrals app adds its referrals' last change. An app registers
  `register_activity_source(Model, "case", "updated_at")` in its AppConfig.ready().
- **Team measures.** The table of the center's social workers (open cases, overdue follow-ups) takes a
  column from other apps: `register_team_measure(TeamMeasure(...))`, a function that counts, per worker,
  over the open cases the manager oversees (the referrals app: overdue referrals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import DateTimeField, F, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

if TYPE_CHECKING:
    from jisr.accounts.models import User
    from jisr.cases.models import Case

_activity_sources: list[tuple[type[Model], str, str]] = []


def register_activity_source(model: type[Model], case_lookup: str, time_field: str) -> None:
    """Count `model.<time_field>` as activity on the case reached through `case_lookup` ("case", "plan__case")."""
    source = (model, case_lookup, time_field)
    if source not in _activity_sources:
        _activity_sources.append(source)


def with_last_activity(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases annotated with `last_activity`: the latest time any registered source records for each.

    One correlated subquery per source, each read from the index of its foreign key: the manager's home
    computes it only for the open cases of the center not updated for the threshold already."""
    latest = [
        Coalesce(
            Subquery(
                model._default_manager.filter(**{case_lookup: OuterRef("pk"), f"{time_field}__isnull": False})
                .order_by(f"-{time_field}")
                .values(time_field)[:1],
                output_field=DateTimeField(),
            ),
            F("updated_at"),  # no record of this kind: the case row's own change stands in (never NULL)
        )
        for model, case_lookup, time_field in _activity_sources
    ]
    return cases.annotate(last_activity=Greatest(F("updated_at"), F("opened_at"), *latest))


@dataclass(frozen=True)
class TeamMeasure:
    """A column of the team table: `count(user, cases)` → {worker id: number}, over `cases` (open, in scope)."""

    key: str
    label: Any  # a lazy translation
    count: Callable[[User, QuerySet[Case]], Mapping[int, int]]


_team_measures: dict[str, TeamMeasure] = {}


def register_team_measure(measure: TeamMeasure) -> None:
    """Add (or replace, by key) a column of the team table."""
    _team_measures[measure.key] = measure


def team_measures() -> list[TeamMeasure]:
    """The registered columns, in the order of registration."""
    return list(_team_measures.values())
