"""Protection of the person (law 09-08): consents and withdrawal, data-subject requests answered with
an export of the person's data, retention periods applied by an anonymization job; the personas
who must not see any of it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jisr.cases import services as case_services
from jisr.cases.models import Case, ListeningRecord
from jisr.core.models import AuditLog
from jisr.people.models import Consent, Person
from jisr.privacy import services
from jisr.privacy.export import person_export
from jisr.privacy.models import DataSubjectRequest, RetentionPolicy
from jisr.privacy.retention import retention_apply
from jisr.referrals import services as referral_services
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
NEVER_SEE = ("worker_b", "partner", "analyst", "citizen", "outsider")


@pytest.fixture
def person(personas):  # type: ignore[no-untyped-def]
    return register(personas, first_name_ar="مريم", last_name_ar="التازي", first_name_latin="Meryem",
                    last_name_latin="Tazi", sex="F", cin="JB123456", phone="0612345678",
                    birth_date=datetime.date(1990, 6, 15))  # fmt: skip


def _registered_ago(person: Person, *, days: int) -> None:
    """The person's record as if registered (and last corrected) `days` ago."""
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def case(personas, person):  # type: ignore[no-untyped-def]
    opened = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                     reason="سبب", channel="walk_in", consent_obtained=True)  # fmt: skip
    case_services.listening_record(acting_user=personas.worker_a, case=opened, needs=["safety"], notes="ملاحظات سرية")
    return opened


def test_a_withdrawn_consent_no_longer_carries_a_referral(personas, person, case) -> None:  # type: ignore[no-untyped-def]
    consent = services.consent_record(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                      purpose="referral", recipient=personas.health_partner)  # fmt: skip
    assert referral_services.has_referral_basis(person, personas.health_partner)
    with pytest.raises(Http404):
        services.consent_withdraw(acting_user=personas.worker_b, consent=consent)
    services.consent_withdraw(acting_user=personas.worker_a, consent=consent, note="par téléphone")
    consent.refresh_from_db()
    assert consent.withdrawn_at and consent.withdrawn_by == personas.worker_a
    assert not referral_services.has_referral_basis(person, personas.health_partner)
    with pytest.raises(ValidationError, match="already|سبق|déjà"):
        services.consent_withdraw(acting_user=personas.worker_a, consent=consent)


def test_a_request_is_logged_due_and_answered_once(personas, person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.request_log(acting_user=personas.worker_a, person=person, center=personas.center_a, kind="access",
                             details="x", received_on=timezone.localdate() + datetime.timedelta(days=1))  # fmt: skip
    assert "received_on" in refused.value.message_dict
    request = services.request_log(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   kind="access", details="Copie de mon dossier")  # fmt: skip
    assert request.due_on == timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(Http404):  # a social worker logs requests; the manager answers them
        services.request_answer(acting_user=personas.worker_a, request=request, response="x")
    with pytest.raises(ValidationError):
        services.request_answer(acting_user=personas.manager_a, request=request, response=" ")
    services.request_answer(acting_user=personas.manager_a, request=request, response="Copie remise", export_given=True)
    with pytest.raises(ValidationError):
        services.request_answer(acting_user=personas.manager_a, request=request, response="encore")
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.ANSWERED and request.export_given


def test_the_export_holds_the_persons_data_and_is_audited(personas, person, case) -> None:  # type: ignore[no-untyped-def]
    document = person_export(acting_user=personas.manager_a, person_id=person.pk)
    assert document["person"]["cin"] == "JB123456" and "name_ar_key" not in document["person"]
    assert document["cases"][0]["listening_records"][0]["notes"] == "ملاحظات سرية"
    assert [c["purpose"] for c in document["consents"]] == ["case_management"]
    json.dumps(document)  # JSON-ready
    assert AuditLog.objects.filter(action="export", object_id=str(person.pk)).count() == 1
    for name in ("worker_a", *NEVER_SEE):  # a social worker may not export by default
        with pytest.raises(Http404):
            person_export(acting_user=getattr(personas, name), person_id=person.pk)


def test_retention_anonymizes_only_what_is_due_and_only_once(personas, person, case) -> None:  # type: ignore[no-untyped-def]
    other = register(personas, first_name_ar="يوسف", last_name_ar="العلوي", sex="M")
    case_services.case_open(
        acting_user=personas.worker_a,
        person=other,
        center=personas.center_a,
        reason="r",
        channel="walk_in",
        consent_obtained=True,
    )  # fmt: skip (still open: kept)
    case_services.case_close(acting_user=personas.worker_a, case=case, reason="goals_achieved")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=365 * 6))
    _registered_ago(person, days=365 * 6)  # every record of the person counts now, their registration too
    preview = retention_apply(dry_run=True)
    assert preview.counts["closed_case_person"] == 1 and preview.counts["listening_notes"] == 1
    person.refresh_from_db()
    assert person.first_name_ar == "مريم"  # a dry run changes nothing
    run = retention_apply(acting_user=personas.national)
    assert run.counts["closed_case_person"] == 1
    person.refresh_from_db()
    assert (person.first_name_ar, person.last_name_latin, person.cin, person.phone) == ("", "", None, "")
    assert person.birth_date == datetime.date(1990, 1, 1) and person.anonymized_at is not None
    assert person.sex == "F" and person.birth_date.year == 1990  # what the statistics need stays
    assert ListeningRecord.objects.get(case=case).notes == ""
    other.refresh_from_db()
    assert other.first_name_ar == "يوسف"
    assert retention_apply().counts["closed_case_person"] == 0  # idempotent
    assert Consent.objects.filter(person=person).exists()  # the legal record of the consent stays


