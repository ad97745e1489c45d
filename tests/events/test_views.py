"""Portal and public pages: who sees what, booking and cancelling, bad input, query counts."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Audience, EventKind, Feedback, Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def key() -> str:
    """A fresh form key, as each shown form has (see pace_site.submissions)."""
    return str(uuid4())


@pytest.fixture
def parent(user_with_role):
    return user_with_role(Role.PARENT)


def detail(event):
    return reverse("events:detail", args=[event.pk])


def test_parent_sees_events_for_parents_only(signed_in_client, parent):
    mine = EventFactory(title="Network day for parents")
    EventFactory(title="Volunteers evening", audience=Audience.VOLUNTEERS)
    EventFactory(title="Draft day", published_at=None)
    EventFactory(
        title="Old day",
        starts_at=timezone.now() - timedelta(days=30),
        registration_opens_at=timezone.now() - timedelta(days=60),
        registration_closes_at=timezone.now() - timedelta(days=31),
    )
    client = signed_in_client(parent)
    page = client.get(reverse("events:list")).content.decode()
    assert "Network day for parents" in page
    assert "Volunteers evening" not in page and "Draft day" not in page and "Old day" not in page
    assert client.get(detail(mine)).status_code == 200


@pytest.mark.parametrize(
    ("audience", "role", "status"),
    [
        (Audience.PARENTS, Role.PARENT, 200),
        (Audience.PARENTS, Role.BEFRIENDER, 404),
        (Audience.PARENTS, Role.EDITOR, 404),
        (Audience.VOLUNTEERS, Role.BEFRIENDER, 200),
        (Audience.VOLUNTEERS, Role.PARENT, 404),
        (Audience.STAFF, Role.PARTICIPATION_MANAGER, 200),
        (Audience.STAFF, Role.PARENT, 404),
        (Audience.PUBLIC, Role.PARENT, 404),
    ],
)
def test_event_pages_are_for_the_people_they_are_for(
    signed_in_client, user_with_role, audience, role, status
):
    event = EventFactory(audience=audience)
    client = signed_in_client(user_with_role(role))
    for name in ("detail", "cancel", "ics"):
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code in (
            {status} if status == 404 else {200, 302}
        )


def test_booking_through_the_page(signed_in_client, parent, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    client = signed_in_client(parent)
    page = client.get(detail(event)).content.decode()
    assert "Secret Street" not in page and "Book a place" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(event),
            {
                "submission_key": key(),
                "dietary_needs": "<script>alert(1)</script>",
                "access_needs": "Lift",
                "photo_consent": "on",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "You have a place" in page
    assert "Secret Street" in page
    assert "<script>alert(1)</script>" not in page
    registration = Registration.objects.get(event=event, user=parent)
    assert registration.dietary_needs == "<script>alert(1)</script>"  # stored as given, escaped out
    assert registration.photo_consent is True
    # A second click changes nothing.
    response = client.post(
        detail(event), {"submission_key": key(), "dietary_needs": "other"}, follow=True
    )
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


def test_waitlisted_person_sees_position_but_not_venue(signed_in_client, user_with_role):
    event = EventFactory(capacity=1)
    services.register(event, user=user_with_role(Role.PARENT), needs=Needs())
    waiting = user_with_role(Role.PARENT)
    client = signed_in_client(waiting)
    page = client.post(detail(event), {"submission_key": key()}, follow=True).content.decode()
    assert "waiting list" in page and "number 1 on the waiting list" in page
    assert "Secret Street" not in page and "Community Hall" not in page
    assert "Add to my calendar" not in page


def test_nobody_sees_another_persons_needs(signed_in_client, user_with_role):
    event = EventFactory()
    first, second = user_with_role(Role.PARENT), user_with_role(Role.PARENT)
    services.register(
        event,
        user=first,
        needs=Needs(dietary_needs="Halal only", access_needs="Hearing loop"),
    )
    client = signed_in_client(second)
    for url in (detail(event), reverse("events:list"), reverse("events:ics", args=[event.pk])):
        body = client.get(url).content.decode()
        assert "Halal" not in body and "Hearing loop" not in body
    # The second person's cancel page is about their own booking only: they have none.
    response = client.post(
        reverse("events:cancel", args=[event.pk]), {"submission_key": key()}, follow=True
    )
    assert "not registered" in response.content.decode()
    assert Registration.objects.get(user=first).status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"wants_travel_support": "on", "travel_support_requested": "-4"},
            "greater than or equal to 0",
        ),
        (
            {"wants_travel_support": "on", "travel_support_requested": "99999"},
            "less than or equal to 500",
        ),
        ({"wants_travel_support": "on", "travel_support_requested": "lots"}, "Enter a number"),
        ({"wants_travel_support": "on"}, "rough amount"),
        ({"dietary_needs": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_booking_input_gets_a_message_and_changes_nothing(
    signed_in_client, parent, data, message
):
    event = EventFactory()
    response = signed_in_client(parent).post(detail(event), {**data, "submission_key": key()})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists() and not Notification.objects.exists()


def test_odd_tick_box_values_are_read_as_a_tick(signed_in_client, parent):
    """Odd but harmless input (several values for the photo tick box) books the place and is
    read as ticked, as a browser's "on" would be."""
    event = EventFactory()
    response = signed_in_client(parent).post(
        detail(event), {"photo_consent": ["on", "off", "maybe"], "submission_key": key()}
    )
    assert response.status_code == 302
    assert Registration.objects.get(event=event, user=parent).photo_consent is True


