"""Invitations to new events are offers: a parent who has paused or left gets none. Reminders
and changes to events they booked are logistics and still go to them."""


def no_invitations_while_paused(notification) -> str | None:
    if notification.kind != "events/invitation" or notification.recipient is None:
        return None
    parent = getattr(notification.recipient, "parent", None)
    if parent is not None and parent.status in ("paused", "left"):
        return f"parent {parent.status}: no event invitations"
    return None
