"""Progress rolled up from results to their parents and to the action (Decidim's accountability model).

- A leaf result's progress is the value reported for it, else its status's progress, else 0.
- A result with children takes theirs: weighted by the children's weights when every child has one (and they
  do not sum to zero), else their plain mean. The same rule gives an action its progress from its top results.
Values are Decimals rounded to two places; nothing here is a float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from jisr.consultations.models import PlanAction, Result

CENT = Decimal("0.01")


def combine(parts: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal:
    """The progress of a whole from its parts' (progress, weight): weighted when every part has a weight."""
    items = list(parts)
    if not items:
        return Decimal(0)
    weights = [weight for _progress, weight in items if weight is not None]
    if len(weights) == len(items) and sum(weights, Decimal(0)) > 0:
        total = sum((progress * (weight or Decimal(0)) for progress, weight in items), Decimal(0))
        value = total / sum(weights, Decimal(0))
    else:
        value = sum((progress for progress, _weight in items), Decimal(0)) / len(items)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def leaf_progress(result: Result) -> Decimal:
    if result.own_progress is not None:
        return Decimal(result.own_progress)
    if result.status is not None:
        return Decimal(result.status.progress)
    return Decimal(0)


def recompute_action(action: PlanAction) -> Decimal:
    """Recompute every result of the action from its leaves up, and the action itself; store what changed."""
    results = list(Result.objects.filter(action=action).select_related("status"))
    children: dict[object, list[Result]] = {}
    for result in results:
        children.setdefault(result.parent_id, []).append(result)

    def progress_of(result: Result) -> Decimal:
        kids = children.get(result.pk, [])
        value = (
            combine((progress_of(kid), kid.weight) for kid in kids) if kids else leaf_progress(result).quantize(CENT)
        )
        if result.progress != value:
            result.progress = value
            result.save(update_fields=["progress"])
        return value

    value = combine((progress_of(top), top.weight) for top in children.get(None, []))
    if action.progress != value:
        action.progress = value
        action.save(update_fields=["progress"])
    return value
