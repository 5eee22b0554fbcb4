"""Citizens sign up and sign in by a one-time code: happy path, wrong, expired and reused codes, the limits
per number and per client address, the lockout and its end, codes never stored in clear, no enumeration,
and staff who never get in through this door."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.utils import timezone

from jisr.accounts.models import Membership, User
from jisr.core import sms
from jisr.core.models import AuditLog
from jisr.khadamati import signin
from jisr.khadamati.auth import CITIZEN_BACKEND
from jisr.khadamati.models import SignInCode
from tests.khadamati.helpers import CODE, NAME, SIGN_IN, ask_code, enter_code, last_code, sign_up

pytestmark = pytest.mark.django_db


def _later(minutes: float):  # type: ignore[no-untyped-def]
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _signed_in_user(client: Client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_a_new_number_signs_up_with_its_code_then_signs_in_again_in_any_form(personas, commit) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.get(SIGN_IN)
    anonymous_key = client.session.session_key
    response = ask_code(client, commit, "06 61 23 45 67")
    assert response.status_code == 302 and response["Location"] == CODE
    assert [message.to for message in sms.outbox] == ["+212661234567"]
    assert re.fullmatch(r"\d{6}", last_code())
    # The code page names the number masked, never the code.
    page = client.get(CODE).content.decode()
    assert "+212" in page and "661234567" not in page
    response = enter_code(client, last_code())
    assert response.status_code == 302 and response["Location"] == NAME
    assert _signed_in_user(client) is None  # no account before the name is given
    response = client.post(NAME, {"first_name": "Amina", "last_name": "Berrada"})
    assert response.status_code == 302 and response["Location"] == "/khadamati/"
    user = _signed_in_user(client)
    assert user is not None and user.phone == "+212661234567" and user.first_name == "Amina"
    assert not user.has_usable_password()
    assert list(Membership.objects.filter(user=user).values_list("role_id", flat=True)) == ["citizen"]
    assert client.session["_auth_user_backend"] == CITIZEN_BACKEND
    assert client.session.session_key != anonymous_key  # a new session at login
    assert "Amina" in client.get("/khadamati/").content.decode()
    assert AuditLog.objects.filter(action="create", object_id=str(user.pk)).exists()
    assert AuditLog.objects.filter(action="login", actor=user).exists()

    # Signing out ends the session; the same number typed another way signs in to the same account.
    client.post("/khadamati/sign-out/")
    assert _signed_in_user(client) is None
    sms.outbox.clear()
    ask_code(client, commit, "+212 6 61 23 45 67")
    response = enter_code(client, last_code())
    assert response.status_code == 302 and response["Location"] == "/khadamati/"
    assert _signed_in_user(client) == user
    assert User.objects.filter(phone="+212661234567").count() == 1


def test_arabic_indic_digits_and_the_e_mail_alternative(personas, commit) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "٠٧٠٠١١٢٢٣٣")
    assert sms.outbox[-1].to == "+212700112233"
    other = Client()
    sign_up(other, commit, "Amina.B@Example.MA", first_name="Amina")
    assert mail.outbox and mail.outbox[-1].to == ["amina.b@example.ma"]
    user = _signed_in_user(other)
    assert user is not None and user.email == "amina.b@example.ma" and user.phone == ""


@pytest.mark.parametrize("typed", ["0512345678", "+33612345678", "061234567", "06123456789", "bonjour"])
def test_only_moroccan_mobile_numbers_or_e_mail_addresses_are_accepted(personas, commit, typed) -> None:  # type: ignore[no-untyped-def]
    response = ask_code(Client(), commit, typed)
    assert response.status_code == 200 and not sms.outbox
    assert SignInCode.objects.count() == 0


def test_the_message_is_in_the_language_of_the_page(personas, commit, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The text is translated in the language of the page the code was asked from (the catalogs are merged
    later, so the test records the language active when each text is translated)."""
    from django.utils import translation

    monkeypatch.setattr("jisr.khadamati.messages._", lambda text: f"[{translation.get_language()}] {text}")
    for language in ("fr", "ar", "en"):
        client = Client()
        client.cookies["jisr_language"] = language
        ask_code(client, commit, "0661234567")
        assert sms.outbox[-1].text.startswith(f"[{language}] ")
        sms.outbox.clear()


def test_a_wrong_code_is_refused_and_counted(personas, commit) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "0661234567")
    right = last_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = enter_code(client, wrong)
    assert response.status_code == 200 and _signed_in_user(client) is None
    assert "4" in response.content.decode()  # attempts left
    entry = AuditLog.objects.get(action="login_failed", object_type="khadamati.signincode")
    assert "661234567" not in entry.object_repr  # masked
    assert enter_code(client, right).status_code == 302  # the right code still works after one mistake


def test_an_expired_code_is_refused(personas, commit, in_english) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "0661234567")
    with _later(5.5):
        response = enter_code(client, last_code())
    assert response.status_code == 200 and _signed_in_user(client) is None
    with pytest.raises(signin.CodeRejected, match="expired"), _later(5.5):
        signin.sign_in_code_verify(code_id=SignInCode.objects.get().pk, code=last_code(), ip_address=None)


def test_a_code_works_once(personas, commit, in_english) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_up(client, commit, "0661234567")
    code_id = SignInCode.objects.get().pk
    with pytest.raises(signin.CodeRejected, match="already been used"):
        signin.sign_in_code_verify(code_id=code_id, code=last_code(), ip_address=None)


