from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .models import Notification
from .services import deliver


@shared_task
def deliver_notification(notification_id: int) -> str:
    """Deliver one outbox row. Safe twice: a sent row is left alone."""
    return deliver(notification_id)


@shared_task
def sweep_outbox(limit: int = 500) -> int:
    """Queue every due row that has no live task: ones held for quiet hours, and ones whose task
    was lost with a dead worker or a Redis outage. One task per row (STYLE 8)."""
    from .services import enqueue

    now = timezone.now()
    ids = list(
        Notification.objects.due_for_sweep(now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    with transaction.atomic():
        Notification.objects.filter(pk__in=ids).update(queued_at=now)
    for notification_id in ids:
        enqueue(notification_id)
    return len(ids)
