#!/usr/bin/env python
"""`make bench`: CPU per request, requests per second, latency and queries of the public site,
the parent's portal and the staff screens, against a bare view, at demo size and at scale.

Runs everything it needs and stops it afterwards: a throwaway PostgreSQL cluster and Redis server
(the same helpers as scripts/run_tests.py; redis-server is installed with apt-get when missing
and the bench runs as root), migrates and seeds the demo content with the production settings
(DEBUG off, persistent database connections, the Redis page cache), serves the site with
gunicorn (deploy/gunicorn.conf.py, two sync workers) on a loopback port, and measures each path
with a bounded number of requests. Then it adds ten years of records (`pace_site.scale`, the
full size of `manage.py seed_scale`), restarts gunicorn and measures every path again.

CPU per request is the CPU time the gunicorn workers spent (from /proc/<pid>/task/*/schedstat,
nanoseconds, or /proc/<pid>/stat ticks) divided by the requests served: it holds on a busy
machine, where wall-clock figures (req/s, p50, p95) do not.

The bare view is a one-line view served by the same gunicorn process through the whole
middleware stack; the bare Django app is the same view through Django with no middleware at all.
Both exist only in this benchmark (see `application` below). Each response carries the number
of database queries it took in a header only this benchmark adds.

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
FLOOR_PATH = "/__bench__/floor"
QUERIES_HEADER = "X-Bench-Queries"
MAX_REQUESTS = 300  # per measurement
MAX_SECONDS = 6.0  # per measurement
WARM_UP = 10
CLIENT_THREADS = 4
WORKERS = 2
SESSION_COOKIE = "sessionid"

# --- The WSGI application gunicorn serves: the project, plus the bare view. ---------------------

urlpatterns: list = []
_handlers: dict = {}


def _load():
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.test.utils import override_settings
    from django.urls import include, path

    handler = get_wsgi_application()
    from pace_site.access import public

    @public
    def bare(request):
        return HttpResponse("ok", content_type="text/plain")

    class NoMiddlewareHandler(WSGIHandler):
        """Django with no middleware at all: the floor."""

        def load_middleware(self, is_async=False):
            with override_settings(MIDDLEWARE=[]):
                super().load_middleware(is_async)

    urlpatterns[:] = [
        path(BARE_PATH.lstrip("/"), bare),
        path(FLOOR_PATH.lstrip("/"), bare),
        path("", include("pace_site.urls")),
    ]
    settings.ROOT_URLCONF = "bench"
    _handlers["site"] = handler
    _handlers["floor"] = NoMiddlewareHandler()


def application(environ, start_response):
    """The project's WSGI application with two extra routes: `BARE_PATH` through every
    middleware, `FLOOR_PATH` through none. Each response says how many queries it took."""
    if not _handlers:
        _load()
    from django.db import connections

    if environ.get("PATH_INFO") == FLOOR_PATH:
        return _handlers["floor"](environ, start_response)
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def start_with_count(status, headers, exc_info=None):
        return start_response(status, [*headers, (QUERIES_HEADER, str(count[0]))], exc_info)

    from contextlib import ExitStack

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(counting))
        # The body is made inside the handler for every page here (no streamed responses).
        return _handlers["site"](environ, start_with_count)


if os.environ.get("BENCH_SERVING") == "1":
    # In a gunicorn worker: load the app now, as pace_site.wsgi does, before the worker's
    # post_worker_init hook (deploy/gunicorn.conf.py) runs.
    _load()


# --- Setting up: services, database, content. ---------------------------------------------------


def signed_in_session(user) -> str:
    """A session as signing in leaves it (password, and two-step for staff); its key."""
    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.http import HttpRequest
    from django.utils.module_loading import import_string

    session = import_string(settings.SESSION_ENGINE).SessionStore()
    request = HttpRequest()
    request.session = session
    request.user = user
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    record_authentication(request, user, "password", email=user.email)
    if user.is_staff_member:
        record_authentication(request, user, "mfa", type="totp")
    session.save()
    return session.session_key


def prepare_content(out_path: str) -> None:
    """In a child process with the bench environment: migrate, seed, collect paths to measure
    and sessions for the people who sign in."""
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.base import OutputWrapper

    from pace_site.accounts.roles import Role
    from pace_site.demo import seed_all

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    stdout = OutputWrapper(sys.stdout)
    users = seed_all(stdout)
    extra = []
    for config in apps.get_app_configs():
        try:
            module = __import__(f"{config.name}.benchmarks", fromlist=["prepare"])
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.benchmarks":
                raise
            continue
        extra += [(str(label), str(path), "") for label, path in module.prepare(stdout)]
    sessions = {
        "parent": signed_in_session(users[Role.PARENT]),
        "manager": signed_in_session(users[Role.PARTICIPATION_MANAGER]),
        "coordinator": signed_in_session(users[Role.BEFRIENDING_COORDINATOR]),
    }
    Path(out_path).write_text(json.dumps({"extra": extra, "sessions": sessions}))


def add_scale(size: str) -> None:
    """In a child process: ten years of records (what `manage.py seed_scale` makes)."""
    import django

    django.setup()
    from django.core.management.base import OutputWrapper
    from django.db import connection

    from pace_site.scale import SIZES, seed_scale

    started = time.perf_counter()
    seed_scale(SIZES[size], OutputWrapper(sys.stdout))
    # Pages are measured again as they are now, not as the page cache kept them.
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.PAGE_CACHE_ALIAS].clear()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"added in {time.perf_counter() - started:.0f} s", flush=True)
    explain_listings()


def explain_listings() -> None:
    """How PostgreSQL reads a page of each large staff listing in its default order: through
    an index (good) or by sorting every row (a missing index)."""
    from befriending.models import ContactLog
    from events.models import Registration
    from participation.models import CheckIn, Parent

    listings = {
        "check-ins": CheckIn.objects.order_by("-happened_at", "-pk"),
        "parents": Parent.objects.order_by("preferred_name"),
        "contact logs": ContactLog.objects.order_by("-happened_on", "-pk"),
        "registrations of an event": Registration.objects.filter(event_id=1).order_by(
            "registered_at", "pk"
        ),
    }
    print("\nA page of each large listing, as PostgreSQL plans it:")
    for label, queryset in listings.items():
        plan = [line.strip() for line in queryset[:50].explain().splitlines()]
        print(f"  {label}: " + " / ".join(line.split("  (")[0] for line in plan[:3]))


def start_services(tmp: Path, started: list) -> dict:
    sys.path.insert(0, str(SCRIPTS))
    from run_tests import apt_install, as_postgres, fail, find_pg_bin, free_port, wait_for_port

    if not shutil.which("redis-server") and not apt_install("redis-server"):
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


def get(port: int, path: str, cookie: str = "") -> tuple[int, float, int | None, int]:
    """One GET on a fresh connection (gunicorn's sync workers close it): status, seconds,
    the queries it took (None when not said) and the body's size."""
    started = time.perf_counter()
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # As the HTTPS proxy in front of gunicorn would send it.
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        queries = response.getheader(QUERIES_HEADER)
        seconds = time.perf_counter() - started
        return response.status, seconds, int(queries) if queries else None, len(body)
    finally:
        connection.close()


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """CPU time the processes have used so far: every thread's schedstat (nanoseconds), or
    utime + stime from stat (clock ticks) where schedstat is missing."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        tasks = list(Path(f"/proc/{pid}/task").glob("*/schedstat"))
        if tasks:
            total += sum(int(task.read_text().split()[0]) for task in tasks) / 1e9
        else:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measure(port: int, pids: list[int], path: str, cookie: str = "", *, run: str = "") -> dict:
    """`{n}` in the path is replaced by a new number for each request (a cache miss each time;
    `run` keeps the numbers of one run apart from another's)."""
    counter = iter(range(10**9))

    def address() -> str:
        return path.replace("{n}", f"{run}{next(counter)}")

    queries, size = None, 0
    for _ in range(WARM_UP):
        status, _seconds, queries, size = get(port, address(), cookie)
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
                target = address()
            status, seconds, _queries, _size = get(port, target, cookie)
            with lock:
                if status == 200:
                    latencies.append(seconds)
                else:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(CLIENT_THREADS)]
    cpu_before = cpu_seconds(pids)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = cpu_seconds(pids) - cpu_before
    latencies.sort()
    served = len(latencies) + errors
    return {
        "requests": len(latencies),
        "errors": errors,
        "cpu_ms": cpu / served * 1000 if served else float("nan"),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
        "queries": queries,
        "kb": size / 1024,
    }


def targets(extra: list, sessions: dict, cookie_name: str) -> list[tuple[str, str, str]]:
    def as_(role: str) -> str:
        return f"{cookie_name}={sessions[role]}"

    parent, manager, coordinator = as_("parent"), as_("manager"), as_("coordinator")
    return [
        ("bare Django app (no middleware)", FLOOR_PATH, ""),
        ("bare view (every middleware)", BARE_PATH, ""),
        ("cached public page (guide)", "/guides/debt-bondage-guide/", ""),
        ("guide, not cached", "/guides/debt-bondage-guide/?nocache={n}", ""),
        ("story, not cached", "/stories/joe/?nocache={n}", ""),
        ("news page, not cached", "/news/parents-as-partners/?nocache={n}", ""),
        ("home, not cached", "/?nocache={n}", ""),
        ("guide index, not cached", "/guides/?nocache={n}", ""),
        ("news index, not cached", "/news/?nocache={n}", ""),
        ("search “debt”", "/search/?query=debt", ""),
        ("parent portal /my/", "/my/", parent),
        ("manager dashboard /admin/", "/admin/", manager),
        ("parents listing", "/admin/participation/parents/", manager),
        ("check-in listing", "/admin/participation/check-ins/", manager),
        ("sign-ups listing", "/admin/participation/sign-ups/", manager),
        ("pauses listing", "/admin/participation/pauses/", manager),
        ("coordinator dashboard /admin/", "/admin/", coordinator),
        ("volunteers listing", "/admin/befriending/volunteers/", coordinator),
        ("matches listing", "/admin/befriending/matches/", coordinator),
        ("contact logs listing", "/admin/befriending/contact-logs/", coordinator),
        ("events listing", "/admin/events/events/", manager),
        *[(label, path, "") for label, path, _cookie in extra],
    ]


def start_gunicorn(env: dict, port: int, started: list) -> subprocess.Popen:
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "bench:application"]
        + ["-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(WORKERS), "--max-requests", "0", "--chdir", str(ROOT)],
        env={**env, "BENCH_SERVING": "1"},
    )
    started.append(lambda: stop_process(gunicorn))
    wait_until_serving(port)
    return gunicorn


