#!/usr/bin/env python
"""`make drill`: run the real processes, break them on purpose, and count what survived.

    make drill                    every scenario
    make drill SCENARIO=restore   one (names below)

Each scenario starts what it needs on loopback addresses only (its own PostgreSQL cluster and,
where it needs them, Redis, web and Celery processes), seeds the demo data, breaks something,
checks the database afterwards, prints its figures and stops everything it started. The run
exits non-zero when any promise was broken.
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

from run_tests import Postgres, apt_install, fail, find_pg_bin  # noqa: E402


class Broken(Exception):
    """A promise the drill checks was not kept."""


class Stack:
    """The services one scenario runs on, started in a folder of their own and stopped at the end."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.started: list[Callable[[], None]] = []
        sock = tmp / "sock"
        sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres")
            shutil.chown(sock, "postgres")
        self.pg = Postgres(find_pg_bin(), tmp / "pg", sock, kept=False)
        self.key = Fernet.generate_key().decode()
        self.figures: dict[str, object] = {}

    def start_database(self) -> None:
        self.pg.init()
        self.pg.start()
        self.started.append(self.pg.stop)
        self.pg.psql("CREATE DATABASE pace")

    def env(self, **overrides: str) -> dict[str, str]:
        """The production settings, as on a server, with this stack's addresses."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pace_site.settings.production",
            "SECRET_KEY": "drill-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.pg.url("pace"),
            "REDIS_URL": "redis://127.0.0.1:9/0",
            "FIELD_ENCRYPTION_KEY": self.key,
            "EMAIL_HOST": "127.0.0.1",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "STATIC_ROOT": str(self.tmp / "static"),
            "BACKUP_DIR": str(self.tmp / "backups"),
        }
        env.update(overrides)
        return env

    def manage(self, *args: str, env: dict[str, str] | None = None, check: bool = True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode:
            raise Broken(f"manage.py {' '.join(args)} failed:\n{result.stderr.strip()[-2000:]}")
        return result

    def seed(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.python(
            "import sys; from django.core.management.base import OutputWrapper; "
            "from pace_site.demo import seed_all; seed_all(OutputWrapper(sys.stdout))"
        )

    def python(self, code: str, env: dict[str, str] | None = None) -> str:
        """Run Python with Django set up in this stack's environment; return what it printed."""
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise Broken(f"{code} failed:\n{result.stderr.strip()[-2000:]}")
        return result.stdout

    def stop(self) -> None:
        for stop in reversed(self.started):
            stop()


# --- Backup and restore. ------------------------------------------------------------------------


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


SCENARIOS: dict[str, Callable[[Stack], None]] = {
    "restore": drill_restore,
}


def run_one(name: str) -> bool:
    tmp = Path(tempfile.mkdtemp(prefix=f"pace-drill-{name}-"))
    tmp.chmod(0o755)
    stack = Stack(tmp)
    started = time.monotonic()
    print(f"\n== Drill: {name}", flush=True)
    try:
        SCENARIOS[name](stack)
        kept = True
    except Broken as broken:
        print(f"PROMISE BROKEN: {broken}", flush=True)
        kept = False
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    for label, value in stack.figures.items():
        print(f"  {label}: {value}")
    print(
        f"  took {time.monotonic() - started:.0f} s: {'every promise kept' if kept else 'FAILED'}"
    )
    return kept


def ensure_tools() -> None:
    if not shutil.which("gpg") and not apt_install("gnupg"):
        fail("GnuPG is missing. Install it with: sudo apt-get install gnupg")
    if not shutil.which("redis-server") and not apt_install("redis-server"):
        fail("redis-server is missing. Install it with: sudo apt-get install redis-server")


def main(argv: list[str]) -> int:
    names = argv or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        print(f"No such drill: {', '.join(unknown)}. The drills are: {', '.join(SCENARIOS)}.")
        return 2
    ensure_tools()
    results = {name: run_one(name) for name in names}
    print("\n" + ", ".join(f"{name}: {'kept' if ok else 'BROKEN'}" for name, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
