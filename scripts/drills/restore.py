"""Backup and restore: an encrypted backup restored into an empty database matches its source."""

import hashlib
import json
import secrets
import subprocess
import time
from pathlib import Path

from cryptography.fernet import Fernet

from .stack import Broken, Stack


def gpg(home: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--quiet", *args],
        input=stdin,
        capture_output=True,
        check=True,
    ).stdout


def make_backup_key(tmp: Path) -> tuple[Path, Path, str, Path]:
    """A backup key pair as README's runbook makes it: the private half, with a passphrase, in a
    keyring kept apart (the 'vault'), only the public half on the server. Returns both keyrings,
    the fingerprint and a file holding the passphrase."""
    vault, server = tmp / "vault-gnupg", tmp / "server-gnupg"
    for home in (vault, server):
        home.mkdir(mode=0o700)
    passphrase = tmp / "passphrase"
    passphrase.write_text(secrets.token_urlsafe(24))
    gpg(
        vault,
        "--pinentry-mode",
        "loopback",
        "--passphrase-file",
        str(passphrase),
        "--quick-gen-key",
        "Pace backups",
        "default",
        "default",
        "never",
    )
    listing = gpg(vault, "--with-colons", "--list-keys").decode()
    fingerprint = next(
        line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr")
    )
    gpg(server, "--import", stdin=gpg(vault, "--export", fingerprint))
    return server, vault, fingerprint, passphrase


def files_digest(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def drill_restore(stack: Stack) -> None:
    """Back up the seeded database and uploaded files with `manage.py backup`, restore them into
    an empty database and folder with `manage.py restore`, and compare."""
    stack.start_database()
    stack.seed()
    server, vault, fingerprint, passphrase = make_backup_key(stack.tmp)
    # An uploaded file, as a guide's download would be.
    upload = stack.tmp / "media" / "documents" / "guide.pdf"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"%PDF-1.4 " + secrets.token_bytes(4096))
    before = stack.tmp / "before.json"
    before.write_text(stack.manage("backup_fingerprint").stdout)
    source = json.loads(before.read_text())

    started = time.monotonic()
    stack.manage("backup", env=stack.env(GNUPGHOME=str(server), BACKUP_GPG_RECIPIENT=fingerprint))
    stack.figures["backup seconds"] = round(time.monotonic() - started, 1)
    backups = sorted(p for p in (stack.tmp / "backups").iterdir() if p.suffix != ".metadata")
    database_file = next(p for p in backups if ".psql" in p.name or ".dump" in p.name)
    media_file = next(p for p in backups if ".tar" in p.name)
    stack.figures["backup files"] = {p.name.split("-")[-1]: p.stat().st_size for p in backups}
    for path in backups:
        if not path.name.endswith(".gpg"):
            raise Broken(f"{path.name} was written unencrypted.")
        if b"PGDMP" in path.read_bytes() or b"@example." in path.read_bytes():
            raise Broken(f"{path.name} holds readable data.")

    refused = stack.manage("backup", env=stack.env(GNUPGHOME=str(server)), check=False)
    if refused.returncode == 0 or "never written unencrypted" not in refused.stderr:
        raise Broken("A backup without a backup key was not refused.")

    stack.pg.psql("CREATE DATABASE restored")
    restored = {
        "DATABASE_URL": stack.pg.url("restored"),
        "MEDIA_ROOT": str(stack.tmp / "media-restored"),
    }
    # The server's keyring holds only the public half: it cannot read its own backups.
    without_private = stack.manage(
        "restore",
        str(database_file),
        "--passphrase-file",
        str(passphrase),
        env=stack.env(GNUPGHOME=str(server), **restored),
        check=False,
    )
    if without_private.returncode == 0 or "decrypt" not in without_private.stderr.lower():
        raise Broken("The backup could be restored without the private key.")
    stack.pg.psql("DROP DATABASE restored")
    stack.pg.psql("CREATE DATABASE restored")

    started = time.monotonic()
    stack.manage(
        "restore",
        str(database_file),
        "--media-file",
        str(media_file),
        "--passphrase-file",
        str(passphrase),
        env=stack.env(GNUPGHOME=str(vault), **restored),
    )
    stack.figures["restore seconds"] = round(time.monotonic() - started, 1)
    compared = stack.manage(
        "backup_fingerprint", "--compare", str(before), env=stack.env(**restored), check=False
    )
    if compared.returncode:
        raise Broken(f"The restore differs from its source:\n{compared.stderr.strip()}")
    stack.figures["restore check"] = compared.stdout.strip()
    stack.figures["tables"] = len(source["counts"])
    stack.figures["rows"] = sum(source["counts"].values())
    stack.figures["encrypted columns compared"] = len(source["samples"])

    media_before, media_after = (
        files_digest(stack.tmp / "media"),
        files_digest(stack.tmp / "media-restored"),
    )
    if media_before != media_after:
        raise Broken("The uploaded files restored differ from those backed up.")
    stack.figures["uploaded files compared"] = len(media_before)

    # The check can fail: with another FIELD_ENCRYPTION_KEY nothing decrypts, and it says so.
    wrong_key = stack.manage(
        "backup_fingerprint",
        "--compare",
        str(before),
        env=stack.env(FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(), **restored),
        check=False,
    )
    if wrong_key.returncode == 0 or "could not be decrypted" not in wrong_key.stderr:
        raise Broken("The restore check passed with the wrong field encryption key.")
