"""Celery signal handlers: heartbeats, last runs of periodic tasks, and request ids."""

from django.conf import settings

from .health import BEAT_KEY, HEARTBEAT_TASK, RAN_KEY, note
from .requestid import add_to_task_message, forget_after_task, take_from_task_message


def on_publish(sender=None, headers=None, **kwargs) -> None:
    add_to_task_message(headers=headers)
    if sender == HEARTBEAT_TASK:
        note(BEAT_KEY)  # only beat sends the heartbeat


def on_prerun(task=None, **kwargs) -> None:
    take_from_task_message(task=task)


def on_postrun(task=None, state=None, **kwargs) -> None:
    forget_after_task()
    periodic = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    if task is not None and task.name in periodic and state == "SUCCESS":
        note(RAN_KEY.format(task.name))


def connect() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(on_publish, weak=False, dispatch_uid="operations-publish")
    task_prerun.connect(on_prerun, weak=False, dispatch_uid="operations-prerun")
    task_postrun.connect(on_postrun, weak=False, dispatch_uid="operations-postrun")
