from celery import shared_task

from . import alerts
from .health import WORKER_KEY, note


@shared_task
def heartbeat() -> str:
    """Sent by beat every minute; running it shows a worker is taking tasks."""
    note(WORKER_KEY)
    return "ok"


@shared_task
def check_alerts() -> int:
    """Tell administrators what is stuck or about to be due; returns how many alerts were new."""
    return alerts.raise_alerts()