@pytest.mark.parametrize(
    ("arrival", "departure", "message"),
    [
        (1, 0, "after the day you arrive"),
        (-5, 0, "choose days in that range"),
        (None, None, "Please give the day you arrive."),
        ("not-a-date", 1, "Enter a real date"),
        (0, 90, "choose days in that range"),
    ],
)
def test_bad_residential_days(signed_in_client, parent, arrival, departure, message):
    starts = timezone.now() + timedelta(days=40)
    event = EventFactory(
        kind=EventKind.RESIDENTIAL, starts_at=starts, ends_at=starts + timedelta(days=2)
    )
    first = timezone.localtime(event.starts_at).date()

    def day(value):
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return (first + timedelta(days=value)).isoformat()

    response = signed_in_client(parent).post(
        detail(event),
        {
            "submission_key": key(),
            "arrival_on": day(arrival),
            "departure_on": day(departure),
            "room_preference": "own_room",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_booking_after_closing_is_refused_on_the_page(signed_in_client, parent):
    event = EventFactory()
    client = signed_in_client(parent)
    client.get(detail(event))  # the form was shown while it was open …
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()
    response = client.post(
        detail(event), {"submission_key": key()}, follow=True
    )  # … and sent after it closed
    assert "not open" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelled_event_cannot_be_booked_on_the_page(signed_in_client, parent, users):
    event = EventFactory()
    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])
    response = signed_in_client(parent).post(detail(event), {"submission_key": key()}, follow=True)
    assert "has been cancelled" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancelling_on_the_page_promotes_the_next_person(
    signed_in_client, user_with_role, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first, second = user_with_role(Role.PARENT), user_with_role(Role.PARENT)
    services.register(event, user=first, needs=Needs())
    services.register(event, user=second, needs=Needs())
    client = signed_in_client(first)
    assert "Yes, cancel" in client.get(reverse("events:cancel", args=[event.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:cancel", args=[event.pk]), {"submission_key": key()}, follow=True
        )
    assert "no longer booked" in response.content.decode()
    assert Registration.objects.get(user=second).status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(kind="events/promoted", recipient=second).count() == 1
    # A stale second click does nothing more.
    response = client.post(
        reverse("events:cancel", args=[event.pk]), {"submission_key": key()}, follow=True
    )
    assert "no longer booked" in response.content.decode()  # done already, said calmly
    assert Notification.objects.filter(kind="events/promoted").count() == 1


def test_replacing_the_calendar_address(signed_in_client, parent):
    client = signed_in_client(parent)
    page = client.get(reverse("events:list")).content.decode()
    old = services.calendar_feed_for(parent).token
    assert f"/calendar/{old}.ics" in page
    assert client.get(reverse("events:replace_calendar")).status_code == 405
    response = client.post(
        reverse("events:replace_calendar"), {"submission_key": key()}, follow=True
    )
    new = services.calendar_feed_for(parent).token
    assert new != old
    page = response.content.decode()
    assert f"/calendar/{new}.ics" in page and old not in page
    assert client.get(f"/calendar/{old}.ics").status_code == 404


def _past_event_for(parent, status=RegistrationStatus.ATTENDED):
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
    )
    Registration.objects.create(event=event, user=parent, status=status)
    return event


def test_feedback_after_the_event(signed_in_client, parent):
    event = _past_event_for(parent)
    client = signed_in_client(parent)
    url = reverse("events:feedback", args=[event.pk])
    assert "Tell us how it went" in client.get(reverse("events:list")).content.decode()
    response = client.post(url, {"submission_key": key(), "felt_less_alone": "sometimes"})
    assert "Select a valid choice" in response.content.decode()
    assert not Feedback.objects.exists()
    response = client.post(
        url,
        {
            "submission_key": key(),
            "felt_less_alone": "yes",
            "met_someone_who_understands": "yes",
            "more_confident": "a_little",
            "anything_to_change": "More tea",
        },
        follow=True,
    )
    assert "Thank you" in response.content.decode()
    assert Feedback.objects.get().anything_to_change == "More tea"
    response = client.post(url, {"submission_key": key(), "felt_less_alone": "no"}, follow=True)
    assert "already have your feedback" in response.content.decode()
    assert Feedback.objects.count() == 1


def test_feedback_is_only_for_people_who_came(signed_in_client, parent, user_with_role):
    event = _past_event_for(parent, status=RegistrationStatus.DID_NOT_ATTEND)
    assert (
        signed_in_client(parent).get(reverse("events:feedback", args=[event.pk])).status_code == 404
    )
    other = user_with_role(Role.PARENT)
    assert (
        signed_in_client(other).get(reverse("events:feedback", args=[event.pk])).status_code == 404
    )
    upcoming = EventFactory()
    services.register(upcoming, user=other, needs=Needs())
    response = signed_in_client(other).post(
        reverse("events:feedback", args=[upcoming.pk]),
        {
            "submission_key": key(),
            "felt_less_alone": "yes",
            "met_someone_who_understands": "yes",
            "more_confident": "yes",
        },
    )
    assert "after the event" in response.content.decode()
    assert not Feedback.objects.exists()


def test_public_events_page_shows_public_events_without_private_details(client):
    EventFactory(title="Training for professionals", audience=Audience.PUBLIC)
    EventFactory(title="Parents only day")
    EventFactory(
        title="Cancelled training",
        audience=Audience.PUBLIC,
        status="cancelled",
        cancelled_at=timezone.now(),
    )
    page = client.get(reverse("events:public_list")).content.decode()
    assert "Training for professionals" in page
    assert "Parents only day" not in page and "Cancelled training" not in page
    assert "Secret Street" not in page and "Community Hall" not in page
    assert "places" not in page.lower()


def test_portal_panel(signed_in_client, parent):
    event = EventFactory(title="Panel day")
    services.register(event, user=parent, needs=Needs())
    page = signed_in_client(parent).get("/my/").content.decode()
    assert "Panel day" in page and "See events" in page


@pytest.mark.parametrize("count", [5, 1000])
def test_event_list_query_count_is_fixed(
    signed_in_client, parent, django_assert_max_num_queries, count
):
    events = EventFactory.create_batch(count)
    for event in events[:3]:
        services.register(event, user=parent, needs=Needs())
    services.calendar_feed_for(parent)  # made on the first visit, once
    client = signed_in_client(parent)
    # Queries: session, user, groups, events (count, page), own registrations on the page, the
    # calendar feed, past registrations with events and feedback; session save (savepoint,
    # update, release).
    with django_assert_max_num_queries(12):  # + the header's menu pages
        response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert response.content.decode().count("event-card__title") == min(count, 25)


@pytest.mark.parametrize("count", [5, 1000])
def test_public_list_query_count_is_fixed(client, django_assert_max_num_queries, count):
    EventFactory.create_batch(count, audience=Audience.PUBLIC)
    # Queries: events (count, page).
    with django_assert_max_num_queries(3):  # + the header's menu pages
        response = client.get(reverse("events:public_list"))
    assert response.content.decode().count("event-card__title") == min(count, 25)
