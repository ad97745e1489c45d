"""iCalendar files: one event as a download, and a person's subscription feed.

Built with the `icalendar` package. UIDs are stable (the event's UUID), SEQUENCE is the event's
change counter, cancelled events carry STATUS:CANCELLED, times are in Europe/London with a
VTIMEZONE, and the venue is included only for someone with a confirmed place.

Other apps' dated items join the personal feed through `register_feed_source(source)`, called
in this app's AppConfig.ready(): a source takes the user and returns FeedItems (see
events/sources.py, which adapts participation's confirmed opportunities). A source must run a
fixed number of queries whatever the number of items.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from pace_site.links import absolute_url

from .models import Event, Registration, RegistrationStatus

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Pace//Participation system//EN"
UID_DOMAIN = "pace.example"


@dataclass(frozen=True)
class FeedItem:
    """One dated entry in a calendar. `uid` must never change for the same thing."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    sequence: int = 0
    cancelled: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    updated_at: datetime | None = None


FeedSource = Callable[[object], Iterable[FeedItem]]
_sources: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> FeedSource:
    """Add a function `(user) -> iterable of FeedItem` whose items join the personal feed."""
    if source not in _sources:
        _sources.append(source)
    return source


def unregister_feed_source(source: FeedSource) -> None:
    if source in _sources:
        _sources.remove(source)


def event_uid(event: Event) -> str:
    return f"event-{event.uid}@{UID_DOMAIN}"


def _event_url(event: Event, *, base: str | None = None) -> str:
    if base is not None:  # a feed builds hundreds of these: reverse() once per feed
        return f"{base}{event.pk}/"
    return absolute_url("events:detail", event.pk)


def event_item(event: Event, *, show_venue: bool, url_base: str | None = None) -> FeedItem:
    """The calendar entry for an event as this person may see it."""
    location = ""
    if show_venue:
        location = ", ".join(
            part for part in [event.venue_name, " ".join(event.venue_address.split())] if part
        )
    else:
        location = event.region
    description = event.description
    if event.is_cancelled:
        description = "This event has been cancelled.\n\n" + description
    return FeedItem(
        uid=event_uid(event),
        summary=("Cancelled: " if event.is_cancelled else "") + event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        sequence=event.sequence,
        cancelled=event.is_cancelled,
        description=description,
        location=location,
        url=_event_url(event, base=url_base),
        updated_at=event.updated_at,
    )


def public_event_item(event: Event) -> FeedItem:
    """A public event as anyone may download it: no venue, and its link is the event on the
    public events page (a person without an account never lands on a sign-in page)."""
    url = f"{absolute_url('events:public_list')}#event-{event.pk}"
    item = event_item(event, show_venue=False)
    description = "\n\n".join(
        part for part in [item.description, f"About this event: {url}"] if part
    )
    return replace(item, url=url, description=description)


def personal_items(user) -> list[FeedItem]:
    """Everything in the person's feed: events where they hold a confirmed place (two queries:
    registrations with their events), then whatever registered sources add."""
    registrations = (
        Registration.objects.for_user(user)
        .filter(status=RegistrationStatus.CONFIRMED)
        .select_related("event")
        .only(
            "status",
            "event__uid",
            "event__title",
            "event__description",
            "event__region",
            "event__starts_at",
            "event__ends_at",
            "event__venue_name",
            "event__venue_address",
            "event__status",
            "event__sequence",
            "event__updated_at",
            "event__published_at",
        )
        .order_by("event__starts_at")
    )
    # The detail page is `<list>/<pk>/`; one reverse() for the whole feed.
    url_base = absolute_url("events:list")
    items = [
        event_item(r.event, show_venue=True, url_base=url_base)
        for r in registrations
        if r.event.published_at
    ]
    for source in _sources:
        items.extend(source(user))
    return items


def build_calendar(items: Iterable[FeedItem], *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
    now = timezone.now()
    first: date | None = None
    last: date | None = None
    for item in items:
        starts = item.starts_at.astimezone(LONDON)
        ends = item.ends_at.astimezone(LONDON)
        vevent = VEvent()
        vevent.add("uid", item.uid)
        vevent.add("dtstamp", now)
        if item.updated_at:
            vevent.add("last-modified", item.updated_at)
        vevent.add("dtstart", starts)
        vevent.add("dtend", ends)
        vevent.add("summary", item.summary)
        vevent.add("sequence", item.sequence)
        vevent.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            vevent.add("description", item.description)
        if item.location:
            vevent.add("location", item.location)
        if item.url:
            vevent.add("url", item.url)
        calendar.add_component(vevent)
        first = min(first, starts.date()) if first else starts.date()
        last = max(last, ends.date()) if last else ends.date()
    if first is not None:
        # A VTIMEZONE covering a year either side of the entries: small, and exact for them.
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return calendar.to_ical()


FEED_CACHE_SECONDS = 6 * 3600


def fingerprint(items: list[FeedItem], *, name: str = "") -> str:
    """A digest of everything a calendar shows: equal digests, equal files (but for DTSTAMP)."""
    digest = hashlib.sha256(f"{PRODID}|{name}".encode())
    for item in items:
        digest.update(repr(item).encode())
    return digest.hexdigest()[:40]


def cached_calendar(items: list[FeedItem], *, name: str = "", key: str | None = None) -> bytes:
    """The calendar for these items, built once per distinct content. Keyed by the content's
    digest, so a cached file is never stale; the page cache fails open."""
    key = f"events:calendar:{key or fingerprint(items, name=name)}"
    cache = caches[settings.PAGE_CACHE_ALIAS]
    body = cache.get(key)
    if body is None:
        body = build_calendar(items, name=name)
        cache.set(key, body, FEED_CACHE_SECONDS)
    return body
