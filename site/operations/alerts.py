"""Alerts to administrators when something is stuck: a message given up on, the outbox not
moving, a periodic task that has not run, the field encryption key due for rotation.

Each alert goes through the outbox to every Administrator (discreet like every message, and
urgent so quiet hours do not hold it) and is not repeated for ALERT_QUIET while it lasts. A dead
worker cannot send its own alert: `/monitorz`, watched from outside, covers that.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from celery.schedules import schedule as every
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import MessageCategory, Notification, Status
from pace_site.notifications.services import notify_role

from .health import RAN_KEY, noted_many, oldest_waiting_message

ALERT_QUIET = timedelta(hours=6)
FAILED_SEEN_KEY = "operations:failed-seen"
# A periodic task this late after its expected run is reported.
TASK_GRACE = timedelta(minutes=10)
ROTATION_WARNING = timedelta(days=14)


@dataclass(frozen=True)
class Alert:
    code: str
    title: str
    detail: str
    action: str


def failed_messages() -> Alert | None:
    """Messages given up on since the last alert about them."""
    seen = caches["default"].get(FAILED_SEEN_KEY, 0)
    failed = Notification.objects.filter(status=Status.FAILED, pk__gt=seen)
    newest = failed.order_by("-pk").values_list("pk", flat=True).first()
    if newest is None:
        return None
    count = failed.count()
    caches["default"].set(FAILED_SEEN_KEY, newest, None)
    return Alert(
        "failed-messages",
        f"{count} message{'s' if count != 1 else ''} could not be delivered",
        f"Each was tried {settings.NOTIFICATION_MAX_ATTEMPTS} times and given up on.",
        "check the mail server settings and the mail provider's status; the people concerned "
        "can still read their messages in their portal.",
    )


def stuck_outbox(now: datetime) -> Alert | None:
    state, minutes = oldest_waiting_message(now)
    if state != "stuck":
        return None
    return Alert(
        "stuck-outbox",
        "Messages are waiting and not being sent",
        f"The oldest has waited {minutes} minutes.",
        "check that the Celery workers and Redis are running (see /monitorz).",
    )


def late_tasks(now: datetime) -> Alert | None:
    late = []
    schedule = sorted(settings.CELERY_BEAT_SCHEDULE.items())
    ran = noted_many([RAN_KEY.format(entry["task"]) for _name, entry in schedule])
    for name, entry in schedule:
        last = ran.get(RAN_KEY.format(entry["task"]))
        if last is None:
            continue  # never run since the cache was cleared: the beat heartbeat covers that
        rule = entry["schedule"]
        if isinstance(rule, int | float | timedelta):
            rule = every(rule)
        # When it was next due after its last run (Celery measures from its own clock).
        next_due = timezone.now() + rule.remaining_estimate(last)
        if now - next_due > TASK_GRACE:
            late.append(name)
    if not late:
        return None
    return Alert(
        "late-tasks",
        "Scheduled work has not run on time",
        f"Late: {', '.join(late)}.",
        "check that exactly one Celery beat process and at least one worker are running.",
    )


def key_rotation(today: date) -> Alert | None:
    due = settings.FIELD_ENCRYPTION_KEY_ROTATE_BY
    if due is None or today < due - ROTATION_WARNING:
        return None
    when = "was due" if today > due else "is due"
    return Alert(
        "key-rotation",
        "The field encryption key is due to be rotated",
        f"Rotation {when} on {due:%-d %B %Y}.",
        "follow 'Rotating the field key' in the README, then set FIELD_ENCRYPTION_KEY_ROTATE_BY "
        "to the next date.",
    )


def current_alerts(now: datetime | None = None) -> list[Alert]:
    now = now or timezone.now()
    found = [
        failed_messages(),
        stuck_outbox(now),
        late_tasks(now),
        key_rotation(timezone.localdate(now)),
    ]
    return [alert for alert in found if alert]


def raise_alerts(now: datetime | None = None) -> int:
    """Send each current alert that was not sent within ALERT_QUIET; returns how many were sent."""
    sent = 0
    for alert in current_alerts(now):
        if not caches["default"].add(
            f"operations:alerted:{alert.code}", True, int(ALERT_QUIET.total_seconds())
        ):
            continue
        with transaction.atomic():
            notify_role(
                Role.ADMINISTRATOR,
                "operations/alert",
                context={
                    "title": alert.title,
                    "detail": alert.detail,
                    "action": alert.action,
                    "quiet_hours": int(ALERT_QUIET.total_seconds() // 3600),
                },
                category=MessageCategory.ALERT,
                urgent=True,
            )
        sent += 1
    return sent
