"""Sensitive fields: ciphertext at rest, readable under any listed key, re-encrypted by rotation."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.test import override_settings

from jisr.core import crypto

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_values_are_ciphertext_and_round_trip() -> None:
    with override_settings(JISR_FIELD_KEYS=[OLD]):
        stored = crypto.encrypt("إنصات سري")
        assert stored.startswith(crypto.PREFIX) and "إنصات" not in stored
        assert crypto.decrypt(stored) == "إنصات سري"


def test_rotation_lets_the_old_key_go() -> None:
    with override_settings(JISR_FIELD_KEYS=[OLD]):
        stored = crypto.encrypt("note")
    with override_settings(JISR_FIELD_KEYS=[NEW, OLD]):
        assert crypto.decrypt(stored) == "note"
        rotated = crypto.rotate(stored)
    with override_settings(JISR_FIELD_KEYS=[NEW]):
        assert crypto.decrypt(rotated) == "note"
        with pytest.raises(InvalidToken):
            crypto.decrypt(stored)


def test_the_field_stores_ciphertext_and_reads_plaintext() -> None:
    field = crypto.EncryptedTextField()
    with override_settings(JISR_FIELD_KEYS=[OLD]):
        stored = field.get_prep_value("confidential")
        assert stored.startswith(crypto.PREFIX)
        assert field.from_db_value(stored, None, None) == "confidential"
        assert field.get_prep_value("") == "" and field.from_db_value(None, None, None) is None
