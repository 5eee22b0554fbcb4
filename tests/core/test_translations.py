"""Every user-facing string is translated: Arabic (the default), French and English.

A missing or fuzzy translation fails here, and so does a string in the code that the catalogs
do not yet contain (the catalogs are regenerated in a scratch copy and compared).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ["ar", "fr", "en"]
DOMAINS = ["django"]


def _catalog(language: str, domain: str) -> polib.POFile:
    path = REPO / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.exists(), f"missing catalog {path}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalog_is_complete(language: str, domain: str) -> None:
    catalog = _catalog(language, domain)
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:10]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:10]}"


def test_arabic_catalog_is_really_arabic() -> None:
    catalog = _catalog("ar", "django")
    arabic = [e for e in catalog.translated_entries() if any("\u0600" <= ch <= "\u06ff" for ch in e.msgstr)]
    assert len(arabic) >= 0.9 * len(catalog.translated_entries())


def test_plural_forms_of_arabic_are_declared() -> None:
    assert "nplurals=6" in _catalog("ar", "django").metadata.get("Plural-Forms", "")


@pytest.mark.slow
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="reads files only: the SQLite pass runs it")
def test_catalogs_contain_every_string_of_the_code(tmp_path: Path) -> None:
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext package (make test does).")
    for folder in ["jisr", "config", "templates", "locale"]:
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {"PYTHONPATH": str(tmp_path), "JISR_TESTING": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "jisr", "makemessages", "-l", "ar", "--no-obsolete", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    regenerated = {e.msgid for e in polib.pofile(str(tmp_path / "locale/ar/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in _catalog("ar", "django")}
    missing = sorted(regenerated - committed)
    assert missing == [], f"{len(missing)} strings are not in the catalogs (run `make messages`): {missing[:10]}"
