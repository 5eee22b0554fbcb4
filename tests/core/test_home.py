"""The home page is a dashboard that depends on the user's memberships and never leaks others' centers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.centers.models import Center
from jisr.centers.selectors import network_summary

pytestmark = pytest.mark.django_db


def test_anonymous_home_invites_to_the_directory(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert reverse("centers:directory") in response.content.decode()
    assert response.context.get("summary") is None


def test_national_officer_sees_the_whole_network(personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_a.pk).update(
        rehabilitation_status=Center.Rehabilitation.WORKS, rehabilitation_budget_mad=Decimal("1500000")
    )
    summary = network_summary(personas.national)
    assert summary is not None
    assert summary.centers_total == 3
    assert summary.rehabilitation_budget_mad == Decimal("1500000")
    assert ("works", Center.Rehabilitation.WORKS.label, 1) in summary.rehabilitation_by_status


def test_the_provincial_coordinator_sees_the_centers_of_their_province(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    response = client_for("province_agadir").get(reverse("core:home"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [center.pk for center in summary.centers] == [personas.center_a.pk]
    assert personas.center_b.name_ar not in response.content.decode()


@pytest.mark.parametrize("name", ["worker_a", "manager_a"])
def test_the_staff_of_a_center_get_their_work_not_the_network_budget(client_for, name) -> None:  # type: ignore[no-untyped-def]
    """The rehabilitation budget and statuses serve those who watch a territory, not a center's staff."""
    response = client_for(name).get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context.get("summary") is None
    assert "centers.network" not in [panel.name for panel in response.context["home"].panels]
    with translation.override("ar"):
        assert translation.gettext("Rehabilitation budget") not in response.content.decode()


def test_regional_coordinator_sees_their_region_only(personas) -> None:  # type: ignore[no-untyped-def]
    summary = network_summary(personas.region_rsk)
    assert summary is not None
    assert [center.pk for center in summary.centers] == [personas.center_rabat.pk]


@pytest.mark.parametrize("name", ["outsider", "citizen", "partner"])
def test_users_without_center_permission_get_no_figures(client_for, name) -> None:  # type: ignore[no-untyped-def]
    response = client_for(name).get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context.get("summary") is None
    assert "Centre test-" not in response.content.decode()


def test_home_query_count_is_pinned(client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    # 13, and the social watch's alerts: the menu's count, the alerts panel and the "To do" section (16); the
    # partnerships' entries awaiting validation (menu count and section) and the consultations' two sections
    # that a national officer holds (recommendations awaiting a decision, actions past their end date).
    with django_assert_max_num_queries(20):
        client.get(reverse("core:home"))


def test_health_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("core:health")).json() == {"status": "ok"}
