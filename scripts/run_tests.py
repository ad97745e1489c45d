#!/usr/bin/env python
"""Run the test suite against throwaway services, then stop them.

Starts a PostgreSQL cluster and a redis-server in a temporary folder on free loopback ports,
checks that headless Chromium is there (installing the Debian packages when it can), runs
pytest with the given arguments, and stops everything it started, whatever happens.
"""

import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# pytest-xdist worker processes when the arguments name none (`-n 0` runs in one process).
WORKERS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fail(message: str) -> None:
    print(f"\nCannot run the tests: {message}", file=sys.stderr)
    sys.exit(2)


def find_pg_bin() -> Path:
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if not candidates:
        fail("the PostgreSQL server is missing. Install it with: apt-get install postgresql")
    return candidates[0].parent


def apt_install(*packages: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    print(f"Installing {' '.join(packages)} with apt-get …", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], env=env, check=False, stdout=subprocess.DEVNULL)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-q", *packages],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return result.returncode == 0


def ensure_tools() -> None:
    if not shutil.which("redis-server") and not apt_install("redis-server"):
        fail("redis-server is missing. Install it with: sudo apt-get install redis-server")
    if not Path(CHROMIUM).exists() and not apt_install("chromium", "chromium-driver"):
        fail("Chromium is missing. Install it with: sudo apt-get install chromium chromium-driver")


def as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; run it as the postgres user instead.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def wait_for_port(port: int, what: str, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    fail(f"{what} did not start on port {port}.")


def xdist_workers(args: list[str]) -> tuple[list[str], list[str]]:
    """The pytest arguments with the number of pytest-xdist worker processes made explicit, and
    the worker ids ("gw0", "gw1" …; empty when the tests run in this process only)."""
    args = list(args)
    count: str | None = None
    for i, arg in enumerate(args):
        if arg in ("-p", "-pno:xdist") and (
            arg == "-pno:xdist" or args[i + 1 : i + 2] == ["no:xdist"]
        ):
            return args, []
        if arg in ("-n", "--numprocesses") and i + 1 < len(args):
            count = args[i + 1]
        elif arg.startswith("--numprocesses="):
            count = arg.split("=", 1)[1]
        elif arg.startswith("-n") and arg[2:].lstrip("=").isdigit():
            count = arg[2:].lstrip("=")
    if count is None:
        count = str(WORKERS)
        args = ["-n", count, *args]
    if count in ("auto", "logical"):
        count = str(os.cpu_count() or 1)
    return args, [f"gw{i}" for i in range(int(count))]


def marker_expression(args: list[str]) -> list[str]:
    """The pytest arguments with the sweep of every screen (marker `screens`, run by `make
    screens`) left out, unless the arguments' own marker expression names it."""
    args = list(args)
    for i in range(len(args) - 1, -1, -1):  # pytest uses the last -m
        if args[i] == "-m" and i + 1 < len(args):
            if "screens" not in args[i + 1]:
                args[i + 1] = f"({args[i + 1]}) and not screens"
            return args
        if args[i].startswith("-m") and len(args[i]) > 2:
            expression = args[i][2:].lstrip("=")
            if "screens" not in expression:
                args[i] = f"-m({expression}) and not screens"
            return args
    return ["-m", "not screens", *args]


def migrations_digest(pg_bin: Path) -> str:
    """What a migrated test database depends on: every migration of the project, the installed
    packages (their own migrations come with their versions) and the PostgreSQL server."""
    digest = hashlib.sha256(str(pg_bin).encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")) + sorted(
        ROOT.glob("site/*/migrations/*.py")
    ):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    installed = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(installed).encode())
    return digest.hexdigest()[:16]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)


