"""The services a drill runs on: PostgreSQL, Redis, two web instances, two Celery workers, one
beat and an SMTP sink that counts what was delivered. Loopback addresses only; everything is
started in the drill's own folder and stopped at the end, whatever happened."""

import asyncio
import contextlib
import email
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from aiosmtpd.controller import Controller
from cryptography.fernet import Fernet
from run_tests import Postgres, find_pg_bin, free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent


# The commands of deploy/systemd/ (without the programs' paths), as the drills run them.
WEB_COMMAND = ["gunicorn", "-c", "deploy/gunicorn.conf.py", "pace_site.wsgi"]
WORKER_COMMAND = ["celery", "-A", "pace_site", "worker", "--concurrency", "2"] + [
    "--without-gossip",
    "--without-mingle",
]


class Broken(Exception):
    """A promise the drill checks was not kept."""


class Sink:
    """An SMTP server that keeps every message it is given: (recipient, subject, body)."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.messages: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A slow mail server: a worker spends most of each delivery waiting here.
        if self.delay:
            await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        body = message.get_payload(decode=True) if not message.is_multipart() else b""
        for part in message.walk() if message.is_multipart() else []:
            if part.get_content_type() == "text/plain":
                body = part.get_payload(decode=True)
                break
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append(
                    (recipient.lower(), str(message["Subject"]), (body or b"").decode())
                )
        return "250 Message accepted for delivery"

    def received(self) -> list[tuple[str, str, str]]:
        with self.lock:
            return list(self.messages)


@dataclass
class Baseline:
    """A migrated and seeded database (its cluster's folder, stopped), collected static files and
    uploaded files, made once per `make drill` and copied for each drill."""

    folder: Path
    key: str
    secret: str


class Stack:
    """The services one scenario runs on."""

    baseline: Baseline | None = None

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.started: list[Callable[[], None]] = []
        sock = tmp / "sock"
        sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(tmp, "postgres")
            shutil.chown(sock, "postgres")
        self.pg = Postgres(find_pg_bin(), tmp / "pg", sock, kept=False)
        self.pg.durable = True  # as in production: a commit acknowledged survives a crash
        self.key = Fernet.generate_key().decode()
        self.secret = "drill-" + secrets.token_urlsafe(40)
        if self.baseline:
            self.key, self.secret = self.baseline.key, self.baseline.secret
        self.redis_port = free_port()
        self.redis: subprocess.Popen | None = None
        self.sink: Sink | None = None
        self.web_ports: list[int] = []
        self.web_processes: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.figures: dict[str, object] = {}

    # --- Environment and one-off commands. ---------------------------------------------------

    def env(self, **overrides: str) -> dict[str, str]:
        """The production settings, as on a server, with this stack's addresses."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pace_site.settings.production",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.pg.url("pace"),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "FIELD_ENCRYPTION_KEY": self.key,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.sink.port if self.sink else 9),
            "EMAIL_USE_TLS": "false",
            "SITE_URL": "https://localhost",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "STATIC_ROOT": str((self.baseline.folder if self.baseline else self.tmp) / "static"),
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

    def python(self, code: str, env: dict[str, str] | None = None) -> str:
        """Run Python with Django set up in this stack's environment; return what it printed."""
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup()\n{code}"],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise Broken(f"Python in the drill's environment failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def query(self, code: str) -> object:
        """Evaluate `code` (which assigns `result`) and return `result`, read back as JSON."""
        return json.loads(self.python(f"{code}\nimport json; print(json.dumps(result))"))

    # --- Services. ----------------------------------------------------------------------------

    def start_database(self) -> None:
        if self.baseline:
            # A copy of the seeded cluster (owners and modes kept) and of the uploaded files.
            for name in ("pg", "media"):
                if (self.baseline.folder / name).exists():
                    subprocess.run(
                        ["cp", "-a", str(self.baseline.folder / name), str(self.tmp / name)],
                        check=True,
                    )
            self.pg.start()
            self.started.append(self.pg.stop)
            return
        self.pg.init()
        self.pg.start()
        self.started.append(self.pg.stop)
        self.pg.psql("CREATE DATABASE pace")

    def seed(self) -> None:
        """Migrate and seed the demo data (already done in a copy of the baseline)."""
        if self.baseline:
            return
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.python(
            "import sys; from django.core.management.base import OutputWrapper\n"
            "from pace_site.demo import seed_all; seed_all(OutputWrapper(sys.stdout))"
        )

    def make_baseline(self) -> Baseline:
        """Seed this stack's database and collect static files, stop it, and keep it as the
        baseline every later drill copies."""
        self.start_database()
        self.seed()
        self.manage("collectstatic", "--noinput")
        self.pg.kept = True  # a clean shutdown, so that every copy starts without recovery
        self.stop()
        self.started.clear()
        return Baseline(self.tmp, self.key, self.secret)

    def start_redis(self) -> None:
        """Redis as README asks for it in production: append-only persistence."""
        folder = self.tmp / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.redis_port)]
            + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
        )
        if not self.started or self.started[-1] != self._stop_redis:
            self.started.append(self._stop_redis)
        wait_for_port(self.redis_port, "redis-server")

    def kill_redis(self) -> None:
        assert self.redis is not None
        self.redis.send_signal(signal.SIGKILL)
        self.redis.wait()

    def _stop_redis(self) -> None:
        if self.redis and self.redis.poll() is None:
            self.redis.kill()
            self.redis.wait()

    def start_sink(self, delay: float = 0.0) -> Sink:
        self.sink = Sink(delay)
        self.sink.controller.start()
        self.started.append(self.sink.controller.stop)
        return self.sink

    def _spawn(self, name: str, command: list[str], **env: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("w")
        # In a session of its own, so that killing it kills its pool's processes too.
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(lambda: stop_process(process))
        return process

    def start_web(self, count: int = 2) -> None:
        if not self.baseline:
            self.manage("collectstatic", "--noinput")
        for index in range(count):
            port = free_port()
            # As deploy/systemd/pace-web.service runs it, with two workers per instance here.
            web = self._spawn(
                f"web{index + 1}",
                [sys.executable, "-m", *WEB_COMMAND],
                PACE_BIND=f"127.0.0.1:{port}",
                WEB_CONCURRENCY="2",
            )
            self.web_ports.append(port)
            self.web_processes.append(web)
        for port in self.web_ports:
            wait_until_serving(port)

    def start_worker(self, name: str) -> subprocess.Popen:
        # As deploy/systemd/pace-worker@.service runs it.
        process = self._spawn(
            name, [sys.executable, "-m", *WORKER_COMMAND, "-n", f"{name}@drill", "-l", "WARNING"]
        )
        self.workers.append(process)
        return process

    def start_beat(self) -> None:
        self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "pace_site", "beat", "-l", "WARNING"]
            + ["-s", str(self.tmp / "beat-schedule")],
        )

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.tmp.glob("*.log"))

    def stop(self) -> None:
        for stop in reversed(self.started):
            try:
                stop()
            except Exception as error:  # stopping the rest matters more
                print(f"  (while stopping: {error})", flush=True)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kill_group(process)
    kill_group(process)  # anything of its pool left behind


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the process and every process it started, at once."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_until_serving(port: int, deadline_s: float = 90) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz", headers={"Host": "localhost"})
            if connection.getresponse().status in (200, 503):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise Broken(f"The web instance on port {port} did not start serving.")


INVITATION_PATH = re.compile(r"/join/invitation/[^/\s]+/")
