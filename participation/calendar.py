"""What participation contributes to a person's personal calendar feed.

The events app owns the feed and registers this as a source; participation imports nothing of
events (DESIGN: dependencies point from events to participation).
"""

from datetime import timedelta

from .models import PLACE_TAKING_STATUSES, OpportunityStatus, SignUp

# An opportunity records when it starts, not how long it lasts; the calendar shows two hours.
DEFAULT_LENGTH = timedelta(hours=2)


def confirmed_opportunities(user) -> list[dict]:
    """The person's confirmed opportunities that have a date, one dict each (one query).

    Keys: uid (stable), summary, starts_at, ends_at, cancelled, location, description.
    A sign-up the parent withdrew, or that was declined, is simply not there any more.
    """
    sign_ups = (
        SignUp.objects.filter(
            parent__user=user,
            status__in=PLACE_TAKING_STATUSES,
            opportunity__starts_at__isnull=False,
        )
        .exclude(opportunity__status=OpportunityStatus.DRAFT)
        .select_related("opportunity")
        .order_by("opportunity__starts_at", "pk")
    )
    items = []
    for sign_up in sign_ups:
        opportunity = sign_up.opportunity
        cancelled = opportunity.status == OpportunityStatus.CANCELLED
        items.append(
            {
                "uid": f"opportunity-{opportunity.pk}",
                "summary": ("Cancelled: " if cancelled else "") + opportunity.title,
                "starts_at": opportunity.starts_at,
                "ends_at": opportunity.starts_at + DEFAULT_LENGTH,
                "cancelled": cancelled,
                "location": "By video link" if opportunity.is_remote else opportunity.place,
                "description": "",
            }
        )
    return items