def test_a_new_code_ends_the_previous_one(personas, commit, in_english) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "0661234567")
    first_id, first_code = SignInCode.objects.get().pk, last_code()
    ask_code(client, commit, "0661234567")
    with pytest.raises(signin.CodeRejected, match="expired"):
        signin.sign_in_code_verify(code_id=first_id, code=first_code, ip_address=None)


def test_codes_per_number_are_limited_then_allowed_again(personas, commit, settings, in_english) -> None:  # type: ignore[no-untyped-def]
    assert settings.JISR_OTP_SENDS_PER_DESTINATION == 3 and settings.JISR_OTP_DESTINATION_WINDOW_MINUTES == 15
    for number in range(3):  # from three different addresses: the limit is the number's
        response = ask_code(Client(REMOTE_ADDR=f"10.0.0.{number}"), commit, "0661234567")
        assert response.status_code == 302
    response = ask_code(Client(REMOTE_ADDR="10.0.0.9"), commit, "0661234567")
    assert response.status_code == 200 and "Too many codes" in response.content.decode()
    assert len(sms.outbox) == 3
    with _later(16):
        assert ask_code(Client(), commit, "0661234567").status_code == 302
    assert len(sms.outbox) == 4


def test_codes_per_client_address_are_limited(personas, commit, settings, in_english) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_OTP_SENDS_PER_ADDRESS = 4
    for index in range(4):
        assert ask_code(Client(REMOTE_ADDR="10.1.1.1"), commit, f"066123450{index}").status_code == 302
    response = ask_code(Client(REMOTE_ADDR="10.1.1.1"), commit, "0661234599")
    assert response.status_code == 200 and "Too many codes" in response.content.decode()
    assert ask_code(Client(REMOTE_ADDR="10.1.1.2"), commit, "0661234599").status_code == 302
    assert len(sms.outbox) == 5


def test_five_wrong_codes_lock_the_number_for_fifteen_minutes(personas, commit, settings, in_english) -> None:  # type: ignore[no-untyped-def]
    assert settings.JISR_OTP_FAILURE_LIMIT == 5 and settings.JISR_OTP_LOCKOUT_MINUTES == 15
    client = Client()
    ask_code(client, commit, "0661234567")
    right = last_code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _attempt in range(4):
        assert "not right" in enter_code(client, wrong).content.decode()
    assert "Too many wrong codes" in enter_code(client, wrong).content.decode()
    # Locked: even the right code is refused, and no new code is sent, from any address.
    assert "Too many wrong codes" in enter_code(client, right).content.decode()
    sent = len(sms.outbox)
    response = ask_code(Client(REMOTE_ADDR="10.2.2.2"), commit, "+212661234567")
    assert "Too many wrong codes" in response.content.decode() and len(sms.outbox) == sent
    assert _signed_in_user(client) is None
    assert AuditLog.objects.filter(action="login_failed", changes__locked=True).count() == 1
    # Fifteen minutes later a new code is sent and signs in.
    with _later(16):
        assert ask_code(client, commit, "0661234567").status_code == 302
        assert enter_code(client, last_code()).status_code == 302
    assert len(sms.outbox) == sent + 1


def test_codes_are_stored_only_as_keyed_hashes(personas, commit) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "0661234567")
    code = last_code()
    row = SignInCode.objects.get()
    stored = " ".join(str(value) for value in SignInCode.objects.values().get().values())
    assert code not in stored
    assert re.fullmatch(r"[0-9a-f]{64}", row.code_hash)
    # A hash keyed by the server's secret: a plain SHA-256 of the code, with or without its id, is not it.
    import hashlib

    for guess in (code, f"{row.pk}:{code}", f"{row.pk}{code}"):
        assert hashlib.sha256(guess.encode()).hexdigest() != row.code_hash
    assert code not in str(dict(client.session))


def test_a_staff_number_or_address_gets_the_same_answer_and_no_code(personas, commit) -> None:  # type: ignore[no-untyped-def]
    personas.worker_a.phone = "+212662000001"
    personas.worker_a.save(update_fields=["phone"])
    staff, stranger = Client(), Client()
    staff_answer = ask_code(staff, commit, "0662000001")
    stranger_answer = ask_code(stranger, commit, "0662000002")
    assert (staff_answer.status_code, staff_answer["Location"]) == (
        stranger_answer.status_code,
        stranger_answer["Location"],
    )
    assert [message.to for message in sms.outbox] == ["+212662000002"]  # only the unknown number got one

    def page(client: Client) -> str:
        return re.sub(r"\+212[^<]*", "NUMBER", client.get(CODE).content.decode())

    assert _without_tokens(page(staff)) == _without_tokens(page(stranger))
    # No code can open the staff account here: each guess is a wrong code.
    assert enter_code(staff, "123456").status_code == 200
    assert _signed_in_user(staff) is None
    # The e-mail address of a staff account: no e-mail either.
    ask_code(Client(), commit, personas.worker_a.email.upper())
    assert mail.outbox == []


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_number_that_becomes_staff_cannot_finish_signing_up(personas, commit) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    ask_code(client, commit, "0662000003")
    code = last_code()
    personas.worker_b.phone = "+212662000003"
    personas.worker_b.save(update_fields=["phone"])
    assert enter_code(client, code).status_code == 200
    assert _signed_in_user(client) is None


def test_a_citizen_session_ends_when_the_account_gets_a_staff_role(personas, commit, citizen_client) -> None:  # type: ignore[no-untyped-def]
    user = _signed_in_user(citizen_client)
    assert citizen_client.get("/khadamati/representations/new/").status_code == 200
    Membership.objects.create(user=user, role_id="social_worker", center=personas.center_a)
    response = citizen_client.get("/khadamati/representations/new/")
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
