"""Khadamati in the data-subject export and in retention: a person's declarations are exported (without the
document's key), a verified one keeps the person, refused ones go with their documents after their period,
and sign-in codes are deleted a day after they were asked for."""

from __future__ import annotations

import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import User
from jisr.khadamati import services, signin
from jisr.khadamati.models import Representation, SignInCode, SignInLock
from jisr.people.models import Person
from jisr.privacy.export import person_export
from jisr.privacy.models import RetentionPolicy
from jisr.privacy.retention import persons_due, retention_apply
from jisr.territories.models import Commune
from tests.khadamati.helpers import pdf_bytes
from tests.personas import AGADIR_COMMUNE

pytestmark = pytest.mark.django_db


def _declare(client: Client, **changes: object) -> Representation:
    values: dict[str, object] = {
        "relation": "minor_child",
        "first_name": "Yassine",
        "last_name": "Berrada",
        "birth_date": datetime.date(2016, 5, 4),
        "civil_register_id": "123456789",
        "commune": Commune.objects.get(code=AGADIR_COMMUNE),
        "document_name": "acte.pdf",
        "document_content": pdf_bytes(),
    }
    values.update(changes)
    citizen = User.objects.get(pk=client.session[SESSION_KEY])
    return services.representation_declare(acting_user=citizen, **values)  # type: ignore[arg-type]


def test_the_export_holds_the_declarations_made_for_the_person(personas, office, citizen_client, commit) -> None:  # type: ignore[no-untyped-def]
    person = Person.objects.create(first_name_latin="Yacine", last_name_latin="Berrada", sex="M",
                                   civil_register_id="123456789", registered_at=personas.center_a,
                                   commune_id=AGADIR_COMMUNE)  # fmt: skip
    representation = _declare(citizen_client)
    document = person_export(acting_user=personas.national, person_id=person.pk)
    [entry] = document["khadamati_representations"]
    assert entry["id"] == str(representation.pk) and entry["status"] == "pending"
    assert "document_key" not in entry and "document_stored_name" not in entry


def test_a_verified_declaration_keeps_the_person_and_refused_ones_go_after_their_period(
    personas, office, citizen_client, commit, settings
) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - datetime.timedelta(days=365 * 6)
    person = Person.objects.create(first_name_latin="Yacine", last_name_latin="Berrada", sex="M",
                                   civil_register_id="123456789", commune_id=AGADIR_COMMUNE)  # fmt: skip
    Person.objects.filter(pk=person.pk).update(created_at=long_ago, updated_at=long_ago)
    assert persons_due().filter(pk=person.pk).exists()  # nothing recent: due
    verified = _declare(citizen_client)
    with commit():
        services.representation_verify(acting_user=office.officer_agadir, representation=verified)
    assert not persons_due().filter(pk=person.pk).exists()  # a citizen acts for them: kept

    refused = _declare(citizen_client, relation="self", cin="JB123456", civil_register_id="",
                       birth_date=datetime.date(1985, 1, 1))  # fmt: skip
    with commit():
        services.representation_refuse(acting_user=office.officer_agadir, representation=refused,
                                       reason="The CIN sent is not readable: send a clearer scan.")  # fmt: skip
    stored = Path(settings.JISR_KHADAMATI_FILES_DIR) / refused.document_stored_name[:2] / refused.document_stored_name
    assert stored.exists()
    assert RetentionPolicy.objects.get(record_type="khadamati_representation").months == 12
    with commit():
        assert retention_apply().counts["khadamati_representation"] == 0  # refused today: kept
    later = timezone.now() + datetime.timedelta(days=400)
    assert retention_apply(dry_run=True, now=later).counts["khadamati_representation"] == 1
    with commit():
        retention_apply(now=later)
    assert list(Representation.objects.values_list("pk", flat=True)) == [verified.pk]
    assert not stored.exists()


