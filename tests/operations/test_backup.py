"""Backups: never unencrypted, restored only into an empty database, and a restore check that
notices a missing row, a changed value and a wrong key. The whole backup and restore through
pg_dump, GnuPG and pg_restore is the `restore` drill (`make drill SCENARIO=restore`, run in CI)."""

import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from pace_site import crypto
from pace_site.accounts.roles import Role
from pace_site.operations.backup import Fingerprint, fingerprint
from participation.models import CheckIn, Parent

from ..factories import make_user

pytestmark = pytest.mark.django_db


def make_check_in(words: str) -> CheckIn:
    parent = Parent.objects.create(user=make_user(Role.PARENT))
    return CheckIn.objects.create(parent=parent, channel="portal", wellbeing=3, words=words)


def test_a_backup_without_a_backup_key_is_refused_and_writes_nothing(settings, tmp_path):
    settings.DBBACKUP_GPG_RECIPIENT = None
    settings.STORAGES = {
        **settings.STORAGES,
        "dbbackup": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with pytest.raises(CommandError, match="never written unencrypted"):
        call_command("backup")
    assert list(tmp_path.iterdir()) == []


def test_a_restore_never_overwrites_a_database_that_has_tables(tmp_path):
    backup = tmp_path / "pace.psql.bin.gz.gpg"
    backup.write_bytes(b"not read")
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("secret")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), "--passphrase-file", str(passphrase))
    assert Parent.objects.model._meta.db_table in connection.introspection.table_names()


def test_a_restore_from_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "nothing.gpg"))


def test_the_fingerprint_counts_rows_and_holds_no_personal_data():
    make_check_in("I felt heard at the group on Tuesday")
    found = fingerprint()
    assert found.counts[CheckIn._meta.db_table] == 1
    assert found.counts[Parent._meta.db_table] == 1
    text = json.dumps(found.as_dict())
    assert "heard" not in text
    assert "example.org" not in text
    assert any(name.startswith(CheckIn._meta.db_table) for name in found.samples)


def test_the_restore_check_notices_a_missing_row_and_a_changed_value():
    check_in = make_check_in("the first words")
    before = Fingerprint.from_dict(json.loads(json.dumps(fingerprint().as_dict())))
    assert before.differences(fingerprint()) == []

    CheckIn.objects.filter(pk=check_in.pk).update(words="other words")
    changed = before.differences(fingerprint())
    assert changed == [f"{CheckIn._meta.db_table}.{_columns()}: the decrypted values differ"]

    CheckIn.objects.all().delete()
    missing = before.differences(fingerprint())
    assert f"{CheckIn._meta.db_table}: 1 rows before, 0 after" in missing


def test_the_restore_check_notices_values_it_cannot_decrypt(settings):
    make_check_in("words written with the old key")
    before = fingerprint()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    crypto._fernet_for.cache_clear()
    try:
        after = fingerprint()
    finally:
        crypto._fernet_for.cache_clear()
    assert after.undecryptable == {f"{CheckIn._meta.db_table}.{_columns()}": 1}
    assert any("could not be decrypted" in line for line in before.differences(after))


def test_the_compare_command_exits_with_an_error_on_a_difference(tmp_path, capsys):
    make_check_in("kept")
    saved = tmp_path / "before.json"
    call_command("backup_fingerprint")
    saved.write_text(capsys.readouterr().out)
    call_command("backup_fingerprint", "--compare", str(saved))
    assert "The restore matches its source" in capsys.readouterr().out

    CheckIn.objects.all().delete()
    with pytest.raises(CommandError, match="differs from its source"):
        call_command("backup_fingerprint", "--compare", str(saved))


def test_the_compare_command_refuses_a_file_that_is_not_a_fingerprint(tmp_path):
    saved = tmp_path / "before.json"
    saved.write_text("<html>")
    with pytest.raises(CommandError, match="Cannot read the saved fingerprint"):
        call_command("backup_fingerprint", "--compare", str(saved))


def _columns() -> str:
    return ",".join(
        f.column for f in CheckIn._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)
    )
