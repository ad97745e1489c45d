"""Health answers: liveness depends on nothing, readiness on what a web process needs, and the
monitor's answer on everything, with heartbeats from beat and the workers."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from pace_site.notifications.models import Notification, Status
from pace_site.operations import health, requestid
from pace_site.operations.signals import on_postrun, on_publish

pytestmark = pytest.mark.django_db


def beat_and_workers_seen(minutes_ago: int = 0) -> None:
    when = timezone.now() - timedelta(minutes=minutes_ago)
    health.note(health.BEAT_KEY, when)
    health.note(health.WORKER_KEY, when)


def test_liveness_answers_even_when_the_broker_is_down(client, redis_control):
    redis_control.stop()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_each_part(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_readiness_stays_ready_without_the_broker_and_says_so(client, redis_control):
    redis_control.stop()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_the_monitor_is_content_when_every_part_has_been_heard_from(client):
    beat_and_workers_seen()
    response = client.get("/monitorz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "workers": "ok",
        "beat": "ok",
        "outbox": "ok",
        "oldest_waiting_minutes": 0,
    }


def test_the_monitor_names_a_silent_beat_and_workers_never_seen(client):
    health.note(health.BEAT_KEY, timezone.now() - timedelta(minutes=12))
    response = client.get("/monitorz")
    assert response.status_code == 503
    assert response.json()["beat"] == "silent for 12 minutes"
    assert response.json()["workers"] == "never seen"
    assert response.json()["status"] == "attention"


def test_the_monitor_says_when_messages_have_waited_too_long(client, django_user_model):
    beat_and_workers_seen()
    Notification.objects.create(
        to_email="someone@example.org",
        kind="general",
        subject="s",
        body="b",
        due_at=timezone.now() - timedelta(minutes=20),
    )
    response = client.get("/monitorz")
    assert response.status_code == 503
    assert response.json()["outbox"] == "stuck"
    assert response.json()["oldest_waiting_minutes"] == 20
    assert "someone" not in response.content.decode()


def test_messages_waiting_less_than_the_limit_are_not_stuck(client):
    beat_and_workers_seen()
    Notification.objects.create(
        to_email="a@example.org",
        kind="general",
        subject="s",
        body="b",
        due_at=timezone.now() - timedelta(minutes=5),
    )
    Notification.objects.create(
        to_email="b@example.org",
        kind="general",
        subject="s",
        body="b",
        status=Status.SENT,
        due_at=timezone.now() - timedelta(hours=5),
    )
    assert client.get("/monitorz").json()["oldest_waiting_minutes"] == 5
    assert client.get("/monitorz").status_code == 200


def test_beat_sending_the_heartbeat_and_a_worker_running_it_are_both_noted():
    on_publish(sender=health.HEARTBEAT_TASK, headers={})
    assert health.beat(timezone.now()) == "ok"
    assert health.workers(timezone.now()) == "never seen"

    from pace_site.operations.tasks import heartbeat

    heartbeat()
    assert health.workers(timezone.now()) == "ok"


def test_a_periodic_task_is_noted_when_it_finishes_well_and_only_then():
    class Task:
        name = "pace_site.notifications.tasks.sweep_outbox"

    on_postrun(task=Task(), state="FAILURE")
    assert health.noted(health.RAN_KEY.format(Task.name)) is None
    on_postrun(task=Task(), state="SUCCESS")
    assert health.noted(health.RAN_KEY.format(Task.name)) is not None


def test_every_answer_carries_a_request_id_and_a_proxys_plain_id_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-1234")["X-Request-ID"] == (
        "proxy-id-1234"
    )
    odd = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")["X-Request-ID"]
    assert "<" not in odd and len(odd) == 32


def test_the_request_id_goes_with_a_queued_task_and_into_its_log_lines(caplog):
    token = requestid.current.set("request-abc-123")
    headers: dict = {}
    try:
        on_publish(sender="pace_site.notifications.tasks.deliver_notification", headers=headers)
    finally:
        requestid.current.reset(token)
    assert headers == {requestid.TASK_HEADER: "request-abc-123"}

    class Request:
        pace_request_id = "request-abc-123"

    class Task:
        request = Request()

    requestid.take_from_task_message(task=Task())
    record = logging.LogRecord("pace.x", logging.INFO, __file__, 1, "delivered", None, None)
    requestid.RequestIdFilter().filter(record)
    assert record.request_id == "request-abc-123"
    requestid.forget_after_task()
    requestid.RequestIdFilter().filter(record)
    assert record.request_id == "-"
