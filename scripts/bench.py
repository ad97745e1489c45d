#!/usr/bin/env python
"""`make bench`: requests per second and latency of the public site, against a bare Django view.

Runs everything it needs and stops it afterwards: a throwaway PostgreSQL cluster and Redis server
(the same helpers as scripts/run_tests.py), migrates and seeds the demo content with the
production settings (DEBUG off, persistent database connections, the Redis page cache), serves
the site with gunicorn on a loopback port, and measures each path with a bounded number of
requests.

The bare view is a one-line view served by the same gunicorn process through the whole
middleware stack; it exists only in this benchmark (see `application` below).

Other apps add measurements with a module `<app>/benchmarks.py` holding
`prepare(stdout) -> list[tuple[label, path]]`, called after the demo content is seeded.
"""

import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

from cryptography.fernet import Fernet

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
BARE_PATH = "/__bench__/bare"
MAX_REQUESTS = 400  # per measurement
MAX_SECONDS = 10.0  # per measurement
WARM_UP = 20
CLIENT_THREADS = 4

# --- The WSGI application gunicorn serves: the project, plus the bare view. ---------------------

urlpatterns: list = []
_handler = None


def application(environ, start_response):
    """The project's WSGI application with one extra route, `BARE_PATH`, used as the baseline."""
    global _handler
    if _handler is None:
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application
        from django.http import HttpResponse
        from django.urls import include, path

        handler = get_wsgi_application()
        from pace_site.access import public

        @public
        def bare(request):
            return HttpResponse("ok", content_type="text/plain")

        urlpatterns[:] = [path(BARE_PATH.lstrip("/"), bare), path("", include("pace_site.urls"))]
        settings.ROOT_URLCONF = "bench"
        _handler = handler
    return _handler(environ, start_response)


# --- Setting up: services, database, content. ---------------------------------------------------


