"""Alerts to administrators: each stuck thing once (not again within the quiet period), through
the outbox, discreet and urgent, with no personal data."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification, Status
from pace_site.operations import alerts, health

from ..factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrators():
    return [make_user(Role.ADMINISTRATOR), make_user(Role.ADMINISTRATOR)]


def alert_rows():
    return Notification.objects.filter(kind="operations/alert")


def failed_message(address="parent.private@example.org"):
    return Notification.objects.create(
        to_email=address, kind="general", subject="s", body="b", status=Status.FAILED
    )


def test_nothing_is_sent_when_all_is_well(administrators):
    assert alerts.raise_alerts() == 0
    assert not alert_rows().exists()


def test_a_failed_message_alerts_every_administrator_once(administrators):
    failed_message()
    failed_message()
    assert alerts.raise_alerts() == 1
    rows = list(alert_rows())
    assert {row.recipient for row in rows} == set(administrators)
    assert all(row.urgent and row.category == "alert" for row in rows)
    assert "2 messages could not be delivered" in rows[0].subject
    assert "parent.private" not in rows[0].body

    assert alerts.raise_alerts() == 0  # nothing new
    failed_message()
    assert alerts.raise_alerts() == 0  # new, but within the quiet period
    assert alert_rows().count() == 2


def test_a_stuck_outbox_is_reported_with_how_long_it_has_waited(administrators):
    Notification.objects.create(
        to_email="x@example.org",
        kind="general",
        subject="s",
        body="b",
        due_at=timezone.now() - timedelta(minutes=40),
    )
    found = alerts.current_alerts()
    assert [a.code for a in found] == ["stuck-outbox"]
    assert "40 minutes" in found[0].detail


def test_a_periodic_task_that_has_not_run_in_its_interval_is_named():
    task = "pace_site.notifications.tasks.sweep_outbox"
    health.note(health.RAN_KEY.format(task), timezone.now() - timedelta(minutes=2))
    assert alerts.late_tasks(timezone.now()) is None
    health.note(health.RAN_KEY.format(task), timezone.now() - timedelta(minutes=30))
    late = alerts.late_tasks(timezone.now())
    assert late is not None and "notifications-sweep" in late.detail


def test_a_daily_task_is_late_only_when_a_whole_run_was_missed(settings):
    task = "pace_site.privacy.tasks.apply_retention"
    assert settings.CELERY_BEAT_SCHEDULE["privacy-retention"]["task"] == task
    now = timezone.localtime()
    last_due = now.replace(hour=2, minute=30, second=0, microsecond=0)
    if last_due > now:
        last_due -= timedelta(days=1)
    health.note(health.RAN_KEY.format(task), last_due)
    assert alerts.late_tasks(timezone.now()) is None
    health.note(health.RAN_KEY.format(task), last_due - timedelta(days=2))
    late = alerts.late_tasks(timezone.now())
    assert late is not None and "privacy-retention" in late.detail


@pytest.mark.parametrize("tasks", [2, 20])
def test_the_last_runs_of_every_periodic_task_are_read_in_one_query(
    settings, tasks, django_assert_max_num_queries
):
    settings.CELERY_BEAT_SCHEDULE = {
        f"task-{n}": {"task": f"pace_site.example.task_{n}", "schedule": timedelta(minutes=5)}
        for n in range(tasks)
    }
    for n in range(tasks):
        health.note(health.RAN_KEY.format(f"pace_site.example.task_{n}"), timezone.now())
    health.note(
        health.RAN_KEY.format("pace_site.example.task_1"), timezone.now() - timedelta(hours=1)
    )
    with django_assert_max_num_queries(1):
        late = alerts.late_tasks(timezone.now())
    assert late is not None and late.detail == "Late: task-1."


def test_key_rotation_is_announced_two_weeks_ahead_and_after_it_is_due(settings):
    settings.FIELD_ENCRYPTION_KEY_ROTATE_BY = date(2027, 3, 1)
    assert alerts.key_rotation(date(2027, 2, 14)) is None
    soon = alerts.key_rotation(date(2027, 2, 15))
    assert soon is not None and "is due on 1 March 2027" in soon.detail
    late = alerts.key_rotation(date(2027, 3, 2))
    assert late is not None and "was due on 1 March 2027" in late.detail
    settings.FIELD_ENCRYPTION_KEY_ROTATE_BY = None
    assert alerts.key_rotation(date(2027, 3, 2)) is None


def test_the_periodic_alert_task_sends_what_it_finds(administrators):
    from pace_site.operations.tasks import check_alerts

    assert check_alerts() == 0
    failed_message()
    assert check_alerts() == 1
