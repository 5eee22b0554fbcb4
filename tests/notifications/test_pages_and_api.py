"""The notification center, its links and the menu's count, the preferences page, and `/api/v1/notifications`:
a user only ever reaches their own notifications (another's is a 404, like a missing one)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jisr.cases.notifications import CASE_ASSIGNED, FOLLOWUP_DUE, PLAN_SUBMITTED
from jisr.core.models import AuditLog
from jisr.notifications.models import Notification, NotificationPreference
from jisr.notifications.services import notify
from tests.notifications.helpers import secret_case

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def mine(personas):  # type: ignore[no-untyped-def]
    """Three notifications of worker A (the newest unread, the oldest read) and one of the manager."""
    secret = secret_case(personas)
    case = secret.case
    rows = [notify(kind=CASE_ASSIGNED, obj=case, recipients=[personas.worker_a], reference=case.reference)[0]
            for _ in range(3)]  # fmt: skip
    for age, row in enumerate(reversed(rows)):
        Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(hours=age))
    Notification.objects.filter(pk=rows[0].pk).update(read_at=timezone.now())
    theirs = notify(kind=PLAN_SUBMITTED, obj=secret.case, recipients=[personas.manager_a])[0]
    return {"secret": secret, "rows": rows, "theirs": theirs}


def test_the_center_lists_my_notifications_newest_first_with_the_unread_marked(personas, client_for, mine) -> None:  # type: ignore[no-untyped-def]
    oldest, middle, newest = mine["rows"]
    page = client_for("worker_a").get(reverse("notifications:list"))
    assert page.status_code == 200
    html = page.content.decode()
    links = [html.index(f'href="/notifications/{row.pk}/"') for row in (newest, middle, oldest)]
    assert links == sorted(links), "newest first"
    assert f"/notifications/{mine['theirs'].pk}/" not in html
    assert html.count("jisr-notification-unread") == 2
    assert mine["secret"].case.reference in html  # the reference the worker knows, never the name
    assert "زبيدة" not in html
    unread = client_for("worker_a").get(reverse("notifications:list") + "?unread=1").content.decode()
    assert f'href="/notifications/{oldest.pk}/"' not in unread and f'href="/notifications/{newest.pk}/"' in unread


def test_the_list_is_paginated(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas)
    for _ in range(27):
        notify(kind=CASE_ASSIGNED, obj=secret.case, recipients=[personas.worker_a])
    first = client_for("worker_a").get(reverse("notifications:list")).content.decode()
    second = client_for("worker_a").get(reverse("notifications:list") + "?page=2").content.decode()
    assert first.count('class="list-group-item') == 25 and second.count('class="list-group-item') == 2


def test_following_a_notification_marks_it_read_and_opens_its_object(personas, client_for, mine) -> None:  # type: ignore[no-untyped-def]
    newest = mine["rows"][2]
    answer = client_for("worker_a").get(reverse("notifications:open", args=[newest.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("cases:detail", args=[mine["secret"].case.pk])
    newest.refresh_from_db()
    assert newest.read_at is not None


def test_the_object_page_still_checks_the_scope(personas, client_for, mine) -> None:  # type: ignore[no-untyped-def]
    """A notification that outlived the reader's access (the case left for another center) opens a 404."""
    case = mine["secret"].case
    type(case).objects.filter(pk=case.pk).update(center=personas.center_b, province_id=personas.center_b.province_id,
                                                 region_code=personas.center_b.region_code)  # fmt: skip
    client = client_for("worker_a")
    target = client.get(reverse("notifications:open", args=[mine["rows"][2].pk]))["Location"]
    assert client.get(target).status_code == 404


@pytest.mark.parametrize("name", ["worker_b", "national", "outsider", "citizen"])
def test_someone_elses_notification_is_a_404_everywhere(personas, client_for, mine, name) -> None:  # type: ignore[no-untyped-def]
    client = client_for(name)
    target = mine["rows"][2]
    assert client.get(reverse("notifications:open", args=[target.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[target.pk])).status_code == 404
    assert client.post(f"/api/v1/notifications/{target.pk}/read").status_code == 404
    assert client.post(reverse("notifications:read_all")).status_code == 302
    target.refresh_from_db()
    assert target.read_at is None
    assert f'href="/notifications/{target.pk}/"' not in client.get(reverse("notifications:list")).content.decode()


def test_marking_read_is_a_post_with_its_csrf_token(personas, mine) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.worker_a)
    newest = mine["rows"][2]
    assert client.get(reverse("notifications:read", args=[newest.pk])).status_code == 405
    assert client.post(reverse("notifications:read", args=[newest.pk])).status_code == 403
    assert client.post(reverse("notifications:read_all")).status_code == 403
    token = client.get(reverse("notifications:list")).context["csrf_token"]
    with_token = {"csrfmiddlewaretoken": token}
    assert client.post(reverse("notifications:read", args=[newest.pk]), with_token).status_code == 302
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert client.post(reverse("notifications:read_all"), with_token).status_code == 302
    assert not Notification.objects.filter(user=personas.worker_a, read_at=None).exists()
    assert Notification.objects.get(pk=mine["theirs"].pk).read_at is None, "only mine"


