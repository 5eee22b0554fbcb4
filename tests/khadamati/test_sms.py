"""The SMS gateway: the backend the setting names, the console and locmem backends, and the HTTP backend
against a provider played by a local server (the JSON it receives, its Authorization header, and what
happens when it refuses, fails or does not answer in time). No real provider is ever called."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from jisr.core import sms
from jisr.core.sms import SmsError, send_sms

HTTP_BACKEND = "jisr.core.sms.backends.HttpBackend"


class Provider:
    """A local stand-in for an SMS provider: records what it receives, answers with `status` after `delay`."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 202
        self.delay = 0.0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 — http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                provider.received.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "body": json.loads(self.rfile.read(length).decode("utf-8")),
                    }
                )
                if provider.delay:
                    threading.Event().wait(provider.delay)
                try:
                    self.send_response(provider.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"id": "msg-1"}')
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    server = Provider()
    settings.JISR_SMS_BACKEND = HTTP_BACKEND
    settings.JISR_SMS_HTTP_URL = server.url
    settings.JISR_SMS_HTTP_TOKEN = "provider-token-123"
    settings.JISR_SMS_SENDER = "Khadamati"
    settings.JISR_SMS_HTTP_TIMEOUT = 2
    yield server
    server.close()


def test_the_http_backend_posts_json_with_the_bearer_token(provider) -> None:  # type: ignore[no-untyped-def]
    send_sms("+212661234567", "خدماتي: رمزك هو 123456")
    [request] = provider.received
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == "Bearer provider-token-123"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["body"] == {"to": "+212661234567", "from": "Khadamati", "text": "خدماتي: رمزك هو 123456"}


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_refusal_of_the_provider_is_logged_and_raised(provider, caplog, status) -> None:  # type: ignore[no-untyped-def]
    provider.status = status
    with caplog.at_level(logging.ERROR, logger="jisr.sms"), pytest.raises(SmsError, match=str(status)):
        send_sms("+212661234567", "secret code 654321")
    [record] = caplog.records
    assert str(status) in record.getMessage()
    assert "654321" not in record.getMessage() and "661234567" not in record.getMessage()  # no text, number masked


def test_a_provider_that_does_not_answer_in_time_is_an_error(provider, settings, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_SMS_HTTP_TIMEOUT = 1
    provider.delay = 2.5
    with caplog.at_level(logging.ERROR, logger="jisr.sms"), pytest.raises(SmsError):
        send_sms("+212661234567", "hello")
    assert caplog.records


def test_an_unreachable_provider_is_an_error(provider, settings) -> None:  # type: ignore[no-untyped-def]
    provider.close()
    with pytest.raises(SmsError, match="could not be reached"):
        send_sms("+212661234567", "hello")


def test_the_http_backend_needs_its_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_SMS_BACKEND = HTTP_BACKEND
    settings.JISR_SMS_HTTP_URL = ""
    with pytest.raises(ImproperlyConfigured):
        send_sms("+212661234567", "hello")


def test_the_task_logs_a_failure_and_does_not_break_the_request(provider) -> None:  # type: ignore[no-untyped-def]
    from jisr.core import crypto
    from jisr.core.tasks import send_sms_task

    provider.status = 500
    assert send_sms_task.apply(args=("+212661234567", crypto.encrypt("hello"))).get() is False
    provider.status = 200
    assert send_sms_task.apply(args=("+212661234567", crypto.encrypt("hello"))).get() is True
    assert [request["body"]["text"] for request in provider.received] == ["hello", "hello"]


def test_messages_after_a_write_wait_for_the_commit_and_travel_encrypted(db, django_capture_on_commit_callbacks,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    from jisr.core.tasks import send_sms_task

    sealed: list[str] = []
    monkeypatch.setattr(send_sms_task, "delay", lambda number, text: sealed.append(text) or send_sms_task(number, text))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sms.send_sms_on_commit("+212661234567", "code 111222")
    assert sms.outbox == [] and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()
    assert [message.text for message in sms.outbox] == ["code 111222"]
    assert "111222" not in sealed[0]  # what the broker carries is ciphertext


def test_the_console_backend_prints_the_message(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.JISR_SMS_BACKEND = "jisr.core.sms.backends.ConsoleBackend"
    send_sms("+212661234567", "Khadamati: 123456")
    printed = capsys.readouterr().out
    assert "+212661234567" in printed and "Khadamati: 123456" in printed


@pytest.mark.parametrize("number", ["0661234567", "212661234567", "+0661234567", ""])
def test_numbers_must_be_international(number) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SmsError):
        send_sms(number, "hello")
    assert sms.outbox == []
