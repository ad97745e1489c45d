from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .models import PasswordResetRequest

# A request whose task never ran is sent by the sweep up to a day later, then dropped: by then
# the person has asked again or given up, and the address should not wait any longer.
PASSWORD_RESET_KEPT_FOR = timedelta(days=1)


@shared_task
def send_password_reset(request_id: int) -> str:
    """Mail the reset link for one request, if the address has an account. Safe twice."""
    return services.send_password_reset(request_id)


@shared_task
def sweep_password_resets(limit: int = 200) -> int:
    """Queue requests whose task was lost (a dead worker, Redis down); drop stale ones."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(requested_at__lt=now - PASSWORD_RESET_KEPT_FOR).delete()
    ids = list(
        PasswordResetRequest.objects.filter(
            requested_at__lte=now - settings.NOTIFICATION_SWEEP_GRACE
        ).values_list("pk", flat=True)[:limit]
    )
    for request_id in ids:
        services.enqueue_password_reset(request_id)
    return len(ids)
