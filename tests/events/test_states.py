"""Each state of an event and of a person's booking, on the portal's screens (issue 14, item 6):
one name per state, nothing offered that no longer makes sense, a day-by-day plan, and counts
that match what is shown."""

import re
from datetime import time, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import (
    OWN_PAST_STATUS_NAMES,
    OWN_STATUS_NAMES,
    AgendaItem,
    EventKind,
    Feedback,
    RegistrationStatus,
)
from pace_site.accounts.roles import Role

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(user_with_role):
    return user_with_role(Role.PARENT)


@pytest.fixture
def client_of(signed_in_client, parent):
    return signed_in_client(parent)


def text(response) -> str:
    return unescape(response.content.decode())


def past_event(**kwargs):
    starts = timezone.now() - timedelta(days=3)
    return EventFactory(
        starts_at=starts,
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
        **kwargs,
    )


def waiting(status) -> dict:
    return {"waitlist_number": 1} if status == RegistrationStatus.WAITLISTED else {}


def detail(client, event) -> str:
    return text(client.get(reverse("events:detail", args=[event.pk])))


def test_every_booking_state_has_one_name():
    assert set(OWN_STATUS_NAMES) == set(RegistrationStatus) == set(OWN_PAST_STATUS_NAMES)
    assert len(set(OWN_STATUS_NAMES.values())) == len(RegistrationStatus)


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (RegistrationStatus.CONFIRMED, "You have a place"),
        (RegistrationStatus.WAITLISTED, "waiting list"),
    ],
)
def test_coming_up_offers_calendar_and_cancelling(client_of, parent, status, said):
    event = EventFactory()
    RegistrationFactory(event=event, user=parent, status=status, **waiting(status))
    page = detail(client_of, event)
    assert said in page
    assert "This event has finished" not in page and "Tell us how it went" not in page
    assert ("Add to my calendar" in page) is (status == RegistrationStatus.CONFIRMED)
    assert "I can no longer come" in page or "Leave the waiting list" in page
    listing = text(client_of.get(reverse("events:list")))
    assert str(OWN_STATUS_NAMES[status]) in listing


@pytest.mark.parametrize("status", [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED])
def test_a_past_event_says_what_happened_and_asks_for_feedback(client_of, parent, status):
    event = past_event()
    registration = RegistrationFactory(event=event, user=parent, status=status)
    page = detail(client_of, event)
    assert "This event has finished." in page
    assert str(OWN_PAST_STATUS_NAMES[status]) in page
    assert "Tell us how it went" in page
    for gone in ["I can no longer come", "Add to my calendar", "Leave the waiting list", "Book"]:
        assert gone not in page
    Feedback.objects.create(
        registration=registration,
        felt_less_alone="yes",
        met_someone_who_understands="yes",
        more_confident="a_little",
    )
    page = detail(client_of, event)
    assert "Tell us how it went" not in page and "Thank you for telling us how it went." in page


@pytest.mark.parametrize(
    "status", [RegistrationStatus.WAITLISTED, RegistrationStatus.DID_NOT_ATTEND]
)
def test_a_past_event_without_a_place_asks_nothing(client_of, parent, status):
    event = past_event()
    RegistrationFactory(event=event, user=parent, status=status, **waiting(status))
    page = detail(client_of, event)
    assert str(OWN_PAST_STATUS_NAMES[status]) in page
    assert "Tell us how it went" not in page and "number 1" not in page
    assert "I can no longer come" not in page and "Leave the waiting list" not in page


def test_a_past_event_not_booked_offers_nothing(client_of):
    page = detail(client_of, past_event())
    assert "This event has finished." in page
    assert "Booking is not open" not in page and "We share the venue" not in page


def test_a_weekend_plan_is_grouped_by_day_in_order(client_of):
    event = EventFactory(title="Weekend away", kind=EventKind.RESIDENTIAL)
    for day, at, title in [
        (2, time(9), "Breakfast together"),
        (1, time(16), "Arrive and settle in"),
        (1, time(19), "Dinner"),
        (2, time(13), "Home time"),
    ]:
        AgendaItem.objects.create(event=event, day=day, starts_at=at, title=title)
    page = detail(client_of, event)
    assert "The plan for the day" not in page and "The plan for each day" in page
    order = [
        m.group(0)
        for m in re.finditer(
            r"Day 1|Day 2|Arrive and settle in|Dinner|Breakfast together|Home time", page
        )
    ]
    assert order == [
        "Day 1",
        "Arrive and settle in",
        "Dinner",
        "Day 2",
        "Breakfast together",
        "Home time",
    ]
    assert "<h3>Day 1</h3>" in page


def test_a_one_day_plan_has_one_heading(client_of):
    event = EventFactory(title="Summer get-together")
    AgendaItem.objects.create(event=event, day=1, starts_at=time(13), title="Lunch")
    AgendaItem.objects.create(event=event, day=1, starts_at=time(10), title="Welcome")
    page = detail(client_of, event)
    assert "The plan for the day" in page and "Day 1" not in page
    assert page.index("Welcome") < page.index("Lunch")


def test_the_panel_counts_what_it_says(client_of, parent):
    booked = EventFactory(title="Booked day")
    RegistrationFactory(event=booked, user=parent)
    page = text(client_of.get("/my/"))
    assert "Booked day" in page
    assert "event coming up" not in page and "events coming up" not in page
    assert "more event" not in page
    EventFactory(title="Another day")
    page = text(client_of.get("/my/"))
    assert "1 more event you could come to." in page
    EventFactory(title="A third day")
    assert "2 more events you could come to." in text(client_of.get("/my/"))


def test_the_panel_without_bookings_counts_every_event(client_of):
    EventFactory()
    assert "1 event coming up." in text(client_of.get("/my/"))
    EventFactory()
    assert "2 events coming up." in text(client_of.get("/my/"))