def test_a_shorter_listening_period_clears_only_the_notes(personas, person, case) -> None:  # type: ignore[no-untyped-def]
    case_services.case_close(acting_user=personas.worker_a, case=case, reason="moved")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=365 * 3))
    _registered_ago(person, days=365 * 3)
    call_command("apply_retention")
    person.refresh_from_db()
    assert person.first_name_ar == "مريم" and ListeningRecord.objects.get(case=case).notes == ""
    RetentionPolicy.objects.filter(record_type="closed_case_person").update(months=24)
    call_command("apply_retention")
    assert Person.objects.get(pk=person.pk).anonymized_at is not None


def test_pages_and_who_must_not_see_them(client, personas, person, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.worker_a)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    new = reverse("privacy:request_new", args=[person.pk])
    response = client.post(new, {"center": personas.center_a.pk, "kind": "rectification", "details": "Nom mal écrit",
                                 "received_on": "٢٠٢٦-٠١-٠٥"})  # fmt: skip
    request = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and request.received_on == datetime.date(2026, 1, 5)
    detail = reverse("privacy:request", args=[request.pk])
    assert client.post(detail, {"response": "x"}).status_code == 404  # workers do not answer
    client.post(reverse("privacy:consent_add", args=[person.pk]),
                {"center": personas.center_a.pk, "purpose": "training", "legal_basis": "consent"})  # fmt: skip
    consent = Consent.objects.get(purpose="training")
    client.post(reverse("privacy:consent_withdraw", args=[consent.pk]), {})  # not confirmed: nothing happens
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    client.post(reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirm": "on"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.get(reverse("privacy:export", args=[person.pk])).status_code == 404
    for name in NEVER_SEE:
        client.force_login(getattr(personas, name))
        assert client.get(detail).status_code == 404, name
        assert client.get(reverse("privacy:export", args=[person.pk])).status_code == 404, name
        assert client.get(new).status_code == 404, name
        assert client.get(reverse("privacy:retention")).status_code == 404, name
        assert client.post(reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirm": "on"}).status_code == 404
    client.force_login(personas.manager_a)
    client.post(detail, {"response": "Corrigé", "export_given": "on"})
    assert DataSubjectRequest.objects.get().status == "answered"
    exported = client.get(reverse("privacy:export", args=[person.pk]))
    assert exported.status_code == 200 and exported.json()["person"]["first_name_latin"] == "Meryem"
    client.force_login(personas.national)
    assert client.get(reverse("privacy:retention") + "?preview=1").status_code == 200
    client.post(reverse("privacy:retention"), {"record_type": "listening_notes", "months": "١٢", "is_active": "on"})
    assert RetentionPolicy.objects.get(record_type="listening_notes").months == 12
    client.post(reverse("privacy:retention_run"), {})  # not confirmed
    client.post(reverse("privacy:retention_run"), {"confirm": "on"})
    assert AuditLog.objects.filter(object_type="privacy.retentionrun").count() == 1
