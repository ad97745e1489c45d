#!/usr/bin/env python
"""Run the test suite against throwaway services, then stop them.

Starts a PostgreSQL cluster and a redis-server in a temporary folder on free loopback ports,
checks that headless Chromium is there (installing the Debian packages when it can), runs
pytest with the given arguments, and stops everything it started, whatever happens.
"""

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fail(message: str) -> None:
    print(f"\nCannot run the tests: {message}", file=sys.stderr)
    sys.exit(2)


def find_pg_bin() -> Path:
    if shutil.which("pg_ctl"):
        return Path(shutil.which("pg_ctl")).parent
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


def main() -> int:
    ensure_tools()
    pg_bin = find_pg_bin()
    tmp = Path(tempfile.mkdtemp(prefix="pace-test-"))
    tmp.chmod(0o755)
    pg_data, pg_sock = tmp / "pg", tmp / "sock"
    pg_sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(pg_sock, "postgres")
    pg_port, redis_port = free_port(), free_port()
    started: list[subprocess.Popen] = []
    pg_started = False
    try:
        subprocess.run(
            as_postgres(
                [
                    str(pg_bin / "initdb"),
                    "-D",
                    str(pg_data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {pg_port} -k {pg_sock} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        subprocess.run(
            as_postgres(
                [
                    str(pg_bin / "pg_ctl"),
                    "-D",
                    str(pg_data),
                    "-o",
                    options,
                    "-l",
                    str(tmp / "pg.log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pg_started = True
        redis_cmd = [
            shutil.which("redis-server"),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ]
        started.append(subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL))
        wait_for_port(redis_port, "redis-server")

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pace_site.settings.test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "REDIS_SERVER_COMMAND": " ".join(redis_cmd),
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "CHROMIUM_PATH": CHROMIUM,
            "PACE_TEST_TMP": str(tmp),
            "MEDIA_ROOT": str(tmp / "media"),
        }
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *sys.argv[1:]], cwd=ROOT, env=env, check=False
        )
        return result.returncode
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        # A test may restart Redis on the same port; make sure nothing is left listening.
        subprocess.run(
            ["redis-cli", "-p", str(redis_port), "shutdown", "nosave"],
            check=False,
            capture_output=True,
        )
        if pg_started:
            subprocess.run(
                as_postgres(
                    [str(pg_bin / "pg_ctl"), "-D", str(pg_data), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
