"""Who sees the alerts (scope, 404 for the others), the pages, the steps and their audit, the menu and the home."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from jisr.core.models import AuditLog
from jisr.watch import services
from jisr.watch.models import Alert, AlertEvent
from tests.watch.helpers import TODAY, rule, violence_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(personas):  # type: ignore[no-untyped-def]
    violence_cases(personas, count=6, month=datetime.date(2026, 3, 1))
    rule(personas)
    services.evaluate_rules(today=TODAY)
    return Alert.objects.get()


def _client(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


SEES = ("national", "analyst", "province_agadir")
DOES_NOT_SEE = ("region_rsk", "manager_a", "worker_a", "worker_b", "partner", "citizen", "outsider")


@pytest.mark.parametrize("name", SEES)
def test_those_whose_scope_covers_the_territory_see_the_alert(client, personas, alert, name):  # type: ignore[no-untyped-def]
    browser = _client(client, getattr(personas, name))
    listed = browser.get(reverse("watch:alerts"))
    assert listed.status_code == 200 and reverse("watch:alert", args=[alert.pk]) in listed.content.decode()
    assert browser.get(reverse("watch:alert", args=[alert.pk])).status_code == 200
    api = browser.get(f"/api/v1/strategy/alerts/{alert.pk}")
    assert api.status_code == 200 and api.json()["province_code"] == alert.province_code


@pytest.mark.parametrize("name", DOES_NOT_SEE)
def test_the_others_get_404(client, personas, alert, name):  # type: ignore[no-untyped-def]
    browser = _client(client, getattr(personas, name))
    assert browser.get(reverse("watch:alert", args=[alert.pk])).status_code == 404
    assert browser.get(f"/api/v1/strategy/alerts/{alert.pk}").status_code == 404
    assert browser.post(reverse("watch:close", args=[alert.pk]), {"note": "x"}).status_code == 404
    assert Alert.objects.get().status == "open"


def test_a_coordinator_of_another_region_has_the_page_but_not_the_alert(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.region_rsk)
    assert browser.get(reverse("watch:alerts")).status_code == 200
    assert str(alert.pk) not in browser.get(reverse("watch:alerts")).content.decode()
    assert browser.get("/api/v1/strategy/alerts").json()["count"] == 0


@pytest.mark.parametrize("name", ("worker_a", "partner", "citizen", "outsider"))
def test_staff_without_the_watch_get_404_on_every_page(client, personas, name):  # type: ignore[no-untyped-def]
    browser = _client(client, getattr(personas, name))
    for url in (reverse("watch:alerts"), reverse("watch:rules"), reverse("watch:rule_add"), "/api/v1/strategy/alerts"):
        assert browser.get(url).status_code == 404, url


def test_rules_pages_are_the_national_officers(client, personas, alert):  # type: ignore[no-untyped-def]
    for name in ("province_agadir", "region_rsk", "analyst"):
        browser = _client(client, getattr(personas, name))
        assert browser.get(reverse("watch:rules")).status_code == 404
        assert browser.get(reverse("watch:rule_edit", args=[alert.rule_id])).status_code == 404
    national = _client(client, personas.national)
    assert alert.rule.name in national.get(reverse("watch:rules")).content.decode()


def test_the_rule_form_shows_every_error_at_once_then_saves(client, personas):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.national)
    chooser = browser.get(reverse("watch:rule_add"))
    assert chooser.status_code == 200 and "cases.violence_surge" in chooser.content.decode()
    form = browser.get(reverse("watch:rule_add") + "?signal=cases.violence_surge")
    assert 'name="param_increase_percent"' in form.content.decode()
    data = {"signal": "cases.violence_surge", "name": "", "level": "province", "severity": "danger", "is_active": "on",
            "param_min_count": "0", "param_increase_percent": "x", "param_years": "40"}  # fmt: skip
    refused = browser.post(reverse("watch:rule_add"), data)
    page = refused.content.decode()
    assert refused.status_code == 200 and "error-summary" in page
    for field in ("id_name", "id_param_min_count", "id_param_increase_percent", "id_param_years"):
        assert f'href="#{field}"' in page, field
    data |= {"name": "Violence", "param_min_count": "5", "param_increase_percent": "50", "param_years": "3"}
    saved = browser.post(reverse("watch:rule_add"), data)
    assert saved.status_code == 302
    created = AuditLog.objects.filter(object_type="watch.watchrule", action="create")
    assert created.count() == 1


def test_acknowledge_assign_comment_close_each_audited(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.national)
    before = AuditLog.objects.filter(object_type="watch.alert").count()
    browser.post(reverse("watch:acknowledge", args=[alert.pk]))
    browser.post(reverse("watch:assign", args=[alert.pk]), {"assignee": personas.province_agadir.pk})
    browser.post(reverse("watch:comment", args=[alert.pk]), {"note": "Réunion avec les centres"})
    browser.post(reverse("watch:close", args=[alert.pk]), {"note": "Renfort de l'écoute"})
    alert.refresh_from_db()
    assert (alert.status, alert.assigned_to) == ("closed", personas.province_agadir) and alert.closed_at
    kinds = list(AlertEvent.objects.filter(alert=alert).values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "assigned", "commented", "closed"]
    assert AuditLog.objects.filter(object_type="watch.alert").count() == before + 4
    detail = browser.get(reverse("watch:alert", args=[alert.pk])).content.decode()
    assert "Réunion avec les centres" in detail and "Renfort de l&#x27;écoute" in detail


def test_an_alert_is_assigned_only_to_someone_of_its_territory(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.national)
    browser.post(reverse("watch:assign", args=[alert.pk]), {"assignee": personas.region_rsk.pk})
    alert.refresh_from_db()
    assert alert.assigned_to is None


def test_closing_needs_a_reason(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.province_agadir)
    browser.post(reverse("watch:close", args=[alert.pk]), {"note": "  "})
    assert Alert.objects.get().status == "open"


def test_menu_count_and_home(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.province_agadir)
    home = browser.get(reverse("core:home")).content.decode()
    assert 'data-menu-count="watch"' in home
    assert reverse("watch:alert", args=[alert.pk]) in home
    other = _client(client, personas.region_rsk)
    assert 'data-menu-count="watch"' not in other.get(reverse("core:home")).content.decode()


def test_list_filters_and_pagination(client, personas, alert):  # type: ignore[no-untyped-def]
    browser = _client(client, personas.national)
    services.alert_close(acting_user=personas.national, alert=alert, note="ok")
    assert str(alert.pk) not in browser.get(reverse("watch:alerts")).content.decode()  # not closed, by default
    assert str(alert.pk) in browser.get(reverse("watch:alerts") + "?status=closed").content.decode()
    assert (
        str(alert.pk)
        not in browser.get(reverse("watch:alerts") + "?status=closed&signal=cases.waiting").content.decode()
    )
    assert browser.get(reverse("watch:alerts") + "?status=nonsense&page=abc").status_code == 200
    api = browser.get("/api/v1/strategy/alerts?status=closed").json()
    assert api["count"] == 1 and api["results"][0]["figures"]["this_month"] == 6


def test_the_notification_links_to_the_alert(personas, alert):  # type: ignore[no-untyped-def]
    from jisr.notifications.kinds import kind_of

    kind = kind_of("watch.alert_raised")
    assert kind is not None and kind.link(str(alert.pk)) == reverse("watch:alert", args=[alert.pk])
    assert kind.offered_to(personas.province_agadir) and not kind.offered_to(personas.worker_a)