class Postgres:
    """A PostgreSQL cluster on a free loopback port. `kept` clusters live under var/test-db/
    and are used again by the next run while the migrations stay the same."""

    def __init__(self, pg_bin: Path, data: Path, sock: Path, kept: bool):
        self.pg_bin, self.data, self.sock, self.kept = pg_bin, data, sock, kept
        self.port = free_port()
        self.running = False
        self.durable = False

    def pg(self, tool: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return run(as_postgres([str(self.pg_bin / tool), *args]), **kwargs)

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres")
        self.pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        if not self.durable:
            # Tests trade durability for speed; the drills keep PostgreSQL's own guarantees.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        log = self.sock.parent / "pg.log"
        self.pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")
        self.running = True

    def stop(self) -> None:
        if self.running:
            # A kept cluster shuts down cleanly, so that the next run finds it whole.
            mode = "fast" if self.kept else "immediate"
            subprocess.run(
                as_postgres(
                    [str(self.pg_bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
            self.running = False

    def psql(self, sql: str, database: str = "postgres") -> None:
        result = subprocess.run(
            [str(self.pg_bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            + ["-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            fail(f"{sql}: {result.stderr.strip()}")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


TEMPLATE = "pace_migrated"


def kept_cluster(pg_bin: Path, sock: Path) -> tuple[Postgres, str] | None:
    """The cluster under var/test-db/ for these migrations, started, with its encryption key;
    made afresh (and older ones removed) when the migrations or packages changed. None when
    another run in this checkout holds it: that run's databases are left alone."""
    base = ROOT / "var" / "test-db"
    base.mkdir(parents=True, exist_ok=True)
    lock = (base / "lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    _held_locks.append(lock)
    folder = base / migrations_digest(pg_bin)
    for old in base.iterdir():
        if old.is_dir() and old != folder:
            shutil.rmtree(old, ignore_errors=True)
    key_file, ready = folder / "field-encryption-key", folder / "migrated"
    cluster = Postgres(pg_bin, folder / "pg", sock, kept=True)
    if ready.exists():
        if (cluster.data / "postmaster.pid").exists():  # a run that was killed left it running
            cluster.running = True
            cluster.stop()
        try:
            cluster.start()
            return cluster, key_file.read_text().strip()
        except (subprocess.CalledProcessError, OSError):
            print("The kept test database would not start; making it again.", flush=True)
            cluster.stop()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    key = Fernet.generate_key().decode()
    key_file.write_text(key)
    try:
        migrate_template(cluster, key)
    except BaseException:
        cluster.stop()
        raise
    ready.touch()
    return cluster, key


def migrate_template(cluster: Postgres, key: str) -> None:
    cluster.init()
    cluster.start()
    print("Migrating a test database for these migrations (kept under var/test-db/) …", flush=True)
    cluster.psql(f"CREATE DATABASE {TEMPLATE}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pace_site.settings.test",
        "DATABASE_URL": cluster.url(TEMPLATE),
        "REDIS_URL": "redis://127.0.0.1:9/0",  # not used by migrate
        "FIELD_ENCRYPTION_KEY": key,
    }
    run([sys.executable, "manage.py", "migrate", "--run-syncdb", "--noinput"], cwd=ROOT, env=env)
    run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env)


_held_locks: list = []


def start_database(pg_bin: Path, tmp: Path, pg_sock: Path, workers: list[str]):
    """The kept cluster with a fresh copy of the migrated database for each test process, or a
    throwaway cluster when none can be kept. Returns the cluster and the encryption key."""
    kept = None if os.environ.get("PACE_TEST_FRESH_DB") else kept_cluster(pg_bin, pg_sock)
    if kept:
        cluster, key = kept
        # Each run starts from the migrated database as it was made, whatever the last run
        # left behind; pytest-django (--reuse-db) then only checks it is up to date.
        test_name = os.environ.get("TEST_DATABASE_NAME", "test_pace")
        for suffix in [f"_{worker}" for worker in workers] or [""]:
            name = f"{test_name}{suffix}"
            cluster.psql(f'DROP DATABASE IF EXISTS "{name}"')
            cluster.psql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
        return cluster, key
    cluster = Postgres(pg_bin, tmp / "pg", pg_sock, kept=False)
    cluster.init()
    cluster.start()
    return cluster, Fernet.generate_key().decode()


def start_redis(tmp: Path, count: int, started: list[subprocess.Popen]):
    """One Redis server per test process, so that a test that stops Redis to check an outage
    stops only its own. Returns (port, command) for each."""
    servers = []
    for _ in range(count):
        port = free_port()
        command = [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ]
        started.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        servers.append((port, command))
    for port, _command in servers:
        wait_for_port(port, "redis-server")
    return servers


def environment_for_tests(cluster, key: str, tmp: Path, redis, workers: list[str]) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pace_site.settings.test",
        "DATABASE_URL": cluster.url(),
        "REDIS_URL": f"redis://127.0.0.1:{redis[0][0]}/0",
        "REDIS_SERVER_COMMAND": " ".join(redis[0][1]),
        "FIELD_ENCRYPTION_KEY": key,
        "CHROMIUM_PATH": CHROMIUM,
        "PACE_TEST_TMP": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    for worker, (port, command) in zip(workers, redis, strict=False):
        env[f"REDIS_URL_{worker.upper()}"] = f"redis://127.0.0.1:{port}/0"
        env[f"REDIS_SERVER_COMMAND_{worker.upper()}"] = " ".join(command)
    return env


def names_tests(args: list[str]) -> bool:
    """Whether the arguments name test files or folders (a part of the suite) rather than the
    whole suite."""
    return any(not arg.startswith("-") and (ROOT / arg.split("::", 1)[0]).exists() for arg in args)


def start_embedded_site(args: list[str], started: list[subprocess.Popen]) -> None:
    """On a run of the whole suite, make the seeded embedded site (tests/embedded.py) while the
    test database is made: both take a while on a fresh checkout, and each keeps one core busy.
    Nothing is done when it is already made for this code, or when the tests that use it
    (marked `processes`) are left out; the tests that use it wait for it."""
    if names_tests(args) or "not processes" in " ".join(args):
        return
    started.append(
        subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "tests.embedded"], cwd=ROOT, stdout=subprocess.DEVNULL
        )
    )


def stop(started: list[subprocess.Popen], redis, cluster) -> None:
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    # A test may restart Redis on the same port; make sure nothing is left listening.
    for port, _command in redis:
        subprocess.run(
            ["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False, capture_output=True
        )
    if cluster:
        cluster.stop()


def main() -> int:
    ensure_tools()
    pg_bin = find_pg_bin()
    args, workers = xdist_workers(marker_expression(sys.argv[1:]))
    tmp = Path(tempfile.mkdtemp(prefix="pace-test-"))
    tmp.chmod(0o755)
    pg_sock = tmp / "sock"
    pg_sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(pg_sock, "postgres")
    redis: list[tuple[int, list[str]]] = []
    started: list[subprocess.Popen] = []
    cluster = None
    try:
        start_embedded_site(args, started)
        cluster, key = start_database(pg_bin, tmp, pg_sock, workers)
        redis = start_redis(tmp, len(workers) or 1, started)
        env = environment_for_tests(cluster, key, tmp, redis, workers)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env, check=False
        )
        return result.returncode
    finally:
        stop(started, redis, cluster)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