def prepare_content(out_path: str) -> None:
    """In a child process with the bench environment: migrate, seed, collect paths to measure."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper

    from pace_site.demo import seed_all

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    stdout = OutputWrapper(sys.stdout)
    seed_all(stdout)
    extra = []
    for config in apps.get_app_configs():
        try:
            module = __import__(f"{config.name}.benchmarks", fromlist=["prepare"])
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.benchmarks":
                raise
            continue
        extra += [(str(label), str(path)) for label, path in module.prepare(stdout)]
    Path(out_path).write_text(json.dumps(extra))


def start_services(tmp: Path, started: list) -> dict:
    sys.path.insert(0, str(SCRIPTS))
    from run_tests import as_postgres, fail, find_pg_bin, free_port, wait_for_port

    if not shutil.which("redis-server"):
        fail("redis-server is missing. Install it with: sudo apt-get install redis-server")
    pg_bin = find_pg_bin()
    pg_data, pg_sock = tmp / "pg", tmp / "sock"
    pg_sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(pg_sock, "postgres")
    pg_port, redis_port = free_port(), free_port()
    subprocess.run(
        as_postgres(
            [str(pg_bin / "initdb"), "-D", str(pg_data), "-U", "postgres", "--auth=trust"]
            + ["-E", "UTF8", "--no-sync"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {pg_port} -k {pg_sock} -c listen_addresses=127.0.0.1 -c max_connections=50"
    subprocess.run(
        as_postgres(
            [str(pg_bin / "pg_ctl"), "-D", str(pg_data), "-o", options]
            + ["-l", str(tmp / "pg.log"), "-w", "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    started.append(
        lambda: subprocess.run(
            as_postgres([str(pg_bin / "pg_ctl"), "-D", str(pg_data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )
    )
    redis = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(tmp)],
        stdout=subprocess.DEVNULL,
    )
    started.append(lambda: stop_process(redis))
    wait_for_port(redis_port, "redis-server")
    # The production settings, as on a server: persistent database connections, the Redis page
    # cache, DEBUG off, static files from the manifest. Mail goes nowhere (nothing is sent here).
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pace_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/postgres",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "EMAIL_HOST": "127.0.0.1",
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
        "PYTHONPATH": os.pathsep.join([str(SCRIPTS), str(ROOT)]),
    }


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_serving(port: int, deadline_s: float = 60) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            if get(port, BARE_PATH)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start serving in time.")


# --- Measuring. --------------------------------------------------------------------------------


def get(port: int, path: str) -> tuple[int, float]:
    """One GET on a fresh connection (gunicorn's sync workers close it); status and seconds."""
    started = time.perf_counter()
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # As the HTTPS proxy in front of gunicorn would send it.
        connection.request("GET", path, headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def measure(port: int, path: str) -> dict:
    """`{n}` in the path is replaced by a new number for each request (a cache miss each time)."""
    counter = iter(range(10**9))

    def address() -> str:
        return path.replace("{n}", str(next(counter)))

    for _ in range(WARM_UP):
        status, _seconds = get(port, address())
        if status != 200:
            raise SystemExit(f"{path} answered {status}; cannot measure it.")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + MAX_SECONDS

    def worker():
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                if len(latencies) + errors >= MAX_REQUESTS:
                    return
            with lock:
                target = address()
            status, seconds = get(port, target)
            with lock:
                if status == 200:
                    latencies.append(seconds)
                else:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(CLIENT_THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
    }


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="pace-bench-"))
    tmp.chmod(0o755)
    started: list = []
    try:
        print("Starting PostgreSQL and Redis in", tmp, flush=True)
        env = start_services(tmp, started)
        paths_file = tmp / "paths.json"
        print("Migrating and seeding the demo content …", flush=True)
        subprocess.run(
            [sys.executable, str(SCRIPTS / "bench.py"), "--prepare", str(paths_file)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        extra = json.loads(paths_file.read_text())
        sys.path.insert(0, str(SCRIPTS))
        from run_tests import free_port

        port = free_port()
        workers = max(2, os.cpu_count() or 2)
        gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "bench:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
            + ["--log-level", "warning", "--chdir", str(ROOT)],
            env=env,
        )
        started.append(lambda: stop_process(gunicorn))
        wait_until_serving(port)

        targets = [
            ("bare Django view (baseline)", BARE_PATH),
            ("home page", "/"),
            ("guide page (Debt Bondage Guide)", "/guides/debt-bondage-guide/"),
            ("guide page, not cached", "/guides/debt-bondage-guide/?nocache={n}"),
            ("search “debt bondage”", "/search/?query=debt+bondage"),
            *extra,
        ]
        print(
            f"\ngunicorn, {workers} sync workers, on 127.0.0.1; {CLIENT_THREADS} client threads on"
            f" the same machine ({os.cpu_count()} CPUs); up to {MAX_REQUESTS} requests or"
            f" {MAX_SECONDS:.0f} s per path after {WARM_UP} warm-up requests. PostgreSQL and"
            " Redis, production settings. Anonymous visitors: the home and guide pages come"
            ' from the page cache after the first request ("not cached": a new address each'
            " time, so each request renders the page and stores it); search is never cached.\n"
        )
        header = f"{'path':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'n':>5}  baseline/this"
        print(header)
        print("-" * len(header))
        baseline = None
        for label, path in targets:
            result = measure(port, path)
            baseline = baseline or result["rps"]
            ratio = baseline / result["rps"] if result["rps"] else float("inf")
            print(
                f"{label:<40} {result['rps']:>8.1f} {result['p50']:>8.1f} {result['p95']:>8.1f}"
                f" {result['requests']:>5}  {ratio:>5.2f}×"
                + (f"  ({result['errors']} errors)" if result["errors"] else ""),
                flush=True,
            )
        print("\nbaseline/this: how many times slower than the bare view (1.00× = as fast).")
        stop_process(gunicorn)
        print("\nThe outcomes report over ten years of a 200-parent programme …", flush=True)
        report = subprocess.run(
            [sys.executable, str(SCRIPTS / "bench_report.py")], cwd=ROOT, env=env, check=False
        )
        if report.returncode:
            return report.returncode
        return 0
    finally:
        for stop in reversed(started):
            stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare_content(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
