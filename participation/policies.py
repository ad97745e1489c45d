"""The notifications policy of the core group: offers never reach a parent who is not active."""

from pace_site.notifications.models import MessageCategory

from .models import Parent, ParentStatus


def withhold_offers_from_paused_parents(notification) -> str | None:
    """Withhold "offer" messages to a parent who is paused or has left. Runs when the message is
    written and again just before it is sent, so a pause that starts in between still holds."""
    if notification.category != MessageCategory.OFFER or notification.recipient_id is None:
        return None
    status = (
        Parent.objects.filter(user_id=notification.recipient_id)
        .values_list("status", flat=True)
        .first()
    )
    if status == ParentStatus.PAUSED:
        return "paused: no offers"
    if status == ParentStatus.LEFT:
        return "left the programme: no offers"
    return None
