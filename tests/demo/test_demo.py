"""`jisr demo`: deterministic, realistic, idempotent demo data and the demo accounts."""

from __future__ import annotations

import time

import pytest
from django.core.management.base import CommandError
from django.db.models import F, Sum

from jisr.accounts.models import Membership, User
from jisr.cases.models import Case
from jisr.centers.models import Center, CenterService, CenterWorks, Organization, ServiceType
from jisr.demo.accounts import DEMO_ACCOUNTS
from jisr.demo.centers import distribute_budget, largest_remainder
from jisr.demo.models import DemoDataset
from jisr.demo.organizations import DEMO_EMAIL_DOMAIN
from jisr.people.models import Person
from tests.demo.common import PILOT_PROVINCES, UNDER_REHABILITATION, demo_centers, run_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def fingerprint() -> list[tuple[object, ...]]:
    return list(
        demo_centers()
        .order_by("code")
        .values_list("id", "code", "name_ar", "name_fr", "name_en", "latitude", "longitude", "phone", "capacity")
    )


def test_refuses_outside_a_demo_installation(demo_settings) -> None:  # type: ignore[no-untyped-def]
    demo_settings.JISR_DEMO = False
    with pytest.raises(CommandError, match="JISR_DEMO=1"):
        run_demo("--small")
    assert not demo_centers().exists()
    assert not User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).exists()
    assert not Organization.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exists()


def test_fails_clearly_without_service_types(demo_settings) -> None:  # type: ignore[no-untyped-def]
    ServiceType.objects.all().delete()
    with pytest.raises(CommandError, match="No service types"):
        run_demo("--small")
    assert not demo_centers().exists()


def test_second_run_creates_nothing_and_missing_rows_are_restored(demo_settings) -> None:  # type: ignore[no-untyped-def]
    run_demo("--small")
    before = (demo_centers().count(), Organization.objects.count(), User.objects.count(), Membership.objects.count())
    assert "already loaded" in run_demo("--small")
    assert (
        demo_centers().count(),
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == before
    # Without the marker (e.g. after a version bump), only what is missing is created.
    DemoDataset.objects.all().delete()
    Case.objects.filter(center__code="demo-jisr-tanger").delete()
    Person.objects.filter(registered_at__code="demo-jisr-tanger").delete()
    CenterWorks.objects.filter(center__code="demo-jisr-tanger").delete()
    demo_centers().get(code="demo-jisr-tanger").delete()
    run_demo("--small")
    after = (demo_centers().count(), Organization.objects.count(), User.objects.count(), Membership.objects.count())
    assert after == before
    assert demo_centers().get(code="demo-jisr-tanger").rehabilitation_status == Center.Rehabilitation.OPERATIONAL


def test_two_fresh_loads_are_identical(demo_settings) -> None:  # type: ignore[no-untyped-def]
    run_demo("--small")
    first = fingerprint()
    services_first = sorted(CenterService.objects.values_list("id", "service_type__code", "languages"))
    output = run_demo("--small", "--reset")
    assert "Demo data removed" in output
    assert fingerprint() == first
    assert sorted(CenterService.objects.values_list("id", "service_type__code", "languages")) == services_first


def test_reset_refuses_when_other_records_use_demo_centers(demo_settings) -> None:  # type: ignore[no-untyped-def]
    from tests.personas import make_user

    run_demo("--small")
    make_user("real-worker", "social_worker", center=demo_centers().get(code="demo-jisr-oujda"))
    count = demo_centers().count()
    with pytest.raises(CommandError, match="Nothing was deleted"):
        run_demo("--small", "--reset")
    assert demo_centers().count() == count
    assert User.objects.filter(username="worker-oujda").exists()


def test_budget_split_is_exact() -> None:
    amounts = distribute_budget(200_000_000, [7, 13, 1000, 333, 1])
    assert sum(amounts) == 200_000_000 and all(amount % 1000 == 0 for amount in amounts)
    assert sum(largest_remainder(151, {"a": 5, "b": 3, "c": 1}).values()) == 151


@pytest.mark.slow
def test_full_set_after_the_small_one(demo_settings) -> None:  # type: ignore[no-untyped-def]
    run_demo("--small")
    organizations = Organization.objects.count()
    started = time.monotonic()
    run_demo()
    assert time.monotonic() - started < 60
    assert Organization.objects.count() == organizations
    jisr = demo_centers().filter(is_jisr=True)
    assert jisr.count() == 240
    assert jisr.values("province").distinct().count() == 75
    assert (
        jisr.exclude(rehabilitation_status=Center.Rehabilitation.NONE).aggregate(
            total=Sum("rehabilitation_budget_mad")
        )["total"]
        == 200_000_000
    )
    assert jisr.filter(region_code="04", rehabilitation_status__in=UNDER_REHABILITATION).count() == 21
    assert 2900 <= demo_centers().filter(is_jisr=False).count() <= 3100
    assert not demo_centers().exclude(province_id=F("commune__province_id")).exists()
    assert set(jisr.filter(code__in=PILOT_PROVINCES).values_list("rehabilitation_status", flat=True)) == {"operational"}
    # the rehabilitation programme: every Jisr center has its works record, the budgets make the 200 M MAD
    assert CenterWorks.objects.filter(center__in=jisr).count() == 240
    assert CenterWorks.objects.aggregate(total=Sum("budget_mad"))["total"] == 200_000_000
    # A full load requested again is a no-op; the small set is contained in it.
    assert "already loaded" in run_demo()
    assert "already loaded" in run_demo("--small")
