"""The demo's consultations: the twelve meetings in the sources' order, a few hundred recommendations in Arabic and
French with their decisions, a plan per region with progress; and the public pages show no personal data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from jisr.accounts.models import User
from jisr.consultations.models import ActionPlan, Meeting, PlanAction, Recommendation
from jisr.demo.accounts import DEMO_ACCOUNTS
from jisr.demo.consultations import load_demo_consultations
from jisr.demo.organizations import ensure_organizations, plan_organizations
from jisr.territories.models import Province, Region
from tests.personas import make_user


@pytest.fixture
def loaded(db):  # type: ignore[no-untyped-def]
    """The demo's consultations, loaded once for the module's one test (in its transaction: nothing stays)."""
    import time

    cache.clear()
    organizations, _created = ensure_organizations(
        plan_organizations(Region.objects.all(), list(Province.objects.all()))
    )
    national = make_user("demo-consultations-national", "national_officer")
    started = time.perf_counter()
    counts = load_demo_consultations(acting_user=national, organizations=organizations)
    counts["seconds"] = round(time.perf_counter() - started)
    yield counts
    cache.clear()


def test_the_demo_consultations(loaded, client):
    print(loaded)
    _twelve_meetings_in_the_sources_order()
    _a_few_hundred_recommendations_with_their_decisions()
    _public_pages_and_open_data_expose_no_personal_data(client)
    _the_public_region_page_from_the_cache(client)


def _the_public_region_page_from_the_cache(client):  # type: ignore[no-untyped-def]
    """The figures of docs/performance.md: a region's page computed, then read from the cache."""
    import time

    url = reverse("consultations:public_region", args=["06"])
    cache.clear()
    started = time.perf_counter()
    client.get(url)
    computed = time.perf_counter() - started
    started = time.perf_counter()
    for _request in range(50):
        client.get(url)
    cached = (time.perf_counter() - started) / 50
    print(f"region page: computed {computed * 1000:.0f} ms, from the cache {cached * 1000:.1f} ms")
    assert cached < computed


def _twelve_meetings_in_the_sources_order():
    meetings = list(Meeting.objects.order_by("sequence").values_list("region_id", "held_on"))
    assert len(meetings) == 12
    assert meetings[0] == ("12", datetime.date(2021, 12, 18))  # Dakhla first
    assert [region for region, _day in meetings[:3]] == ["12", "11", "08"]  # then Laayoune, Errachidia
    assert meetings[10] == ("04", datetime.date(2022, 1, 13))  # Rabat the eleventh
    assert meetings[11] == ("09", datetime.date(2022, 1, 14))  # Agadir last
    assert all(datetime.date(2021, 12, 18) <= day <= datetime.date(2022, 1, 15) for _region, day in meetings)


def _a_few_hundred_recommendations_with_their_decisions():
    recommendations = Recommendation.objects.all()
    assert 250 <= recommendations.count() <= 400
    statuses = set(recommendations.values_list("status", flat=True))
    assert statuses == {"received", "under_study", "accepted", "not_retained", "merged"}
    assert not recommendations.filter(text_ar="").exists() and not recommendations.filter(text_fr="").exists()
    assert ActionPlan.objects.count() == 12
    progress = set(PlanAction.objects.values_list("progress", flat=True))
    assert len(progress) > 5 and max(progress) <= 100


def _personal_strings() -> list[str]:
    """The names and e-mail addresses of the demo's persons and users (accounts, and the staff who decided)."""
    strings = []
    for user in User.objects.all():
        strings += [user.email, user.username if "-" in user.username else "", user.get_full_name()]
        strings += [user.first_name, user.last_name]
    strings += [account.username for account in DEMO_ACCOUNTS if "-" in account.username]
    return [s for s in strings if s and len(s) >= 4]


def _public_pages_and_open_data_expose_no_personal_data(client):
    import random

    from jisr.demo.names import person_name  # the generator of the demo's persons' names

    pages = [
        reverse("consultations:public"),
        reverse("consultations:open_data", args=["json"]),
        reverse("consultations:open_data", args=["csv"]),
        reverse("consultations:open_data", args=["csv"]) + "?table=actions",
    ]
    pages += [reverse("consultations:public_region", args=[code]) for code in ("04", "09", "12")]
    pages += [
        reverse("consultations:public_recommendation", args=[rec.pk])
        for rec in Recommendation.objects.exclude(status="received").order_by("meeting__sequence")[:10]
    ]
    output = ""
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        output += response.content.decode("utf-8-sig")
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", output), "an e-mail address in the public output"
    for personal in _personal_strings():
        assert personal not in output, personal
    rng = random.Random(7)
    for _draw in range(200):  # the demo's person names are drawn from these lists: none as a full name
        first, last = person_name(rng)
        assert f"{first} {last}" not in output
