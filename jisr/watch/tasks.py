"""Thin Celery tasks of the social watch (periodic: CELERY_BEAT_SCHEDULE in config/settings.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="watch.evaluate_rules")
def evaluate_rules() -> dict[str, int]:
    from jisr.watch.services import evaluate_rules as evaluate

    return evaluate()
