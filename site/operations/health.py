"""What the system's parts say about themselves: for the load balancer (can this web process
serve?) and for a monitor (is anything stuck?). No personal data in any answer.

Heartbeats are written to the `default` cache (the database cache, shared by every process and
kept through a Redis outage):
- the beat process notes each time it sends the heartbeat task (`before_task_publish`);
- a worker notes each time it runs it, and each periodic task when it finishes (`task_postrun`).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

HEARTBEAT_TASK = "pace_site.operations.tasks.heartbeat"
BEAT_KEY = "operations:beat-sent"
WORKER_KEY = "operations:worker-ran"
RAN_KEY = "operations:ran:{}"
# Heartbeats are sent every minute; three missed ones mean the process is gone.
HEARTBEAT_LATE = timedelta(minutes=3)
KEEP = 7 * 24 * 3600


def note(key: str, when: datetime | None = None) -> None:
    caches["default"].set(key, (when or timezone.now()).isoformat(), KEEP)


def noted(key: str) -> datetime | None:
    value = caches["default"].get(key)
    return datetime.fromisoformat(value) if value else None


def noted_many(keys: list[str]) -> dict[str, datetime]:
    """The times noted under each of `keys` that has one, read in one go."""
    found = caches["default"].get_many(keys)
    return {key: datetime.fromisoformat(value) for key, value in found.items() if value}


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return "ok" if cursor.fetchone()[0] == 1 else "down"
    except Exception:
        return "down"


def cache() -> str:
    try:
        default = caches["default"]
        default.set("healthz", "ok", 10)
        return "ok" if default.get("healthz") == "ok" else "down"
    except Exception:
        return "down"


def broker() -> str:
    from pace_site.celery import app

    if app.conf.task_always_eager:
        return "not used"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        return "down"


def _heartbeat(key: str, now: datetime) -> str:
    from pace_site.celery import app

    if app.conf.task_always_eager:
        return "not used"
    last = noted(key)
    if last is None:
        return "never seen"
    return "ok" if now - last <= HEARTBEAT_LATE else f"silent for {_minutes(now - last)} minutes"


def workers(now: datetime) -> str:
    return _heartbeat(WORKER_KEY, now)


def beat(now: datetime) -> str:
    return _heartbeat(BEAT_KEY, now)


def oldest_waiting_message(now: datetime) -> tuple[str, int | None]:
    """How long the oldest message due and not yet sent has waited, in minutes."""
    from pace_site.notifications.models import Notification, Status

    try:
        due = (
            Notification.objects.filter(status=Status.PENDING, due_at__lte=now)
            .order_by("due_at")
            .values_list("due_at", flat=True)
            .first()
        )
    except Exception:
        return "unknown", None
    if due is None:
        return "ok", 0
    minutes = _minutes(now - due)
    late = minutes >= settings.OUTBOX_STUCK_AFTER.total_seconds() // 60
    return ("stuck" if late else "ok"), minutes


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def readiness() -> dict[str, str]:
    """What a web process needs to serve: the database and its cache. The broker is reported but
    does not decide: pages and forms work without it (messages wait in the outbox)."""
    return {"database": database(), "cache": cache(), "broker": broker()}


def full_report() -> tuple[bool, dict[str, object]]:
    """Everything a monitor watches, and whether all of it is well."""
    now = timezone.now()
    outbox, minutes = oldest_waiting_message(now)
    report: dict[str, object] = {
        **readiness(),
        "workers": workers(now),
        "beat": beat(now),
        "outbox": outbox,
        "oldest_waiting_minutes": minutes,
    }
    healthy = all(
        value in ("ok", "not used")
        for key, value in report.items()
        if key != "oldest_waiting_minutes"
    )
    return healthy, report
