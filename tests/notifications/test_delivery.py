"""How a notification reaches its recipient: after the commit only, as each chose (at once, the daily digest,
or not at all), once; and how long it is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from jisr.cases import services as case_services
from jisr.cases.notifications import CASE_ASSIGNED, FOLLOWUP_DUE, PLAN_SUBMITTED
from jisr.core.models import AuditLog
from jisr.notifications import services, tasks
from jisr.notifications.emails import send_digests, send_immediate
from jisr.notifications.models import Delivery, Notification
from jisr.notifications.services import notify
from tests.notifications.helpers import assert_discreet, assert_links_to_notification, secret_case, told

pytestmark = pytest.mark.django_db


def test_a_change_rolled_back_tells_nobody(personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        case_services.case_assign(acting_user=personas.manager_a, case=secret.case, worker=personas.worker_a)
        assert len(told(personas.worker_a, CASE_ASSIGNED)) == 1  # written with the change…
        raise RuntimeError("the request fails after the assignment")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()  # …and gone with it
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case_services.case_assign(acting_user=personas.manager_a, case=secret.case, worker=personas.worker_a)
    assert len(callbacks) == 1 and [m.to for m in mail.outbox] == [[personas.worker_a.email]]


def test_the_e_mail_waits_for_the_commit(personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_services.case_assign(acting_user=personas.manager_a, case=secret.case, worker=personas.worker_a)
    assert mail.outbox == [], "nothing leaves before the commit"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def _prefer(user, kind: str, delivery: str) -> None:  # type: ignore[no-untyped-def]
    services.preferences_set(acting_user=user, deliveries={kind: delivery})


def test_off_means_nothing_at_all(personas, committed) -> None:  # type: ignore[no-untyped-def]
    _prefer(personas.worker_a, CASE_ASSIGNED, Delivery.OFF)
    with committed():
        secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    assert not Notification.objects.exists() and mail.outbox == []
    assert send_digests() == 0


def test_digest_means_nothing_at_once_then_one_e_mail_for_the_day(personas, committed) -> None:  # type: ignore[no-untyped-def]
    _prefer(personas.worker_a, CASE_ASSIGNED, Delivery.DIGEST)
    with committed():
        first = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
        second = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
        read_already = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    assert len(told(personas.worker_a, CASE_ASSIGNED)) == 3 and mail.outbox == []
    seen = Notification.objects.get(object_id=str(read_already.case.pk))
    services.notification_mark_read(acting_user=personas.worker_a, notification=seen)
    assert tasks.send_digests.delay().get() == 1
    [digest] = mail.outbox
    assert digest.to == [personas.worker_a.email]
    for notification in Notification.objects.filter(object_id__in=[str(first.case.pk), str(second.case.pk)]):
        assert_links_to_notification(digest, notification)
    assert f"/notifications/{seen.pk}/" not in digest.body, "what was read in Jisr needs no e-mail"
    assert_discreet([digest], first)
    assert tasks.send_digests.delay().get() == 0 and len(mail.outbox) == 1, "each notification is e-mailed once"


def test_an_e_mail_is_sent_once_even_if_its_task_runs_again(personas, committed) -> None:  # type: ignore[no-untyped-def]
    with committed():
        secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    [notification] = told(personas.worker_a, CASE_ASSIGNED)
    assert notification.emailed_at is not None and len(mail.outbox) == 1
    assert send_immediate([notification.pk]) == 0 and len(mail.outbox) == 1


def test_a_failed_e_mail_is_given_back(personas, committed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with committed():  # the assignment itself succeeds
        secret = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    [notification] = told(personas.worker_a, CASE_ASSIGNED)
    assert notification.emailed_at is None and secret.case.assigned_to == personas.worker_a
    monkeypatch.undo()
    assert send_immediate([notification.pk]) == 1 and len(mail.outbox) == 1


def test_without_an_address_the_notification_stays_in_jisr(personas, committed) -> None:  # type: ignore[no-untyped-def]
    type(personas.worker_a).objects.filter(pk=personas.worker_a.pk).update(email="")
    personas.worker_a.refresh_from_db()
    with committed():
        secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    [notification] = told(personas.worker_a, CASE_ASSIGNED)
    assert notification.email == Notification.Email.NONE and mail.outbox == []


def test_the_defaults_and_a_change_of_preference_is_audited(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.notifications.selectors import preferences_of

    defaults = {row.kind: row.delivery for row in preferences_of(personas.worker_a)}
    assert defaults[CASE_ASSIGNED] == "immediate" and defaults[FOLLOWUP_DUE] == "digest"
    assert PLAN_SUBMITTED not in defaults and "registry.import_finished" not in defaults, "offered to who may get it"
    assert PLAN_SUBMITTED in {row.kind for row in preferences_of(personas.manager_a)}
    assert {row.kind for row in preferences_of(personas.partner)} == {
        "referrals.received", "referrals.answered", "referrals.overdue"}  # fmt: skip
    chosen = {PLAN_SUBMITTED: "off", CASE_ASSIGNED: "immediate"}
    services.preferences_set(acting_user=personas.worker_a, deliveries=chosen, language="fr")
    entry = AuditLog.objects.get(object_type="notifications.notificationpreference")
    assert entry.actor == personas.worker_a and entry.changes == {PLAN_SUBMITTED: ["immediate", "off"]}
    assert AuditLog.objects.filter(object_type="accounts.user", changes={"preferred_language": ["", "fr"]}).exists()
    with pytest.raises(Exception, match="nowhere"):
        services.preferences_set(acting_user=personas.worker_a, deliveries={"nowhere.nothing": "off"})
    with pytest.raises(Exception, match=CASE_ASSIGNED):
        services.preferences_set(acting_user=personas.worker_a, deliveries={CASE_ASSIGNED: "sometimes"})


def test_old_notifications_are_deleted(personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_NOTIFICATION_RETENTION_DAYS = 30
    secret = secret_case(personas)
    old, recent = (notify(kind=CASE_ASSIGNED, obj=secret.case, recipients=[user]) for user in
                   (personas.worker_a, personas.manager_a))  # fmt: skip
    Notification.objects.filter(pk=old[0].pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    assert tasks.purge_notifications.delay().get() == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent[0].pk]
    assert AuditLog.objects.filter(object_type="notifications.notification", action="delete").count() == 1
