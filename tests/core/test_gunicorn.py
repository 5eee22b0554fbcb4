"""The gunicorn settings of config/gunicorn.py: a kept-alive connection stays usable after a pause
longer than gunicorn's default keep-alive (2 s), as a user's browser or a proxy's pool reuses it.
With the default, the second request on the connection fails ("connection reset"): 3 % of the
soak's requests did (docs/performance.md)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def tiny_app(environ: dict[str, object], start_response: Callable[..., object]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]


@pytest.mark.slow
def test_a_kept_alive_connection_survives_a_pause_of_a_few_seconds() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(REPO / "config" / "gunicorn.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "tests.core.test_gunicorn:tiny_app"],
        cwd=REPO,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for pause in (0, 3.5):  # a user reading the page before the next click
            time.sleep(pause)
            client.request("POST", "/", body=b"{}")
            response = client.getresponse()
            assert (response.status, response.read()) == (200, b"ok")
        client.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