def test_sign_in_codes_and_locks_are_deleted_after_a_day(personas, commit) -> None:  # type: ignore[no-untyped-def]
    signin.sign_in_code_request(destination=signin.parse_destination("0661234567"), ip_address=None, language="ar")
    assert SignInCode.objects.count() == 1 and SignInLock.objects.count() == 1
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        signin.sign_in_code_request(destination=signin.parse_destination("0661234568"), ip_address=None,
                                    language="ar")  # fmt: skip
    assert list(SignInCode.objects.values_list("destination", flat=True)) == ["+212661234568"]
    assert list(SignInLock.objects.values_list("destination", flat=True)) == ["+212661234568"]


def _with_document(request):  # type: ignore[no-untyped-def]
    """A stored document on the request; the path of its file."""
    from jisr.khadamati import documents
    from jisr.khadamati.models import RequestDocument

    stored_name, key = documents.store(pdf_bytes())
    RequestDocument.objects.create(request=request, code="cin", name="cin.pdf", mime_type="application/pdf", size=10,
                                   stored_name=stored_name, key=key, uploaded_by=request.applicant,
                                   uploaded_at=request.updated_at)  # fmt: skip
    return documents.path_of(stored_name)


def test_requests_refused_for_good_or_withdrawn_are_deleted_after_their_period(personas, commit) -> None:  # type: ignore[no-untyped-def]
    from jisr.khadamati.models import Request
    from tests.khadamati.helpers import make_citizen
    from tests.khadamati.office_helpers import request_at

    applicant = make_citizen("p-kp-applicant")
    assert RetentionPolicy.objects.get(record_type="khadamati_request").months == 24  # the documented default
    three_years = 3 * 365
    old_refusal = request_at("refused", applicant=applicant, days_ago=three_years)
    request_at("withdrawn", applicant=applicant, days_ago=three_years)
    recent_refusal = request_at("refused", applicant=applicant, days_ago=30)
    recent_withdrawal = request_at("withdrawn", applicant=applicant, days_ago=30)
    old_grant = request_at("granted", applicant=applicant, days_ago=three_years)
    old_card = request_at("card_issued", applicant=applicant, days_ago=three_years)
    old_file, kept_file = _with_document(old_refusal), _with_document(recent_refusal)
    assert old_file.exists() and kept_file.exists()

    assert retention_apply(dry_run=True).counts["khadamati_request"] == 2
    assert Request.objects.count() == 6  # a dry run deletes nothing
    with commit():
        retention_apply()
    kept = set(Request.objects.values_list("pk", flat=True))
    assert kept == {recent_refusal.pk, recent_withdrawal.pk, old_grant.pk, old_card.pk}
    assert not old_file.exists() and kept_file.exists()


def test_a_refusal_counts_its_period_from_the_end_of_the_appeal_delays(personas, commit) -> None:  # type: ignore[no-untyped-def]
    from jisr.khadamati.models import Request
    from tests.khadamati.helpers import make_citizen
    from tests.khadamati.office_helpers import request_at

    applicant = make_citizen("p-kp-applicant")
    RetentionPolicy.objects.filter(record_type="khadamati_request").update(months=1)
    # 40 days ago: past a month, but a refusal may still be reconsidered (30 days) then appealed (60 days): it
    # is final 50 days from now, and deleted a month after that.
    refused = request_at("refused", applicant=applicant, days_ago=40)
    withdrawn = request_at("withdrawn", applicant=applicant, days_ago=40)
    with commit():
        retention_apply()
    assert list(Request.objects.values_list("pk", flat=True)) == [refused.pk]
    assert withdrawn.pk != refused.pk
    with commit():
        retention_apply(now=timezone.now() + datetime.timedelta(days=60))
    assert Request.objects.filter(pk=refused.pk).exists()
    with commit():
        retention_apply(now=timezone.now() + datetime.timedelta(days=100))
    assert not Request.objects.exists()
