import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from pace_site.accounts.roles import Role

from . import database_snapshot
from .embedded import EmbeddedSite, prepare_embedded_site
from .factories import make_user
from .helpers import sign_in, wait_until

ALL_ROLES = list(Role)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with transactional tests putting back the migrated rows quickly
    instead of flushing and re-making them (see tests/database_snapshot.py)."""
    from django.db import connection
    from django.test import TransactionTestCase

    if connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        migrated = database_snapshot.Snapshot("migrated")

    def back_to_the_migrated_database(test_case):
        migrated.restore()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", back_to_the_migrated_database)
        yield


@pytest.fixture
def user_with_role(db):
    def make(role: Role | None, **kwargs):
        return make_user(role, **kwargs)

    return make


@pytest.fixture
def users(db):
    """One person for each role."""
    return {role: make_user(role, display_name=role.label.split()[0]) for role in Role}


@pytest.fixture
def signed_in_client(client):
    def as_user(user, **kwargs):
        sign_in(client, user, **kwargs)
        return client

    return as_user


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox


# ---------------------------------------------------------------------------------------------
# Real services: Redis (restartable) and a Celery worker process on the test database.


def _redis_port() -> int:
    return int(settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0])


def redis_is_up() -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", _redis_port())) == 0


_restarted_redis: list[subprocess.Popen] = []


class RedisControl:
    """Stop and start the test Redis server, as an outage would."""

    def __init__(self):
        # Under pytest-xdist, this worker process's own server (see pace_site.settings.test).
        worker = os.environ.get("PYTEST_XDIST_WORKER", "").upper()
        command = worker and os.environ.get(f"REDIS_SERVER_COMMAND_{worker}")
        self.command = shlex.split(command or os.environ["REDIS_SERVER_COMMAND"])

    def stop(self):
        import redis

        # The server closes the connection as it goes down.
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis.from_url(settings.REDIS_URL).shutdown(nosave=True)
        wait_until(lambda: not redis_is_up(), what="Redis to stop")

    def start(self):
        if redis_is_up():
            return
        _restarted_redis.append(subprocess.Popen(self.command, stdout=subprocess.DEVNULL))
        wait_until(redis_is_up, what="Redis to start")


@pytest.fixture(scope="session", autouse=True)
def _stop_restarted_redis():
    """A Redis restarted by a test is this session's to stop."""
    yield
    for process in _restarted_redis:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(autouse=True)
def _forget_restricted_sections():
    """The list of restricted sections is kept in the page cache (Redis, which outlives a
    test): a test's restrictions, rolled back, must not hide another test's pages."""
    yield
    from django.conf import settings
    from django.core.cache import caches

    from home.cache import RESTRICTED_SECTIONS

    caches[settings.PAGE_CACHE_ALIAS].delete(RESTRICTED_SECTIONS)


@pytest.fixture
def redis_control():
    control = RedisControl()
    yield control
    control.start()  # leave it running for the next test; run_tests.py stops it at the end


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, mail_dir):
    """A real `celery worker` process on the test database and the test Redis, started once for
    the test process (under pytest-xdist, one for each worker process, on its own database and
    Redis). It takes no task until a test asks for it with the `celery_worker` fixture."""
    from pace_site.celery import app

    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pace_site",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname=pace-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}@%h",
            # A queue nobody sends to: the worker listens to the task queue only during a test
            # that uses it (see celery_worker).
            f"--queues={IDLE_QUEUE}",
        ],
        env=env,
    )
    try:
        replies = wait_until(
            lambda: app.control.ping(timeout=0.5), timeout=60, what="the Celery worker to answer"
        )
        yield next(iter(replies[0]))  # its name, e.g. pace-test-gw0@host
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


IDLE_QUEUE = "pace-test-idle"


@pytest.fixture
def celery_worker(request, _celery_worker_process):
    """The real Celery worker, taking tasks for this test only.

    Tasks queued by earlier tests (whose rows are gone) are purged first; after the test the
    worker stops taking tasks and finishes what it holds, so it never races other tests for
    their messages."""
    from pace_site.celery import app

    if request.node.get_closest_marker("integration") is None:
        pytest.fail("A test that uses the Celery worker must be marked integration.")
    name, queue = _celery_worker_process, app.conf.task_default_queue

    def control(command, **kwargs):
        # Retried: after a Redis outage the worker needs a moment to reconnect.
        return wait_until(
            lambda: getattr(app.control, command)(
                destination=[name], reply=True, timeout=1, **kwargs
            ),
            timeout=60,
            what=f"the Celery worker to answer {command}",
        )

    def idle():
        inspect = app.control.inspect(destination=[name], timeout=1, limit=1)
        active, reserved = inspect.active(), inspect.reserved()
        return bool(active and reserved) and not active[name] and not reserved[name]

    app.control.purge()
    control("add_consumer", queue=queue)
    try:
        yield name
    finally:
        control("cancel_consumer", queue=queue)
        wait_until(idle, timeout=60, what="the Celery worker to finish its tasks")


def worker_mails(mail_dir: Path) -> list[str]:
    return [path.read_text() for path in sorted(mail_dir.glob("*.log"))]


# ---------------------------------------------------------------------------------------------
# The embedded default, as `make run` has it: SQLite, development settings, no Redis.


@pytest.fixture(scope="session")
def embedded_site(tmp_path_factory) -> EmbeddedSite:
    """A copy of its own for this test process of the seeded embedded site (made once and kept
    until what it depends on changes: see tests/embedded.py)."""
    own = tmp_path_factory.mktemp("embedded")
    shutil.copytree(
        prepare_embedded_site(), own, dirs_exist_ok=True, ignore=shutil.ignore_patterns("seeded")
    )
    return EmbeddedSite(own)


# ---------------------------------------------------------------------------------------------
# Markers, from the fixtures a test uses.

# A test that needs one of these fixtures must carry the marker, so that `make test-fast`
# (-m "not browser and not integration and not processes") never starts a browser, a worker or
# the embedded site.
NEEDS_MARKER = {
    "browser": "browser",
    "celery_worker": "integration",
    "embedded_site": "processes",
}


def pytest_collection_modifyitems(config, items):
    unmarked = [
        f"{item.nodeid} uses {fixture} but is not marked {marker}"
        for item in items
        for fixture, marker in NEEDS_MARKER.items()
        if fixture in item.fixturenames and item.get_closest_marker(marker) is None
    ]
    if unmarked:
        raise pytest.UsageError("Tests without their marker:\n" + "\n".join(unmarked))