def measure_all(env: dict, plan: list, started: list, *, run: str) -> dict[str, dict]:
    from run_tests import free_port

    port = free_port()
    gunicorn = start_gunicorn(env, port, started)
    pids = worker_pids(gunicorn.pid)
    if len(pids) != WORKERS:
        raise SystemExit(f"expected {WORKERS} gunicorn workers, found {pids}")
    results: dict[str, dict] = {}
    print(f"{'page':<34} {'CPU ms':>7} {'req/s':>7} {'p50':>7} {'p95':>7} {'queries':>7}")
    for label, path, cookie in plan:
        result = measure(port, pids, path, cookie, run=run)
        results[label] = result
        print(
            f"{label:<34} {result['cpu_ms']:>7.2f} {result['rps']:>7.1f} {result['p50']:>7.1f}"
            f" {result['p95']:>7.1f} {str(result['queries']):>7}"
            + (f"  ({result['errors']} errors)" if result["errors"] else ""),
            flush=True,
        )
    stop_process(gunicorn)
    return results


def markdown_table(demo: dict[str, dict], scale: dict[str, dict]) -> str:
    floor_demo = demo["bare Django app (no middleware)"]["cpu_ms"]
    bare_demo = demo["bare view (every middleware)"]["cpu_ms"]
    floor_scale = scale["bare Django app (no middleware)"]["cpu_ms"]
    lines = [
        "| page | CPU ms, demo | CPU ms, scale | × bare view | × bare Django | req/s demo / scale"
        " | p50 ms demo / scale | p95 ms demo / scale | queries demo / scale | KB demo / scale |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, d in demo.items():
        s = scale[label]
        lines.append(
            f"| {label} | {d['cpu_ms']:.2f} | {s['cpu_ms']:.2f} | {d['cpu_ms'] / bare_demo:.1f}"
            f" | {max(d['cpu_ms'] / floor_demo, s['cpu_ms'] / floor_scale):.1f}"
            f" | {d['rps']:.0f} / {s['rps']:.0f} | {d['p50']:.1f} / {s['p50']:.1f}"
            f" | {d['p95']:.1f} / {s['p95']:.1f} | {d['queries']} / {s['queries']}"
            f" | {d['kb']:.1f} / {s['kb']:.1f} |"
        )
    return "\n".join(lines)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="pace-bench-"))
    tmp.chmod(0o755)
    started: list = []
    began = time.monotonic()
    size = os.environ.get("BENCH_SCALE", "full")
    try:
        print("Starting PostgreSQL and Redis in", tmp, flush=True)
        env = start_services(tmp, started)
        env["WEB_CONCURRENCY"] = str(WORKERS)
        prepared = tmp / "prepared.json"
        print("Migrating and seeding the demo content …", flush=True)
        subprocess.run(
            [sys.executable, str(SCRIPTS / "bench.py"), "--prepare", str(prepared)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        data = json.loads(prepared.read_text())
        plan = targets(data["extra"], data["sessions"], SESSION_COOKIE)
        print(
            f"\ngunicorn (deploy/gunicorn.conf.py), {WORKERS} sync workers, on 127.0.0.1;"
            f" {CLIENT_THREADS} client threads on the same machine ({os.cpu_count()} CPUs); up"
            f" to {MAX_REQUESTS} requests or {MAX_SECONDS:.0f} s per path after {WARM_UP}"
            " warm-up requests. PostgreSQL and Redis, production settings. “not cached”: a new"
            " address each time, so each request renders the page and stores it.\n",
            flush=True,
        )
        print("At demo size:", flush=True)
        demo = measure_all(env, plan, started, run="demo")
        print(f"\nAdding ten years of records (seed_scale --size {size}) …", flush=True)
        subprocess.run(
            [sys.executable, str(SCRIPTS / "bench.py"), "--scale", size],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print("\nAt scale:", flush=True)
        scale = measure_all(env, plan, started, run="scale")
        print(
            "\nCPU ms: CPU time of the gunicorn workers per request. × bare view: CPU against"
            " the bare view through every middleware (demo size); × bare Django: against the"
            " same view through Django with no middleware (the larger of the two sizes).\n"
        )
        print(markdown_table(demo, scale), flush=True)
        print("\nThe outcomes report over ten years of a 200-parent programme …", flush=True)
        report = subprocess.run(
            [sys.executable, str(SCRIPTS / "bench_report.py")], cwd=ROOT, env=env, check=False
        )
        print(f"\nmake bench took {(time.monotonic() - began) / 60:.1f} min.")
        return report.returncode
    finally:
        for stop in reversed(started):
            stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare_content(sys.argv[2])
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "--scale":
        add_scale(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
