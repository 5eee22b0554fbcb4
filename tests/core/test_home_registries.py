"""The registries behind the homes: menu counts (lazy, once per request), alerts (a slot later apps fill,
with its empty state), territory figures (small counts hidden from aggregate-only roles) — and the
number of queries of each persona's home, pinned with data on every list."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.cases import orientation
from jisr.cases import services as case_services
from jisr.cases.models import Case, FollowUp
from jisr.core import alerts, menu_counts
from jisr.core.alerts import Alert
from jisr.core.figures import figures_for
from jisr.referrals import services as referral_services
from tests.cases.helpers import diagnose, submitted_plan
from tests.core.home_helpers import home, panel, panel_names
from tests.people.helpers import register

pytestmark = pytest.mark.django_db


def open_case(personas: Any, first_name: str, *, worker: Any = None, center: str = "center_a",
              by: str = "worker_a") -> Case:  # fmt: skip
    person = register(personas, by=by, center=center, first_name_ar=first_name, last_name_ar="الشاوي", sex="F")
    return case_services.case_open(
        acting_user=getattr(personas, by), person=person, center=getattr(personas, center), reason="سبب",
        channel=Case.Channel.WALK_IN, consent_obtained=True, assigned_to=worker,
    )  # fmt: skip


# --- Menu counts.


@pytest.fixture
def counter_calls() -> Iterator[list[Any]]:
    calls: list[Any] = []

    def counter(user: Any) -> int:
        calls.append(user)
        return 2

    menu_counts.register_counter("tests", counter)
    yield calls
    menu_counts._counters.pop("tests")


def test_menu_counts_are_counted_on_first_reading_then_kept(personas, rf, counter_calls) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/")
    request.user = personas.worker_a
    counts = menu_counts.menu_counts_for(request)
    assert counter_calls == []  # nothing counted until a template reads the entry
    assert counts["tests"] == 2 and counts["tests"] == 2
    assert menu_counts.menu_counts_for(request) is counts and len(counter_calls) == 1
    assert counts["nothing registered"] == 0


def test_a_visitor_is_counted_nothing(rf, counter_calls) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert menu_counts.menu_counts_for(request)["tests"] == 0 and counter_calls == []


# --- Alerts.


@pytest.fixture
def an_alert_for_the_national_officer(personas) -> Iterator[None]:  # type: ignore[no-untyped-def]
    def provider(user: Any) -> list[Alert]:
        if user.pk != personas.national.pk:
            return []
        return [
            Alert("Indicateur en retard", url="/strategy/1/", level="warning", when=datetime.date(2025, 3, 1)),
            Alert("Cible manquée", level="danger", when=datetime.date(2025, 1, 1)),
            Alert("Note", level="info"),
        ]

    alerts.register_provider(provider)
    yield
    alerts._providers.remove(provider)


def test_the_alerts_slot_shows_what_providers_give_most_serious_first(personas, client_for,
                                                                       an_alert_for_the_national_officer) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    response = home(client_for("national"))
    assert [alert.title for alert in panel(response, "core.alerts")["alerts"]] == [
        "Cible manquée", "Indicateur en retard", "Note"]  # fmt: skip
    assert 'href="/strategy/1/"' in response.content.decode()
    assert panel(home(client_for("province_agadir")), "core.alerts") == {"alerts": []}  # the empty state
    for name in ("worker_a", "manager_a", "partner", "citizen", "outsider"):
        assert "core.alerts" not in panel_names(home(client_for(name))), name


def test_an_alert_has_a_known_level() -> None:
    with pytest.raises(ValueError, match="level"):
        Alert("x", level="critical")


# --- Territory figures.


def _figures(user: Any) -> dict[str, int | None]:
    return {figure.key: figure.value for figure in figures_for(user)}


def test_each_coordinator_counts_their_own_territory(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    agadir = [open_case(personas, f"أمل{index}") for index in range(3)]
    case_services.case_close(acting_user=personas.worker_a, case=agadir[2], reason="moved")
    open_case(personas, "حياة", center="center_b", by="worker_b")
    FollowUp.objects.create(case=agadir[0], due_on=timezone.localdate() - datetime.timedelta(days=2))
    FollowUp.objects.create(case=agadir[1], due_on=timezone.localdate() + datetime.timedelta(days=2))
    waiting = referral_services.referral_send(
        acting_user=personas.worker_a, case=agadir[0], reason="Santé", shared_fields=["name"], consent_obtained=True,
        to_organization=personas.health_partner,
    )  # fmt: skip
    late = timezone.now() - datetime.timedelta(days=20)
    type(waiting).objects.filter(pk=waiting.pk).update(created_at=late, due_on=late.date())
    assert _figures(personas.province_agadir) == {
        "cases.open": 2, "cases.opened_this_month": 3, "referrals.waiting": 1, "referrals.overdue": 1,
        "cases.overdue_followups": 1,
    }  # fmt: skip
    national = _figures(personas.national)
    assert national["cases.open"] == 3 and national["cases.opened_this_month"] == 4
    assert _figures(personas.region_rsk) == {
        "cases.open": 0, "cases.opened_this_month": 0, "referrals.waiting": 0, "referrals.overdue": 0,
        "cases.overdue_followups": 0,
    }  # fmt: skip
    response = home(client_for("province_agadir"))
    assert 'data-figure="cases.open"><bdi dir="ltr">2</bdi>' in response.content.decode()
    for name in ("worker_a", "manager_a", "partner", "citizen", "outsider"):
        assert _figures(getattr(personas, name)) == {}, name
        assert "core.figures" not in panel_names(home(client_for(name))), name


def test_the_analyst_gets_small_counts_hidden(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    for index in range(3):
        open_case(personas, f"سكينة{index}")
    figures = _figures(personas.analyst)
    assert figures["cases.open"] is None and figures["cases.opened_this_month"] is None
    assert figures["referrals.waiting"] == 0  # zero tells nothing about anyone
    assert _figures(personas.national)["cases.open"] == 3  # a role that sees names sees the count
    html = home(client_for("analyst")).content.decode()
    assert 'data-figure="cases.open"><span aria-hidden="true">x</span>' in html
    for index in range(3):
        open_case(personas, f"بهيجة{index}")
    assert _figures(personas.analyst)["cases.open"] == 6


# --- Query counts, with something on every list.


@pytest.fixture
def busy_center(personas):  # type: ignore[no-untyped-def]
    """Worker A with cases at every kind of work due, the manager with plans to decide, unassigned and
    stalled cases, the partner with referrals to answer, the worker with answers to read."""
    for index in range(3):
        open_case(personas, f"نوال{index}", worker=personas.worker_a)
        listened = open_case(personas, f"ليلى{index}", worker=personas.worker_a)
        case_services.listening_record(acting_user=personas.worker_a, case=listened, needs=["income"], notes="")
        open_case(personas, f"غيثة{index}")  # unassigned
        to_plan = open_case(personas, f"إيمان{index}", worker=personas.worker_a)
        plan = submitted_plan(personas, diagnose(personas, to_plan))
        if index == 0:
            orientation.plan_return(acting_user=personas.manager_a, plan=plan, note="à revoir")
        referral = referral_services.referral_send(
            acting_user=personas.worker_a, case=listened, reason="Santé", shared_fields=["name"],
            consent_obtained=True, to_organization=personas.health_partner,
        )  # fmt: skip
        if index:
            referral_services.referral_accept(acting_user=personas.partner, referral=referral)
        FollowUp.objects.create(case=listened, due_on=timezone.localdate() - datetime.timedelta(days=index))
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Case.objects.filter(assigned_to__isnull=True).update(updated_at=month_ago, opened_at=month_ago)  # stalled


@pytest.mark.parametrize(
    ("name", "queries"),
    # national, province and analyst: +1 the social watch's alerts panel, +1 its menu count, +1 its "To do" section
    # (those who act on alerts); national: +4 the partnerships' entries awaiting validation (menu count and "To do")
    # and the consultations' two sections; partner: +1 the plan actions their organization reports on
    [("worker_a", 16), ("manager_a", 18), ("partner", 10), ("national", 20), ("province_agadir", 16),
     ("analyst", 15), ("citizen", 5)],
)  # fmt: skip
def test_each_personas_home_stays_fast(busy_center, client_for, django_assert_max_num_queries, name,
                                       queries) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    client = client_for(name)
    client.get(reverse("core:home"))  # the session and the user's roles, as on any later page
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200


def test_the_busy_homes_list_what_they_count(personas, busy_center, client_for) -> None:  # type: ignore[no-untyped-def]
    from tests.core.home_helpers import due_urls, menu_count

    worker = home(client_for("worker_a"))
    sections = {name: len(urls) for name, urls in due_urls(worker).items()}
    assert sections == {"cases.listening": 3, "cases.diagnosis": 3, "cases.followups": 3, "cases.plans_returned": 1,
                        "referrals.answers": 2}  # fmt: skip
    assert menu_count(worker, "cases") == 10 and menu_count(worker, "referrals") == 2
    manager = home(client_for("manager_a"))
    center = panel(manager, "cases.center")
    assert len(center["plans"]) == 2 and menu_count(manager, "cases") == 2
    assert len(center["unassigned"]) == 3 and len(center["stalled"]) == 3
    partner = home(client_for("partner"))
    assert menu_count(partner, "referrals") == 1 == panel(partner, "referrals.incoming")["count"]
