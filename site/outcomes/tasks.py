"""Questions put off with "Not today" are asked again on their day. The beat task finds them
with one query and queues one task each; each task re-checks and is safe to run twice."""

from celery import shared_task

from .models import Invitation


@shared_task
def ask_again_after_not_today() -> int:
    """Daily: queue one task per invitation whose day to ask again has come."""
    ids = list(Invitation.objects.to_ask_again().order_by("pk").values_list("pk", flat=True))
    for invitation_id in ids:
        ask_again_about.delay(invitation_id)
    return len(ids)


@shared_task
def ask_again_about(invitation_id: int) -> bool:
    from . import services

    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return invitation is not None and services.ask_again(invitation)
