"""The embedded default, as `make run` has it: SQLite, development settings, no Redis.

This module needs no Django settings of its own, so that scripts/run_tests.py can make the seeded
site (`python -m tests.embedded`) while the test database is being made.
"""

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]


class EmbeddedSite:
    """A migrated, seeded SQLite copy of the site under development settings, in a folder of
    its own. `run(code)` runs Python in a fresh `manage.py shell` against it and returns what
    it printed; the code can use Django's test client with `HTTP_HOST="localhost"`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="pace_site.settings.dev",
            DATABASE_URL=f"sqlite:///{folder / 'pace.sqlite3'}",
            MEDIA_ROOT=str(folder / "media"),
        )
        # The site keeps the key its data was encrypted with, as a real installation does.
        key_file = folder / "field-encryption-key"
        if not key_file.exists():
            key_file.write_text(Fernet.generate_key().decode())
        self.env["FIELD_ENCRYPTION_KEY"] = key_file.read_text().strip()

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def run(self, code: str) -> str:
        return self.manage("shell", "--no-startup", "--no-imports", "-c", code)

    @contextlib.contextmanager
    def serve(self):
        """The development server as `make run` starts it (threaded, SQLite), on a free
        loopback port; yields its base address and stops it afterwards."""
        from .helpers import wait_until

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:

            def listening():
                with socket.socket() as probe:
                    return probe.connect_ex(("127.0.0.1", port)) == 0

            wait_until(listening, what="the development server", timeout=60)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


def embedded_digest() -> str:
    """What a seeded embedded site depends on: the migrations, the models, the demo data and the
    services that make it, and the installed packages."""
    root = ROOT
    digest = hashlib.sha256()
    sources = [
        path
        for pattern in (
            "*/migrations/*.py",
            "site/*/migrations/*.py",
            "*/models.py",
            "*/models/*.py",
            "site/*/models.py",
            "*/demo.py",
            "site/demo.py",
            "*/services.py",
            "*/services/*.py",
            "site/*/services.py",
            "site/management/commands/*.py",
            "*/management/commands/*.py",
        )
        for path in root.glob(pattern)
        if not path.is_relative_to(root / ".venv")
    ]
    for path in sorted(set(sources)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def prepare_embedded_site() -> Path:
    """The folder of the migrated, seeded embedded site for the code as it is. It is made once
    and kept under var/test-embedded/ until the migrations, models, demo data or packages
    change; whoever needs it first makes it (scripts/run_tests.py starts that at the beginning
    of a whole run, beside the test database; under pytest-xdist the test processes wait for
    it), and everyone else waits for it on the lock."""
    base = ROOT / "var" / "test-embedded"
    base.mkdir(parents=True, exist_ok=True)
    seeded = base / embedded_digest()
    with (base / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = seeded / "seeded"
        if not done.exists():
            for old in base.iterdir():
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
            seeded.mkdir()
            maker = EmbeddedSite(seeded)
            maker.manage("migrate", "--noinput")
            maker.manage("seed_demo")
            done.touch()
    return seeded


if __name__ == "__main__":
    prepare_embedded_site()
