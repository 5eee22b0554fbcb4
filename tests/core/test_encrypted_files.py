"""The encrypted file store shared by attachments and Khadamati's documents (jisr.core.encrypted_files)."""

from __future__ import annotations

import base64
import stat

import pytest
from cryptography.fernet import Fernet, InvalidToken

from jisr.core.encrypted_files import EncryptedFiles


@pytest.fixture
def files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JISR_TEST_FILES_DIR = str(tmp_path / "files")
    return EncryptedFiles("JISR_TEST_FILES_DIR")


def test_a_file_is_stored_unreadable_and_read_back_with_its_key(files) -> None:  # type: ignore[no-untyped-def]
    content = b"%PDF-1.4 a medical report\n" * 50
    name, key = files.store(content)
    path = files.path_of(name)
    on_disk = path.read_bytes()
    assert content[:20] not in on_disk and b"medical" not in on_disk
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert files.load(name, key) == content
    assert list(files.stored_files()) == [path]  # no temporary file left behind


def test_each_file_has_its_own_key(files) -> None:  # type: ignore[no-untyped-def]
    first, first_key = files.store(b"one")
    second, second_key = files.store(b"two")
    assert first != second and first_key != second_key
    with pytest.raises(InvalidToken):
        files.load(first, second_key)


def test_an_altered_file_is_refused(files) -> None:  # type: ignore[no-untyped-def]
    name, key = files.store(b"the original")
    path = files.path_of(name)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidToken):
        files.load(name, key)


def test_a_file_written_as_the_base64_token_is_read_too(files) -> None:  # type: ignore[no-untyped-def]
    key = Fernet.generate_key()
    name = "ab" * 16
    path = files.path_of(name)
    path.parent.mkdir(parents=True)
    path.write_bytes(Fernet(key).encrypt(b"an earlier document"))  # the token as base64 text
    assert files.load(name, key.decode()) == b"an earlier document"
    raw_name, raw_key = files.store(b"a new document")
    assert files.path_of(raw_name).read_bytes()[:1] == base64.urlsafe_b64decode(Fernet(raw_key).encrypt(b"x"))[:1]


@pytest.mark.parametrize("name", ["../../etc/passwd", "AB" * 16, "ab" * 15, "", "ab" * 16 + "/x"])
def test_a_name_it_did_not_make_is_refused(files, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        files.path_of(name)


def test_deleting_skips_what_is_gone_and_counts_what_was_deleted(files) -> None:  # type: ignore[no-untyped-def]
    name, _key = files.store(b"x")
    assert files.delete([name, "", "cd" * 16]) == 1
    assert not files.path_of(name).exists()
    assert list(files.stored_files()) == []
