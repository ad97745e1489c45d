"""Events in a real browser: booking, the calendar, cancelling and the waiting list; the public
page; the staff desk and the attendance list on a phone."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Audience, Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def network_day(db):
    return EventFactory(
        title="Parent Network Day, Leeds",
        capacity=1,
        description="A day with other parents who understand. Lunch is provided.",
    )


def test_parent_books_adds_to_calendar_cancels_and_the_next_parent_is_promoted(
    page, browser, live_server, network_day
):
    parent = make_user(Role.PARENT, display_name="Sam")
    waiting = make_user(Role.PARENT, display_name="Jo")

    browser_sign_in(page, parent)
    page.get_by_role("link", name="See events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)
    screenshot(page, "events-list-phone")

    page.get_by_role("link", name="Parent Network Day, Leeds").click()
    expect(page.get_by_text("We share the venue with people who have a place.")).to_be_visible()
    page.get_by_label("Food and drink").fill("Vegetarian, no nuts")
    page.get_by_label("Access and support").fill("A quiet room for breaks")
    page.get_by_label("I would like help with travel costs").check()
    page.get_by_label("About how much will your journey cost? (£)").fill("18.40")
    assert_accessible(page)
    screenshot(page, "events-book-phone")
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_text("You have a place. We look forward to seeing you.")).to_be_visible()
    expect(page.get_by_text("1 Secret Street")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "events-booked-phone")

    # The next parent finds the day full and joins the waiting list.
    assert services.register(network_day, user=waiting, needs=Needs()).status == "waitlisted"

    # Add to calendar: a file with the venue, parsed as a calendar app would.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar").click()
    body = download_info.value.path().read_bytes()
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["summary"]) == "Parent Network Day, Leeds"
    assert "1 Secret Street" in str(vevent["location"])

    # The subscription address is on the events page, with a way to replace it.
    page.get_by_role("link", name="All events").click()
    address = page.get_by_label("Your private calendar address").input_value()
    assert page.context.request.get(address).status == 200
    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_text("Your calendar has a new address.")).to_be_visible()
    assert page.context.request.get(address).status == 404
    screenshot(page, "events-calendar-address-phone")

    # Cancel; the place goes to the first person waiting, who is told.
    page.get_by_role("link", name="Parent Network Day, Leeds").click()
    page.get_by_role("link", name="I can no longer come").click()
    assert_accessible(page)
    screenshot(page, "events-cancel-phone")
    page.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_text("You are no longer booked.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your booking")).to_have_count(0)

    assert Registration.objects.get(user=waiting).status == RegistrationStatus.CONFIRMED
    assert Notification.objects.filter(kind="events/promoted", recipient=waiting).count() == 1

    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    jo = other.new_page()
    browser_sign_in(jo, waiting)
    jo.get_by_role("link", name="Messages").first.click()
    jo.get_by_role("link", name="A place is free for you: Parent Network Day, Leeds").click()
    expect(jo.get_by_text("a place has become free and it is yours")).to_be_visible()
    jo.goto(f"/my/events/{network_day.pk}/")
    expect(jo.get_by_text("You have a place")).to_be_visible()
    expect(jo.get_by_text("1 Secret Street")).to_be_visible()
    other.close()


def test_residential_booking_and_waiting_list_on_a_phone(page, db):
    starts = timezone.now() + timedelta(days=40)
    weekend = EventFactory(
        title="Residential support weekend",
        kind="residential",
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        capacity=1,
    )
    services.register(
        weekend,
        user=make_user(Role.PARENT),
        needs=Needs(
            arrival_on=timezone.localtime(starts).date(),
            departure_on=timezone.localtime(starts).date() + timedelta(days=2),
            room_preference="own_room",
        ),
    )
    parent = make_user(Role.PARENT)
    browser_sign_in(page, parent)
    page.goto(f"/my/events/{weekend.pk}/")
    page.get_by_label("Your room").select_option("happy_to_share")
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_text("You are number 1 on the waiting list")).to_be_visible()
    expect(page.get_by_text("Secret Street")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "events-waitlisted-phone")


def test_public_events_page(page, db):
    EventFactory(
        title="Training: understanding child criminal exploitation",
        audience=Audience.PUBLIC,
        description="Half-day training for professionals, co-delivered by parents.",
    )
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(
        page.get_by_role("heading", name="Training: understanding child criminal exploitation")
    ).to_be_visible()
    expect(page.get_by_text("Secret Street")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "events-public-phone")


def test_staff_desk_and_attendance_on_a_phone(page, desktop_page, db):
    event = EventFactory(title="Parent Network Day, Newcastle", capacity=2)
    for name, needs in [
        ("Kim", Needs(dietary_needs="Halal", travel_support_requested=20)),
        ("Lee", Needs(access_needs="Step-free access")),
        ("Mo", Needs()),
    ]:
        services.register(event, user=make_user(Role.PARENT, display_name=name), needs=needs)
    manager = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(manager)

    browser_sign_in(desktop_page, manager)
    desktop_page.goto(f"/admin/events/events/inspect/{event.pk}/")
    expect(desktop_page.get_by_text("Halal")).to_be_visible()
    desktop_page.get_by_role("button", name=re.compile(r"^Approve\W+travel for Kim$")).click()
    expect(desktop_page.get_by_text("Approved £20.00 for Kim.")).to_be_visible()
    screenshot(desktop_page, "events-staff-registrations-desktop")
    desktop_page.goto("/admin/events/events/")
    screenshot(desktop_page, "events-staff-list-desktop")

    # A colleague on the door with a phone (a second person: a TOTP code is good only once).
    colleague = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(colleague)
    browser_sign_in(page, colleague)
    page.goto(f"/admin/events/events/{event.pk}/attendance/")
    page.get_by_role("button", name=re.compile(r"^Here\W+Kim$")).click()
    expect(page.get_by_text("1 of 2")).to_be_visible()
    screenshot(page, "events-attendance-phone")
    assert Registration.objects.get(user__display_name="Kim").status == "attended"
