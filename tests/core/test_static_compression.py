"""What production serves: collectstatic writes a gzip copy of each style sheet and script beside it, which
whitenoise sends to a browser that accepts gzip (a phone's first visit to Khadamati: about 34 KB, not 240)."""

from __future__ import annotations

import gzip
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_writes_a_gzip_copy_of_each_text_file(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    for name in ("vendor/bootstrap/bootstrap.rtl.min.css", "jisr/jisr.css", "vendor/htmx/htmx.min.js"):
        original = (tmp_path / name).read_bytes()
        compressed = (tmp_path / f"{name}.gz").read_bytes()
        assert gzip.decompress(compressed) == original
    stylesheet = tmp_path / "vendor/bootstrap/bootstrap.rtl.min.css"
    assert (tmp_path / "vendor/bootstrap/bootstrap.rtl.min.css.gz").stat().st_size < stylesheet.stat().st_size / 4
