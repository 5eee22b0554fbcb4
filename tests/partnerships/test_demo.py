"""The demo's partnerships: the seeds' figures, seen by the personas who must see them and hidden from others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jisr.accounts.models import User
from jisr.partnerships import figures, selectors
from jisr.partnerships.models import Convention, Transaction
from tests.demo.common import run_demo

pytestmark = pytest.mark.django_db


def test_demo_conventions_carry_the_seeds_figures(small_demo) -> None:  # type: ignore[no-untyped-def]
    tripartite = Convention.objects.get(number="DEMO-TRI-RSK-2022")
    money = figures.of_convention(tripartite.pk)
    assert money.committed == Decimal("41000000.00")  # 10 M (ministry) + 6 M (region) + 25 M (wilaya)
    assert tripartite.transactions.filter(status=Transaction.Status.PENDING).count() == 1
    assert tripartite.transactions.filter(reverses__isnull=False).count() == 1
    women = tripartite.transactions.get(kind=2, amount_cents=10 * 10**8).earmarks.get()
    assert women.amount == Decimal("6000000.00")
    assert figures.earmark_spent([women.pk])[women.pk] == Decimal("3090500.00")
    rehabilitation = Convention.objects.get(number="DEMO-REHAB-2022")
    assert figures.of_convention(rehabilitation.pk).committed == Decimal("200000000.00")
    assert rehabilitation.projects.filter(centers__isnull=False).exists()
    assert figures.of_convention(Convention.objects.get(number="DEMO-ENV-04").pk).committed == Decimal("50000000.00")
    coordinator = User.objects.get(username="region-rsk")
    numbers = set(selectors.conventions(coordinator).values_list("number", flat=True))
    assert {"DEMO-TRI-RSK-2022", "DEMO-ENV-04", "DEMO-REHAB-2022"} <= numbers  # the last through its RSK projects?
    assert "DEMO-ENV-09" not in numbers
    partner = User.objects.get(username="partner-council-rsk")
    assert set(selectors.conventions(partner).values_list("number", flat=True)) == {"DEMO-TRI-RSK-2022"}
    assert not selectors.conventions(User.objects.get(username="program-officer")).filter(number="x").exists()
    count = Convention.objects.filter(number__startswith="DEMO-").count()
    assert count == 14  # 12 regional envelopes, the tripartite convention, the rehabilitation program
    run_demo("--small", "--reset")  # removed with the demo data, then loaded again
    assert Convention.objects.filter(number__startswith="DEMO-").count() == count
