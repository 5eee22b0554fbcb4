"""Khadamati's fixtures: text messages kept in memory, documents in a temporary folder, the back office of
Agadir and Oujda, and a way to sign in through the citizens' door as a browser would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from jisr.core import sms
from tests.khadamati.helpers import Office
from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE, make_user


@pytest.fixture(autouse=True)
def _khadamati_settings(settings, tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.JISR_SMS_BACKEND = "jisr.core.sms.backends.LocmemBackend"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.JISR_KHADAMATI_FILES_DIR = tmp_path / "khadamati"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def office(personas) -> Office:  # type: ignore[no-untyped-def]
    return Office(
        officer_agadir=make_user("p-kh-officer-agadir", "provincial_disability_officer", province_id=AGADIR_PROVINCE),
        officer_oujda=make_user("p-kh-officer-oujda", "provincial_disability_officer", province_id=OUJDA_PROVINCE),
        secretary_agadir=make_user("p-kh-secretary-agadir", "committee_secretary", province_id=AGADIR_PROVINCE),
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with commit(): …` runs what the code sends after its transaction commits (the messages)."""

    def run():  # type: ignore[no-untyped-def]
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def citizen_client(personas, commit) -> Client:  # type: ignore[no-untyped-def]
    """A browser signed in through the citizens' door with a new account (number 06 61 23 45 67)."""
    from tests.khadamati.helpers import sign_up

    client = Client()
    sign_up(client, commit, "0661234567", first_name="Amina", last_name="Berrada")
    return client
