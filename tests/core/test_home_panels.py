"""The home page shows the panels the apps register, in order, and only those with something for the user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from jisr.core import home
from jisr.core.home import HomePanel

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_panels() -> Iterator[None]:
    saved = dict(home._panels)
    yield
    home._panels.clear()
    home._panels.update(saved)


def test_the_apps_register_their_panels_in_order() -> None:
    assert [panel.name for panel in sorted(home._panels.values(), key=lambda p: p.order)] == [
        "accounts.roles",
        "cases.center",
        "cases.my_cases",
        "core.work",
        "referrals.incoming",
        "core.figures",
        "core.alerts",
        "centers.network",
    ]


def test_a_panel_is_shown_only_to_the_users_it_has_something_for(personas, restore_panels) -> None:  # type: ignore[no-untyped-def]
    home.register_panel(
        HomePanel(
            name="tests.for_the_national_officer",
            template="accounts/home_roles.html",
            context=lambda user: {"memberships": []} if user.pk == personas.national.pk else None,
            order=200,
        )
    )
    assert [panel.name for panel in home.home_page(personas.national).panels] == [
        "accounts.roles",
        "core.work",  # the social watch's alerts and Khadamati's requests are the national officer's work
        "core.figures",
        "core.alerts",
        "centers.network",
        "tests.for_the_national_officer",
    ]
    assert home.home_page(personas.outsider).panels == []


def test_only_a_dashboard_panel_replaces_the_welcome_text(personas) -> None:  # type: ignore[no-untyped-def]
    # The citizen holds a role with nothing to show: the roles panel shows, the welcome text too.
    page = home.home_page(personas.citizen)
    assert [panel.name for panel in page.panels] == ["accounts.roles"]
    assert not page.has_dashboard
    assert home.home_page(personas.national).has_dashboard
    assert home.home_page(personas.partner).has_dashboard  # the referrals to answer, even when there are none


def test_visitors_get_no_panel() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert home.home_page(AnonymousUser()).panels == []


def test_the_citizen_page_keeps_its_roles_and_its_welcome(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("citizen").get(reverse("core:home")).content.decode()
    assert 'class="h5 mt-3"' in html  # "Your roles"
    assert f'class="btn btn-jisr" href="{reverse("centers:directory")}"' in html  # the welcome's "Find a social center"
