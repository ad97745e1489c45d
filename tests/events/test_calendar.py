"""iCalendar: per-event downloads and the personal feed, parsed by icalendar and by vobject."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from events import services
from events.calendar import FeedItem, register_feed_source, unregister_feed_source
from events.models import EventKind, Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role

from .factories import EventFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def parse_both(body: bytes):
    """Parse with icalendar and, independently, with vobject; return both views of the VEVENTs."""
    calendar = icalendar.Calendar.from_ical(body)
    ical_events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    vcal = vobject.readOne(body.decode())
    vobj_events = {e.uid.value: e for e in vcal.vevent_list} if hasattr(vcal, "vevent") else {}
    assert set(ical_events) == set(vobj_events)
    return calendar, ical_events, vobj_events


def feed_url(user) -> str:
    return reverse("events:feed", kwargs={"token": services.calendar_feed_for(user).token})


@pytest.fixture
def parent(user_with_role):
    return user_with_role(Role.PARENT)


def book(event, user, status=RegistrationStatus.CONFIRMED, **kwargs):
    return Registration.objects.create(
        event=event,
        user=user,
        status=status,
        confirmed_at=timezone.now() if status == "confirmed" else None,
        **kwargs,
    )


def test_feed_has_confirmed_events_with_venue_and_a_london_timezone(client, parent):
    confirmed = EventFactory(title="Network day, Leeds")
    waiting = EventFactory(title="Network day, Newcastle", capacity=1)
    book(confirmed, parent)
    book(waiting, parent, status=RegistrationStatus.WAITLISTED, waitlist_number=1)

    response = client.get(feed_url(parent))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar, events, vevents = parse_both(response.content)
    assert len(events) == 1
    (uid,) = events
    assert uid == f"event-{confirmed.uid}@pace.example"
    assert "Leeds Community Hall" in str(events[uid]["location"])
    assert "1 Secret Street" in vevents[uid].location.value
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert b"DTSTART;TZID=Europe/London:" in response.content
    assert vevents[uid].dtstart.value == confirmed.starts_at


def test_feed_items_keep_their_uid_when_the_event_changes(client, parent, users):
    event = EventFactory()
    book(event, parent)
    first = icalendar.Calendar.from_ical(client.get(feed_url(parent)).content)
    (before,) = first.walk("VEVENT")
    services.update_event(event, by=users[Role.PARTICIPATION_MANAGER], changed=["title"])
    (after,) = icalendar.Calendar.from_ical(client.get(feed_url(parent)).content).walk("VEVENT")
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1


@pytest.mark.parametrize(
    ("starts", "hours", "utc_start", "utc_end"),
    [
        # The clocks go back at 02:00 BST on Sunday 25 October 2026.
        (london(2026, 10, 24, 10, 0), 5, datetime(2026, 10, 24, 9, 0), datetime(2026, 10, 24, 14)),
        (london(2026, 10, 25, 10, 0), 5, datetime(2026, 10, 25, 10, 0), datetime(2026, 10, 25, 15)),
        # A residential across the change: Saturday 16:00 BST to Sunday 14:00 GMT.
        (
            london(2026, 10, 24, 16, 0),
            23,
            datetime(2026, 10, 24, 15, 0),
            datetime(2026, 10, 25, 14),
        ),
        # The clocks go forward at 01:00 GMT on Sunday 28 March 2027.
        (london(2027, 3, 27, 10, 0), 5, datetime(2027, 3, 27, 10, 0), datetime(2027, 3, 27, 15)),
        (london(2027, 3, 28, 10, 0), 5, datetime(2027, 3, 28, 9, 0), datetime(2027, 3, 28, 14)),
    ],
)
def test_events_across_the_clock_change_have_the_right_times(
    client, parent, starts, hours, utc_start, utc_end
):
    ends = datetime.fromtimestamp(starts.timestamp() + hours * 3600, tz=UTC)
    event = EventFactory(
        kind=EventKind.RESIDENTIAL if hours > 12 else EventKind.NETWORK_DAY,
        starts_at=starts,
        ends_at=ends,
        registration_opens_at=starts - timedelta(days=400),
        registration_closes_at=starts - timedelta(days=1),
    )
    book(event, parent)
    body = client.get(feed_url(parent)).content
    _calendar, events, vevents = parse_both(body)
    (uid,) = events
    local = starts.strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Europe/London:{local}".encode() in body
    for start, end in [
        (events[uid].decoded("dtstart"), events[uid].decoded("dtend")),
        (vevents[uid].dtstart.value, vevents[uid].dtend.value),
    ]:
        assert start.astimezone(UTC).replace(tzinfo=None) == utc_start
        assert end.astimezone(UTC).replace(tzinfo=None) == utc_end


def test_cancelled_event_shows_cancelled_with_a_higher_sequence(client, parent, users):
    event = EventFactory()
    book(event, parent)
    url = feed_url(parent)
    (before,) = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(before["status"]) == "CONFIRMED"

    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])

    body = client.get(url).content
    _calendar, events, vevents = parse_both(body)
    after = events[str(before["uid"])]
    assert str(after["status"]) == "CANCELLED"
    assert vevents[str(before["uid"])].status.value == "CANCELLED"
    assert int(after["sequence"]) > int(before["sequence"])
    download = client.get(reverse("events:ics", args=[event.pk]))  # anonymous: sign in first
    assert download.status_code == 302


def test_replaced_token_old_feed_is_404(client, parent):
    EventFactory()
    old_url = feed_url(parent)
    assert client.get(old_url).status_code == 200
    services.replace_calendar_token(parent, by=parent)
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(parent)).status_code == 200


@pytest.mark.parametrize("token", ["unknown", "x" * 500, "%00", "' OR 1=1 --"])
def test_unknown_tokens_are_404(client, parent, token):
    services.calendar_feed_for(parent)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_token_is_stored_hashed_and_encrypted(parent):
    from django.db import connection

    feed = services.calendar_feed_for(parent)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token, token_hash FROM events_calendarfeed WHERE id = %s", [feed.pk])
        stored, hashed = cursor.fetchone()
    assert feed.token not in stored and feed.token not in hashed


def test_inactive_person_feed_is_404(client, parent):
    url = feed_url(parent)
    parent.is_active = False
    parent.save()
    assert client.get(url).status_code == 404


def test_event_download_shows_the_venue_only_with_a_confirmed_place(
    signed_in_client, user_with_role
):
    event = EventFactory(capacity=1)
    holder, waiting = user_with_role(Role.PARENT), user_with_role(Role.PARENT)
    services.register(event, user=holder, needs=Needs())
    services.register(event, user=waiting, needs=Needs())
    url = reverse("events:ics", args=[event.pk])

    body = signed_in_client(waiting).get(url).content
    _c, events, _v = parse_both(body)
    assert b"Secret Street" not in body and b"Community Hall" not in body
    assert str(next(iter(events.values()))["location"]) == "Leeds"

    response = signed_in_client(holder).get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    _c, events, vevents = parse_both(response.content)
    assert "Secret Street" in next(iter(vevents.values())).location.value


def test_public_event_download_has_no_venue(client):
    event = EventFactory(audience="public")
    body = client.get(reverse("events:public_ics", args=[event.pk])).content
    parse_both(body)
    assert b"Secret Street" not in body and b"Community Hall" not in body
    private = EventFactory()
    assert client.get(reverse("events:public_ics", args=[private.pk])).status_code == 404


def test_other_apps_add_items_to_the_feed(client, parent):
    def opportunities(user):
        if user == parent:
            yield FeedItem(
                uid="opportunity-7@pace.example",
                summary="Speaking at the conference",
                starts_at=london(2027, 1, 12, 14, 0),
                ends_at=london(2027, 1, 12, 15, 0),
            )

    register_feed_source(opportunities)
    try:
        _c, events, vevents = parse_both(client.get(feed_url(parent)).content)
    finally:
        unregister_feed_source(opportunities)
    assert vevents["opportunity-7@pace.example"].summary.value == "Speaking at the conference"


@pytest.mark.parametrize("count", [5, 200])
def test_feed_query_count_is_fixed(client, parent, django_assert_max_num_queries, count):
    for _ in range(count):
        book(EventFactory(), parent)
    url = feed_url(parent)
    # Queries: the feed by token hash with its person, the person's confirmed registrations
    # with their events, their confirmed opportunities. No session: the token is the credential.
    with django_assert_max_num_queries(3):
        response = client.get(url)
    _c, events, _v = parse_both(response.content)
    assert len(events) == count


def test_a_refused_token_is_not_logged(client, parent, caplog):
    services.calendar_feed_for(parent)
    with caplog.at_level("DEBUG"):
        assert client.get("/calendar/guessed-secret-token.ics").status_code == 404
    assert "guessed-secret-token" not in caplog.text


def test_feed_links_each_event_to_its_page(client, parent):
    event = EventFactory()
    book(event, parent)
    _c, events, _v = parse_both(client.get(feed_url(parent)).content)
    assert str(next(iter(events.values()))["url"]).endswith(
        reverse("events:detail", args=[event.pk])
    )


def test_feed_is_built_once_per_content_and_answers_if_none_match(client, parent, users):
    event = EventFactory()
    book(event, parent)
    url = feed_url(parent)
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url)
    assert again.content == first.content  # served from the cache: same DTSTAMP too
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""

    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])

    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    (vevent,) = icalendar.Calendar.from_ical(changed.content).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"


def test_confirmed_opportunities_join_the_personal_feed(client):
    from participation.models import OpportunityStatus, SignUpStatus
    from tests.factories import ParentFactory
    from tests.participation.factories import OpportunityFactory, SignUpFactory

    parent = ParentFactory()
    confirmed = SignUpFactory(
        parent=parent,
        opportunity=OpportunityFactory(title="Speaking to new officers", is_remote=True),
        status=SignUpStatus.CONFIRMED,
    )
    SignUpFactory(
        parent=parent,
        opportunity=OpportunityFactory(title="Only interested"),
        status=SignUpStatus.INTERESTED,
    )
    SignUpFactory(
        parent=ParentFactory(),
        opportunity=OpportunityFactory(title="Someone else's talk"),
        status=SignUpStatus.CONFIRMED,
    )
    url = feed_url(parent.user)
    _c, events, vevents = parse_both(client.get(url).content)
    uid = next(uid for uid in events if uid.startswith("opportunity-"))
    assert [str(e["summary"]) for u, e in events.items() if u.startswith("opportunity-")] == [
        "Speaking to new officers"
    ]
    assert str(events[uid]["location"]) == "By video link"
    assert int(events[uid]["sequence"]) == 0

    confirmed.opportunity.status = OpportunityStatus.CANCELLED
    confirmed.opportunity.save(update_fields=["status"])
    _c, events, _v = parse_both(client.get(url).content)
    assert str(events[uid]["status"]) == "CANCELLED" and int(events[uid]["sequence"]) == 1

    confirmed.status = SignUpStatus.WITHDRAWN
    confirmed.save(update_fields=["status"])
    _c, events, _v = parse_both(client.get(url).content)
    assert uid not in events
