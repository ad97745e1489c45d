"""Other apps' entries in the personal calendar feed, adapted to FeedItem."""

from .calendar import UID_DOMAIN, FeedItem


def participation_opportunities(user) -> list[FeedItem]:
    """The parent's confirmed opportunities with a date (one query). A cancelled opportunity
    stays in the feed as cancelled, with a higher SEQUENCE, so calendars remove it."""
    from participation.calendar import confirmed_opportunities

    return [
        FeedItem(
            uid=f"{item['uid']}@{UID_DOMAIN}",
            summary=item["summary"],
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            sequence=1 if item["cancelled"] else 0,
            cancelled=item["cancelled"],
            description=item["description"],
            location=item["location"],
        )
        for item in confirmed_opportunities(user)
    ]
