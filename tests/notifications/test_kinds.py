"""Each kind of notification end to end: the real action through its service, then the notification in Jisr and
the e-mail in the outbox — in the recipient's language, without anything of the person or the case."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jisr.cases import handover, orientation
from jisr.cases import notifications as case_kinds
from jisr.cases import services as case_services
from jisr.cases import tasks as case_tasks
from jisr.cases.models import FollowUp
from jisr.notifications.emails import send_digests
from jisr.notifications.models import Notification
from jisr.notifications.services import notify
from jisr.privacy import notifications as privacy_kinds
from jisr.privacy import services as privacy_services
from jisr.referrals import notifications as referral_kinds
from jisr.referrals import services as referral_services
from jisr.referrals import tasks as referral_tasks
from jisr.registry import notifications as registry_kinds
from jisr.registry.models import ImportJob
from jisr.registry.services import import_start
from tests.cases.helpers import answers_with_needs, to_pathway
from tests.notifications.helpers import (
    assert_discreet,
    assert_in_language,
    assert_links_to_notification,
    second_worker_a,
    secret_case,
    told,
)
from tests.personas import make_user

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "registry-households.csv"


@pytest.fixture(autouse=True)
def languages(personas):  # type: ignore[no-untyped-def]
    """The worker and the partner read French, the manager has chosen nothing (Arabic), the officer English."""
    for user, language in ((personas.worker_a, "fr"), (personas.partner, "fr"), (personas.national, "en")):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def test_a_case_assigned_tells_its_worker_only(personas, committed) -> None:  # type: ignore[no-untyped-def]
    with committed():
        secret = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    [notification] = told(personas.worker_a, case_kinds.CASE_ASSIGNED)
    assert (notification.object_type, notification.object_id) == ("cases.case", str(secret.case.pk))
    assert notification.reference == secret.case.reference and notification.read_at is None
    [message] = mail.outbox
    assert message.to == [personas.worker_a.email]
    assert_in_language(message, "fr")
    assert_links_to_notification(message, notification)
    assert_discreet(mail.outbox, secret)
    assert Notification.objects.count() == 1, "nobody else, and not the manager who acted"


def test_reassigning_tells_the_new_worker_and_nobody_is_told_of_their_own_act(personas, committed) -> None:  # type: ignore[no-untyped-def]
    other = second_worker_a()
    with committed():
        secret = secret_case(personas, assigned_to=personas.worker_a, by="worker_a")  # worker A takes it: silent
        assert not Notification.objects.exists()
        handover.case_reassign(
            acting_user=personas.manager_a, case=secret.case, worker=other, note=secret.forbidden()[5]
        )
    assert len(told(other, case_kinds.CASE_ASSIGNED)) == 1
    [message] = mail.outbox
    assert message.to == [other.email]
    assert_in_language(message, "ar")  # no preference: Arabic
    assert_discreet(mail.outbox, secret)


def test_a_transferred_case_tells_the_receiving_worker(personas, committed) -> None:  # type: ignore[no-untyped-def]
    manager_b = make_user("p-manager-b", "center_manager", center=personas.center_b)
    secret = secret_case(personas, assigned_to=personas.worker_a, by="manager_a")
    mail.outbox.clear()
    transfer = handover.case_transfer_request(acting_user=personas.manager_a, case=secret.case,
                                              to_center=personas.center_b, note="NOTE-CONFIDENTIELLE transfert",
                                              consent_obtained=True)  # fmt: skip
    with committed():
        handover.case_transfer_accept(acting_user=manager_b, transfer=transfer, worker=personas.worker_b)
    [notification] = told(personas.worker_b, case_kinds.CASE_TRANSFERRED)
    [message] = mail.outbox
    assert message.to == [personas.worker_b.email]
    assert_links_to_notification(message, notification)
    assert_discreet(mail.outbox, secret)


def _send(personas, case, **recipient):  # type: ignore[no-untyped-def]
    recipient = recipient or {"to_organization": personas.health_partner}
    return referral_services.referral_send(acting_user=personas.worker_a, case=case, reason="RAISON-CONFIDENTIELLE x",
                                           shared_fields=["name", "needs"], consent_obtained=True,
                                           message="NOTE-CONFIDENTIELLE message", **recipient)  # fmt: skip


def test_a_referral_received_tells_the_partner_and_answered_tells_the_sender(personas, committed) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    mail.outbox.clear()
    with committed():
        referral = _send(personas, secret.case)
    [received] = told(personas.partner, referral_kinds.RECEIVED)
    assert received.reference == "", "the partner does not know the case's number"
    assert [m.to for m in mail.outbox] == [[personas.partner.email]]
    assert_in_language(mail.outbox[0], "fr")
    assert_links_to_notification(mail.outbox[0], received)
    assert not told(personas.worker_a, referral_kinds.RECEIVED) and not told(personas.worker_b, referral_kinds.RECEIVED)
    with committed():
        referral_services.referral_accept(
            acting_user=personas.partner, referral=referral, note="NOTE-CONFIDENTIELLE ok"
        )
    [answered] = told(personas.worker_a, referral_kinds.ANSWERED)
    assert answered.reference == secret.case.reference
    assert [m.to for m in mail.outbox[1:]] == [[personas.worker_a.email]]
    assert_discreet(mail.outbox, secret)


def test_a_referral_to_a_center_tells_the_staff_who_answer_there(personas, committed) -> None:  # type: ignore[no-untyped-def]
    manager_b = make_user("p-manager-b", "center_manager", center=personas.center_b)
    secret = secret_case(personas, assigned_to=personas.worker_a)
    with committed():
        referral = _send(personas, secret.case, to_center=personas.center_b)
    receivers = set(Notification.objects.filter(kind=referral_kinds.RECEIVED).values_list("user__username", flat=True))
    assert receivers == {manager_b.username, personas.worker_b.username}
    with committed():
        referral_services.referral_decline(acting_user=personas.worker_b, referral=referral, reason="no_capacity")
    assert len(told(personas.worker_a, referral_kinds.ANSWERED)) == 1
    assert_discreet(mail.outbox, secret)


def test_an_overdue_referral_tells_both_ends_once_by_the_daily_task(personas, committed) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    referral = _send(personas, secret.case)
    mail.outbox.clear()
    assert referral_kinds.overdue_notify(today=referral.due_on) == 0, "not overdue on its last day"
    day_after = referral.due_on + datetime.timedelta(days=1)
    with committed():
        assert referral_kinds.overdue_notify(today=day_after) == 2
        assert referral_kinds.overdue_notify(today=day_after) == 0
        assert referral_kinds.overdue_notify(today=day_after + datetime.timedelta(days=2)) == 0
    assert len(told(personas.worker_a, referral_kinds.OVERDUE)) == 1
    assert len(told(personas.partner, referral_kinds.OVERDUE)) == 1
    assert told(personas.worker_a, referral_kinds.OVERDUE)[0].reference == secret.case.reference
    assert told(personas.partner, referral_kinds.OVERDUE)[0].reference == ""
    assert mail.outbox == [], "overdue referrals go to the daily digest by default"
    assert send_digests() == 2 and send_digests() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas.worker_a.email, personas.partner.email])
    assert_discreet(mail.outbox, secret)


def test_the_overdue_task_runs_through_celery(personas) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    referral = _send(personas, secret.case)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(referral).objects.filter(pk=referral.pk).update(due_on=yesterday)
    assert referral_tasks.notify_overdue.delay().get() == 2
    assert referral_tasks.notify_overdue.delay().get() == 0


def test_a_plan_submitted_tells_the_manager_and_its_decision_tells_the_worker(personas, committed) -> None:  # type: ignore[no-untyped-def]
    from jisr.cases.models import Protocol

    secret = secret_case(personas, assigned_to=personas.worker_a)
    protocol = Protocol.objects.filter(status=Protocol.Status.PUBLISHED).first()
    case_services.assessment_record(acting_user=personas.worker_a, case=secret.case, protocol=protocol,
                                    answers=answers_with_needs(protocol))  # fmt: skip
    plan = orientation.plan_start(acting_user=personas.worker_a, case=secret.case)
    goal = orientation.goal_add(acting_user=personas.worker_a, plan=plan, domain="income", title="Emploi")
    orientation.action_add(acting_user=personas.worker_a, goal=goal, kind="internal", description="Atelier",
                           due_on=timezone.localdate() + datetime.timedelta(days=9))  # fmt: skip
    mail.outbox.clear()
    with committed():
        plan = orientation.plan_submit(acting_user=personas.worker_a, plan=plan)
    [submitted] = told(personas.manager_a, case_kinds.PLAN_SUBMITTED)
    [message] = mail.outbox
    assert message.to == [personas.manager_a.email]
    assert_in_language(message, "ar")
    assert_links_to_notification(message, submitted)
    with committed():
        plan = orientation.plan_return(acting_user=personas.manager_a, plan=plan, note="NOTE-CONFIDENTIELLE à revoir")
    assert len(told(personas.worker_a, case_kinds.PLAN_RETURNED)) == 1
    with committed():
        plan = orientation.plan_submit(acting_user=personas.worker_a, plan=plan)
        orientation.plan_approve(acting_user=personas.manager_a, plan=plan)
    assert len(told(personas.worker_a, case_kinds.PLAN_APPROVED)) == 1
    assert len(told(personas.manager_a, case_kinds.PLAN_SUBMITTED)) == 2
    assert [m.to[0] for m in mail.outbox] == [personas.manager_a.email, personas.worker_a.email,
                                               personas.manager_a.email, personas.worker_a.email]  # fmt: skip
    for message in mail.outbox:
        assert_in_language(message, "ar" if message.to == [personas.manager_a.email] else "fr")
    assert_discreet(mail.outbox, secret)


def test_a_follow_up_due_tells_the_worker_once_in_the_digest(personas, committed) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    case = to_pathway(personas, secret.case)
    first = case_services.followups_schedule(acting_user=personas.worker_a, case=case)[0]
    mail.outbox.clear()
    with committed():
        assert case_kinds.followups_due_notify(today=first.due_on - datetime.timedelta(days=1)) == 0
        assert case_kinds.followups_due_notify(today=first.due_on) == 1
        assert case_kinds.followups_due_notify(today=first.due_on) == 0
        assert case_kinds.followups_due_notify(today=first.due_on + datetime.timedelta(days=1)) == 0
    [due] = told(personas.worker_a, case_kinds.FOLLOWUP_DUE)
    assert due.event_key == f"followup:{first.pk}" and due.email == Notification.Email.DIGEST
    assert mail.outbox == []
    assert send_digests() == 1
    [digest] = mail.outbox
    assert_in_language(digest, "fr")
    assert_links_to_notification(digest, due)
    assert_discreet(mail.outbox, secret)


def test_the_follow_up_task_runs_through_celery_and_skips_a_case_with_no_worker(personas) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    case = to_pathway(personas, secret.case)
    first = case_services.followups_schedule(acting_user=personas.worker_a, case=case)[0]
    FollowUp.objects.filter(pk=first.pk).update(due_on=timezone.localdate())
    type(case).objects.filter(pk=case.pk).update(assigned_to=None)
    assert case_tasks.notify_followups_due.delay().get() == 0
    type(case).objects.filter(pk=case.pk).update(assigned_to=personas.worker_a)
    assert case_tasks.notify_followups_due.delay().get() == 1
    assert case_tasks.notify_followups_due.delay().get() == 0


@pytest.fixture
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


def test_an_import_finished_or_failed_tells_the_one_who_started_it(personas, committed, var_dir) -> None:  # type: ignore[no-untyped-def]
    with committed():
        done = import_start(acting_user=personas.national, upload=SimpleUploadedFile("h.csv", EXAMPLE.read_bytes()),
                            policy="update", kind="households")  # fmt: skip
    done.refresh_from_db()  # run once the job was committed
    assert done.status == ImportJob.Status.DONE
    [finished] = told(personas.national, registry_kinds.IMPORT_FINISHED)
    assert (finished.object_type, finished.object_id) == ("registry.importjob", str(done.pk))
    broken = SimpleUploadedFile("broken.csv", b"\x00\x01\x02 not a registry file\n")
    with committed():
        failed = import_start(acting_user=personas.national, upload=broken, policy="update", kind="households")
    failed.refresh_from_db()
    assert failed.status == ImportJob.Status.FAILED
    [failure] = told(personas.national, registry_kinds.IMPORT_FAILED)
    assert failure.object_id == str(failed.pk)
    assert [m.to for m in mail.outbox] == [[personas.national.email]] * 2
    for message, notification in zip(mail.outbox, (finished, failure), strict=True):
        assert_in_language(message, "en")
        assert_links_to_notification(message, notification)
    assert "h.csv" not in mail.outbox[0].body and "broken.csv" not in mail.outbox[1].body


def test_a_stalled_import_tells_its_owner_it_failed(personas, committed, var_dir) -> None:  # type: ignore[no-untyped-def]
    from jisr.registry.services import import_jobs_mark_stalled

    job = ImportJob.objects.create(file_name="x.csv", path="/nonexistent", status=ImportJob.Status.RUNNING,
                                   started_by=personas.national,
                                   progress_at=timezone.now() - datetime.timedelta(hours=2))  # fmt: skip
    with committed():
        assert import_jobs_mark_stalled() == 1
    assert [n.object_id for n in told(personas.national, registry_kinds.IMPORT_FAILED)] == [str(job.pk)]


def test_a_data_request_tells_who_answers_for_the_center(personas, committed) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas, assigned_to=personas.worker_a)
    mail.outbox.clear()
    with committed():
        request = privacy_services.request_log(acting_user=personas.worker_a, person=secret.person,
                                               center=personas.center_a, kind="access",
                                               details="NOTE-CONFIDENTIELLE demande")  # fmt: skip
    receivers = Notification.objects.filter(kind=privacy_kinds.REQUEST_TO_ANSWER).values_list("user", flat=True)
    assert list(receivers) == [personas.manager_a.pk], "the manager answers for the center, not the officer"
    [message] = mail.outbox
    assert message.to == [personas.manager_a.email]
    assert_links_to_notification(message, Notification.objects.get(object_id=str(request.pk)))
    assert "demande" not in message.body
    assert_discreet(mail.outbox, secret)


def test_nobody_is_told_of_what_they_may_not_open(personas, committed) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas)
    with committed():
        outsiders = [personas.worker_b, personas.partner, personas.outsider, personas.region_rsk]
        written = notify(kind=case_kinds.CASE_ASSIGNED, obj=secret.case, recipients=[*outsiders, personas.worker_a])
    assert [notification.user for notification in written] == [personas.worker_a]
    assert [m.to for m in mail.outbox] == [[personas.worker_a.email]]


def test_a_kind_no_app_registered_is_refused(personas) -> None:  # type: ignore[no-untyped-def]
    secret = secret_case(personas)
    with pytest.raises(LookupError):
        notify(kind="nowhere.nothing", obj=secret.case, recipients=[personas.worker_a])
