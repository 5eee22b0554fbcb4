"""Encryption at rest for sensitive fields (law 09-08): Fernet tokens under rotatable keys.

`settings.JISR_FIELD_KEYS` lists the keys newest first. Values are encrypted with the first key and
decrypted with any of them, so a new key is introduced by prepending it, then
`jisr rotate_field_keys` re-encrypts the stored values, then the old key is removed.
The database only ever holds ciphertext: a dump or a replica leaks nothing readable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("JISR_FIELD_KEYS is empty: sensitive fields cannot be encrypted.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.JISR_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("value is not a Jisr ciphertext")
    return cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")


def rotate(stored: str) -> str:
    """The same value encrypted under the newest key."""
    return PREFIX + cipher().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A text field stored as ciphertext. Not searchable, not orderable: keep only prose in it.

    Reads of the models that hold one are audited by their selectors (DESIGN.md convention 3).
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
