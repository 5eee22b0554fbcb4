"""Thin Celery tasks of the beneficiary index (a worker runs them; eager in embedded mode and tests)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="people.link_persons")
def link_persons(run_id: int) -> int:
    from jisr.people.linkage import linkage_run_execute

    return linkage_run_execute(run_id).pairs