def test_the_menu_shows_the_unread_count_with_one_query(personas, client_for, mine) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("core:home")).content.decode()
    counted = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counted) == 1, counted
    assert 'href="/notifications/"' in html and '<bdi dir="ltr">2</bdi></span>' in html
    Notification.objects.filter(user=personas.worker_a).update(read_at=timezone.now())
    assert "text-bg-warning" not in client_for("worker_a").get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("name", ["citizen", None])
def test_no_bell_for_a_citizen_or_a_visitor(personas, client_for, name) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        html = client_for(name).get(reverse("core:home")).content.decode()
    assert 'href="/notifications/"' not in html
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]


def test_the_preferences_page_saves_my_choices_and_my_language(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    assert data["cases-followup_due"] == "digest" and data["language"] == "ar"
    data.update({"cases-case_assigned": "off", "language": "fr"})
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert NotificationPreference.objects.get(user=personas.worker_a, kind=CASE_ASSIGNED).delivery == "off"
    personas.worker_a.refresh_from_db()
    assert personas.worker_a.preferred_language == "fr"
    assert AuditLog.objects.filter(object_type="notifications.notificationpreference",
                                   changes={CASE_ASSIGNED: ["immediate", "off"]}).exists()  # fmt: skip
    data["cases-case_assigned"] = "sometimes"
    refused = client.post(reverse("notifications:preferences"), data)
    assert refused.status_code == 200 and "cases-case_assigned" in refused.context["form"].errors


def test_pages_need_a_login(client_for) -> None:  # type: ignore[no-untyped-def]
    for name in ("list", "preferences"):
        assert client_for(None).get(reverse(f"notifications:{name}")).status_code == 302


def test_the_api_lists_counts_and_marks_only_mine(personas, client_for, mine) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    listed = client.get("/api/v1/notifications").json()
    assert listed["count"] == 3 and [r["id"] for r in listed["results"]] == [r.pk for r in reversed(mine["rows"])]
    first = listed["results"][0]
    assert first["kind"] == CASE_ASSIGNED and first["unread"] is True
    assert first["url"] == reverse("cases:detail", args=[mine["secret"].case.pk])
    assert "زبيدة" not in json.dumps(listed, ensure_ascii=False)
    unread = client.get("/api/v1/notifications?unread=true&page_size=1").json()
    assert (unread["count"], unread["page_size"], len(unread["results"])) == (2, 1, 1)
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 2}
    marked = client.post(f"/api/v1/notifications/{first['id']}/read")
    assert marked.status_code == 200 and marked.json()["unread"] is False
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert client.post(f"/api/v1/notifications/{mine['theirs'].pk}/read").status_code == 404
    assert client.post("/api/v1/notifications/999999/read").status_code == 404
    assert client_for("manager_a").get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert client_for(None).get("/api/v1/notifications").status_code == 401


def test_the_api_preferences(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    current = client.get("/api/v1/notifications/preferences").json()
    assert current["language"] == "ar"
    assert {row["kind"]: row["delivery"] for row in current["kinds"]}[FOLLOWUP_DUE] == "digest"
    body = {"language": "fr", "kinds": [{"kind": FOLLOWUP_DUE, "delivery": "immediate"}]}
    changed = client.put("/api/v1/notifications/preferences", body, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["language"] == "fr"
    assert {row["kind"]: row["delivery"] for row in changed.json()["kinds"]}[FOLLOWUP_DUE] == "immediate"
    wrong = client.put("/api/v1/notifications/preferences", {"kinds": [{"kind": "x.y", "delivery": "off"}]},
                       content_type=JSON)  # fmt: skip
    assert wrong.status_code == 422 and "x.y" in wrong.json()["errors"]
    assert client.put("/api/v1/notifications/preferences", {"language": "de"}, content_type=JSON).status_code == 422


def test_the_api_is_in_the_openapi_document(client_for) -> None:  # type: ignore[no-untyped-def]
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/notifications", "/api/v1/notifications/unread-count", "/api/v1/notifications/read-all",
                 "/api/v1/notifications/{notification_id}/read", "/api/v1/notifications/preferences"):  # fmt: skip
        assert path in paths, path
    assert set(paths["/api/v1/notifications/preferences"]) == {"get", "put"}
