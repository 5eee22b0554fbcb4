"""The migration that adds the one-open-referral constraint copes with duplicates already in the data."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from jisr.referrals.models import Referral, ReferralEvent
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
migration = importlib.import_module("jisr.referrals.migrations.0004_cancel_duplicate_open_referrals")
CONSTRAINT = "referrals_one_open_per_case_organization"


def _constraint() -> object:
    return next(c for c in Referral._meta.constraints if c.name == CONSTRAINT)


def test_open_duplicates_are_cancelled_so_the_constraint_can_be_added(personas) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    with connection.cursor() as cursor:  # the data as it was before the constraint (rolled back with the test)
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(CONSTRAINT)}")
    values = {"case": case, "person": case.person, "from_center": case.center, "sent_by": personas.worker_a,
              "to_organization": personas.health_partner, "reason": "r", "due_on": "2030-01-01"}  # fmt: skip
    first, second, third = (Referral.objects.create(**values) for _ in range(3))
    answered = Referral.objects.create(**values, status=Referral.Status.COMPLETED)

    migration.cancel_open_duplicates(apps, None)
    migration.cancel_open_duplicates(apps, None)  # a second run changes nothing

    statuses = dict(Referral.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "sent", second.pk: "cancelled", third.pk: "cancelled", answered.pk: "completed"}
    assert ReferralEvent.objects.filter(status="cancelled", note=migration.NOTE).count() == 2
    if connection.vendor == "postgresql":
        # The migrations commit between 0004 and 0005; in the test's one transaction, check the pending
        # foreign keys now, as that commit would, before the index is built.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    editor = connection.schema_editor(collect_sql=True)
    with connection.cursor() as cursor:
        cursor.execute(str(_constraint().create_sql(Referral, editor)))  # type: ignore[attr-defined]
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(**values)
