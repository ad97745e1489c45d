"""Every events form that creates or changes something acts once (PostgreSQL): the same form
sent twice at the same moment, and sent again afterwards (the browser resending), saves one
row, sends one message, and gets the same calm answer each time."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventStatus, Feedback, Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from tests.helpers import keyed_form as form
from tests.helpers import twice_at_once_then_again

from .factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def same_words(answers) -> bool:
    """The same message each time (the admin may add an Edit button to the first)."""
    texts = {html.unescape(re.sub(r"<[^>]+>", "", a[2][0])).split("\n")[0] for a in answers}
    return len(texts) == 1


@pytest.fixture
def parent(user_with_role):
    return user_with_role(Role.PARENT)


def test_booking_twice_books_once_and_tells_once(parent):
    event = EventFactory(capacity=5)
    url = reverse("events:detail", args=[event.pk])

    answers = twice_at_once_then_again(parent, url, form(access_needs="Step-free"))

    assert Registration.objects.filter(event=event, user=parent).count() == 1
    assert Registration.objects.get(user=parent).status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(kind="events/confirmed", recipient=parent).count() == 1
    assert AuditEntry.objects.filter(action="events.registration.created").count() == 1
    assert answers == [(302, url, ["You have a place. We look forward to seeing you."])] * 3


def test_joining_the_waiting_list_twice_takes_one_place_in_the_queue(parent, user_with_role):
    event = EventFactory(capacity=1)
    services.register(event, user=user_with_role(Role.PARENT), needs=Needs())
    url = reverse("events:detail", args=[event.pk])

    answers = twice_at_once_then_again(parent, url, form())

    mine = Registration.objects.get(event=event, user=parent)
    assert mine.status == RegistrationStatus.WAITLISTED and mine.waitlist_number == 1
    assert Notification.objects.filter(kind="events/waitlisted", recipient=parent).count() == 1
    waiting = (
        "The event is full, so you are on the waiting list. "
        "We will tell you as soon as a place is free."
    )
    assert answers == [(302, url, [waiting])] * 3


def test_cancelling_twice_frees_one_place_and_promotes_one_person(parent, user_with_role):
    event = EventFactory(capacity=1)
    mine = services.register(event, user=parent, needs=Needs())
    waiting = [user_with_role(Role.PARENT) for _ in range(2)]
    for person in waiting:
        services.register(event, user=person, needs=Needs())
    url = reverse("events:cancel", args=[event.pk])

    answers = twice_at_once_then_again(parent, url, form())

    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert Notification.objects.filter(kind="events/promoted").count() == 1
    assert Registration.objects.filter(event=event).holding_places().count() == 1
    assert AuditEntry.objects.filter(action="events.registration.cancelled").count() == 1
    detail = reverse("events:detail", args=[event.pk])
    done = "Done. You are no longer booked. Thank you for letting us know."
    assert answers == [(302, detail, [done])] * 3


def test_feedback_sent_twice_is_taken_once(parent):
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
    )
    Registration.objects.create(event=event, user=parent, status=RegistrationStatus.ATTENDED)
    url = reverse("events:feedback", args=[event.pk])
    data = form(felt_less_alone="yes", met_someone_who_understands="yes", more_confident="yes")

    answers = twice_at_once_then_again(parent, url, data)

    assert Feedback.objects.count() == 1
    thanks = "Thank you. Your answers help us plan the next one."
    assert answers == [(302, reverse("events:list"), [thanks])] * 3


def test_a_new_calendar_address_asked_for_twice_is_made_once(parent):
    old = services.calendar_feed_for(parent).token
    url = reverse("events:replace_calendar")

    answers = twice_at_once_then_again(parent, url, form())

    assert services.calendar_feed_for(parent).token != old
    assert AuditEntry.objects.filter(action="events.calendar_feed.replaced").count() == 1
    new_address = (
        "Your calendar has a new address. The old one no longer works: "
        "add the new one to your calendar app."
    )
    assert answers == [(302, reverse("events:list"), [new_address])] * 3


def test_a_form_without_its_key_changes_nothing_and_says_why(parent, signed_in_client):
    event = EventFactory()
    services.register(event, user=parent, needs=Needs())
    client = signed_in_client(parent)
    response = client.post(reverse("events:cancel", args=[event.pk]), {}, follow=True)
    assert "This form has expired. Please try again." in response.content.decode()
    assert Registration.objects.get(user=parent).status == RegistrationStatus.CONFIRMED
    response = client.post(reverse("events:replace_calendar"), {"submission_key": "<b>x</b>"})
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="events.calendar_feed.replaced").exists()


# -- staff forms --------------------------------------------------------------------------------


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.PARTICIPATION_MANAGER)


def test_travel_approved_twice_tells_the_person_once(manager, parent):
    event = EventFactory(travel_support_offered=True)
    registration = services.register(
        event, user=parent, needs=Needs(travel_support_requested=Decimal("40"))
    )
    url = reverse("events_events:approve_travel", args=[event.pk, registration.pk])

    answers = twice_at_once_then_again(manager, url, form(amount="35.00"))

    registration.refresh_from_db()
    assert registration.travel_support_approved == Decimal("35.00")
    assert Notification.objects.filter(kind="events/travel_approved").count() == 1
    assert AuditEntry.objects.filter(action="events.registration.travel_approved").count() == 1
    back = reverse("events_events:inspect", args=[event.pk])
    assert {a[:2] for a in answers} == {(302, back)}
    assert len({tuple(a[2]) for a in answers}) == 1 and "Approved £35.00" in answers[0][2][0]


def test_attendance_marked_twice_is_recorded_once(manager, parent):
    event = EventFactory()
    registration = services.register(event, user=parent, needs=Needs())
    url = reverse("events_events:attendance", args=[event.pk])

    answers = twice_at_once_then_again(
        manager, url, form(registration=registration.pk, attended="yes")
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    assert AuditEntry.objects.filter(action="events.registration.attendance_marked").count() == 1
    assert answers == [(302, f"{url}#person-{registration.pk}", [])] * 3


def test_an_event_cancelled_twice_tells_everyone_once(manager, parent):
    event = EventFactory()
    services.register(event, user=parent, needs=Needs())
    url = reverse("events_events:cancel", args=[event.pk])

    answers = twice_at_once_then_again(manager, url, form())

    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED
    assert Notification.objects.filter(kind="events/event_cancelled").count() == 1
    back = reverse("events_events:inspect", args=[event.pk])
    told = "The event is cancelled. Everyone registered has been told."
    assert answers == [(302, back, [told])] * 3


def test_an_event_published_twice_invites_once(manager, parent):
    event = EventFactory(published_at=None)
    url = reverse("events_events:publish", args=[event.pk])

    answers = twice_at_once_then_again(manager, url, form())

    assert Notification.objects.filter(kind="events/invitation", recipient=parent).count() == 1
    back = reverse("events_events:inspect", args=[event.pk])
    assert answers == [(302, back, ["Published. The people it is for have been told."])] * 3


def _event_form(**changes):
    starts = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": "network_day",
        "title": "Network Day, Sheffield",
        "description": "A day together.",
        "audience": "parents",
        "region": "Sheffield",
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M"),
        "registration_opens_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "registration_closes_at": (starts - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "capacity": "20",
        "venue_name": "Hall",
        "venue_address": "1 Road",
        "agenda_items-TOTAL_FORMS": "0",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
    }
    return form(**{**data, **changes})


def test_an_event_created_with_a_double_click_is_created_once(manager):
    answers = twice_at_once_then_again(manager, "/admin/events/events/new/", _event_form())

    assert Event.objects.filter(title="Network Day, Sheffield").count() == 1
    assert {a[:2] for a in answers} == {(302, "/admin/events/events/")}
    assert same_words(answers) and "created" in answers[0][2][0]


def test_an_event_saved_with_a_double_click_tells_people_once(manager, parent):
    event = EventFactory(title="Network Day, Sheffield")
    services.register(event, user=parent, needs=Needs())
    moved = timezone.localtime(event.starts_at + timedelta(hours=1))
    data = _event_form(
        starts_at=moved.strftime("%Y-%m-%d %H:%M"),
        ends_at=(moved + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M"),
        registration_closes_at=(moved - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    )

    answers = twice_at_once_then_again(manager, f"/admin/events/events/edit/{event.pk}/", data)

    assert Notification.objects.filter(kind="events/event_changed").count() == 1
    assert AuditEntry.objects.filter(action="events.event.changed").count() == 1
    assert {a[:2] for a in answers} == {(302, "/admin/events/events/")}
    assert same_words(answers) and "updated" in answers[0][2][0]
