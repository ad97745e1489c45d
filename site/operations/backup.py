"""Encrypted backups of the database and the uploaded files, and the check that a restore is whole.

The backup itself is django-dbbackup's: PostgreSQL's own pg_dump in its custom format (SQLite's
dump on the embedded default), compressed, then encrypted with GnuPG to the backup key's public
half. The server holds only that public half, so a copy of the server or of its backups cannot be
read; the private half is kept apart, with the people who restore (README, "Backups").

Sensitive fields are encrypted with FIELD_ENCRYPTION_KEY before they reach the database, so a
restored database needs that key as well. Neither key is in any backup.
"""

import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from ..crypto import DecryptionError, EncryptedTextField, decrypt

# How many rows of each table with encrypted text are decrypted and compared.
SAMPLE_ROWS = 25


def require_backup_key() -> str:
    """The fingerprint or address of the backup key, or a refusal that says what to set."""
    recipient = getattr(settings, "DBBACKUP_GPG_RECIPIENT", None)
    if not recipient:
        raise CommandError(
            "No backup key is set, and a backup is never written unencrypted. Set "
            "BACKUP_GPG_RECIPIENT to the fingerprint of the backup key's public half, imported "
            "into this server's GnuPG keyring (README, 'Backups')."
        )
    return recipient


@dataclass
class Fingerprint:
    """What a database holds, without holding any of it: a row count per table and, for each
    table with encrypted text, a digest of the decrypted values of its first rows."""

    counts: dict[str, int] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)
    undecryptable: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"counts": self.counts, "samples": self.samples, "undecryptable": self.undecryptable}

    @classmethod
    def from_dict(cls, data: dict) -> "Fingerprint":
        return cls(data["counts"], data["samples"], data.get("undecryptable", {}))

    def differences(self, other: "Fingerprint") -> list[str]:
        """Plain sentences, one for each way `other` differs from this one."""
        found = []
        for table in sorted(set(self.counts) | set(other.counts)):
            mine, theirs = self.counts.get(table), other.counts.get(table)
            if mine != theirs:
                found.append(f"{table}: {mine} rows before, {theirs} after")
        for name in sorted(set(self.samples) | set(other.samples)):
            if self.samples.get(name) != other.samples.get(name):
                found.append(f"{name}: the decrypted values differ")
        for name, count in sorted(other.undecryptable.items()):
            found.append(f"{name}: {count} values could not be decrypted")
        return found


def _encrypted_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _sample_digest(model, fields: list[str]) -> tuple[str, int]:
    """A digest of the decrypted values of the first rows, and how many would not decrypt. Read
    as stored (cast to plain text) and decrypted here, so that one bad value is counted rather
    than stopping the read."""
    stored = [Cast(name, TextField()) for name in fields]
    rows = model._base_manager.order_by("pk").values_list("pk", *stored)[:SAMPLE_ROWS]
    digest, failed = hashlib.sha256(), 0
    for row_pk, *values in rows:
        for name, value in zip(fields, values, strict=True):
            try:
                plain = decrypt(value) if value else value
            except DecryptionError:
                failed += 1
                continue
            digest.update(f"{row_pk}\0{name}\0{plain}\0".encode())
    return digest.hexdigest(), failed


def fingerprint() -> Fingerprint:
    """The fingerprint of the default database: every table's row count, and every encrypted
    column of the first rows decrypted with the configured keys."""
    result = Fingerprint()
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.proxy or not model._meta.managed or table not in tables:
            continue
        result.counts[table] = model._base_manager.count()
        fields = _encrypted_fields(model)
        if fields:
            name = f"{table}.{','.join(fields)}"
            result.samples[name], failed = _sample_digest(model, fields)
            if failed:
                result.undecryptable[name] = failed
    return result
