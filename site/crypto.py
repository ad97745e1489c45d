"""Encryption of sensitive free text at rest (DESIGN rule 3).

Keys come from FIELD_ENCRYPTION_KEY, a comma-separated list of Fernet keys, newest first; they are
separate from SECRET_KEY. New values are encrypted with the newest key; older keys still decrypt
until `rotate_encryption_keys` has re-encrypted every row.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be a comma-separated list of Fernet keys "
            "(32 url-safe base64-encoded bytes each)."
        ) from error


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError, TypeError) as error:
        # Never hand ciphertext back as if it were the value.
        raise DecryptionError(
            "A stored value could not be decrypted with the configured keys."
        ) from error


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. Not searchable or sortable in the database, by design."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if value == "":
            return ""
        return encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_db_prep_lookup(self, value, connection):  # pragma: no cover - guard only
        raise TypeError("Encrypted fields cannot be filtered on their contents.")


def encrypted_fields():
    """Every (model, [field names]) pair in the project that stores encrypted text."""
    from django.apps import apps

    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names
