"""One header for everybody, and states in plain words (issue 14, items 5 and 6), in a real
browser on a phone and a desktop."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import AgendaItem, EventKind, RegistrationStatus
from pace_site.accounts.roles import Role
from participation.models import SignUpStatus
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ParentFactory, make_user
from tests.participation.factories import OpportunityFactory, SignUpFactory, activity
from tests.public_site.factories import ResourceIndexPageFactory, StoryIndexPageFactory, site_home

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def nav_labels(page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def own_links_sit_together_at_the_right(page):
    """On a desktop, the links about the person (Search, Sign in; or My page … Sign out) are on
    one line at the right-hand end of the header, not stacked under the site's links."""
    found = page.evaluate(
        """() => {
          const nav = document.querySelector('.site-nav').getBoundingClientRect();
          const own = [...document.querySelectorAll('.site-nav__list--own a')]
            .map((a) => a.getBoundingClientRect());
          return {
            tops: [...new Set(own.map((r) => Math.round(r.top)))],
            gap: nav.right - Math.max(...own.map((r) => r.right)),
          };
        }"""
    )
    assert len(found["tops"]) == 1, found
    assert abs(found["gap"]) < 2, found


@pytest.fixture
def site(db):
    home = site_home()
    ResourceIndexPageFactory(parent=home, title="Guides", slug="guides")
    StoryIndexPageFactory(parent=home, title="Parents' stories", slug="stories")
    return home


def test_anyone_finds_events_volunteering_and_sign_in_from_any_page(page, desktop_page, site):
    page.goto("/")
    assert nav_labels(page) == [
        "Home",
        "Guides",
        "Parents' stories",
        "Events",
        "Volunteer with us",
        "Search",
        "Sign in",
    ]
    no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, "nav-anonymous-home-phone")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(page.get_by_role("link", name="Events")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Volunteer with us").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer with us")
    no_sideways_scroll(page)
    screenshot(page, "nav-anonymous-volunteer-phone")
    desktop_page.goto("/events/")
    own_links_sit_together_at_the_right(desktop_page)
    assert_accessible(desktop_page)
    screenshot(desktop_page, "nav-anonymous-events-desktop")


def test_a_parent_has_the_same_header_on_public_and_own_pages(page, desktop_page, site):
    parent = ParentFactory(preferred_name="Jo")
    browser_sign_in(page, parent.user)
    for url in ["/", "/events/", "/my/", "/my/messages/"]:
        page.goto(url)
        assert nav_labels(page)[-3:] == ["My page", "Messages", "Sign out"], url
        assert nav_labels(page)[:2] == ["Home", "Guides"], url
        no_sideways_scroll(page)
    page.goto("/my/")
    assert_accessible(page)
    screenshot(page, "nav-parent-my-page-phone")
    browser_sign_in(desktop_page, parent.user)
    desktop_page.goto("/")
    assert nav_labels(desktop_page)[-3:] == ["My page", "Messages", "Sign out"]
    own_links_sit_together_at_the_right(desktop_page)
    assert_accessible(desktop_page)
    screenshot(desktop_page, "nav-parent-home-desktop")


def test_staff_see_the_staff_area_in_the_header(page, site):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    browser_sign_in(page, manager)
    page.goto("/events/")
    assert nav_labels(page)[-2:] == ["Staff area", "Sign out"]
    assert_accessible(page)
    screenshot(page, "nav-staff-events-phone")


def test_a_parent_reads_each_state_in_plain_words(page, desktop_page, db):
    speaking = activity("Speaking at training")
    parent = ParentFactory(preferred_name="Jo", interests=[speaking])
    confirmed = OpportunityFactory(title="Talk to new police officers", activity_type=speaking)
    SignUpFactory(parent=parent, opportunity=confirmed, status=SignUpStatus.CONFIRMED)
    OpportunityFactory(title="Review a leaflet", activity_type=speaking)
    browser_sign_in(page, parent.user)
    page.goto("/my/opportunities/")
    confirmed_card = page.get_by_role("article").filter(has_text="Talk to new police officers")
    expect(confirmed_card).to_contain_text("You have a place.")
    expect(confirmed_card).not_to_contain_text("Let us know by")
    expect(confirmed_card).not_to_contain_text("interested")
    open_card = page.get_by_role("article").filter(has_text="Review a leaflet")
    expect(open_card).to_contain_text("Let us know by")
    assert_accessible(page)
    screenshot(page, "states-opportunities-phone")


def test_a_past_weekend_shows_what_happened_its_plan_by_day_and_asks_for_feedback(
    page, desktop_page, db
):
    parent = make_user(Role.PARENT)
    starts = timezone.now() - timedelta(days=5)
    weekend = EventFactory(
        title="Residential support weekend",
        kind=EventKind.RESIDENTIAL,
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        registration_opens_at=starts - timedelta(days=30),
        registration_closes_at=starts - timedelta(days=1),
    )
    for day, at, title in [
        (2, time(9), "Breakfast together"),
        (1, time(16), "Arrive and settle in"),
        (1, time(19), "Dinner"),
    ]:
        AgendaItem.objects.create(event=weekend, day=day, starts_at=at, title=title)
    RegistrationFactory(event=weekend, user=parent, status=RegistrationStatus.ATTENDED)
    browser_sign_in(page, parent)
    page.goto(f"/my/events/{weekend.pk}/")
    expect(page.get_by_text("This event has finished.")).to_be_visible()
    expect(page.get_by_text("You came")).to_be_visible()
    expect(page.get_by_role("link", name="Tell us how it went")).to_be_visible()
    expect(page.get_by_role("link", name="I can no longer come")).to_have_count(0)
    expect(page.get_by_role("link", name="Add to my calendar")).to_have_count(0)
    expect(page.get_by_role("heading", name="The plan for each day")).to_be_visible()
    days = page.get_by_role("heading", level=3).all_inner_texts()
    assert days == ["Day 1", "Day 2"]
    assert_accessible(page)
    screenshot(page, "states-past-weekend-phone")
    browser_sign_in(desktop_page, parent)
    desktop_page.goto(f"/my/events/{weekend.pk}/")
    assert_accessible(desktop_page)
    screenshot(desktop_page, "states-past-weekend-desktop")


# -- staff screens (item 7) ----------------------------------------------------------------------

LINES_OF = """el => Math.round(el.getBoundingClientRect().height /
    parseFloat(getComputedStyle(el).lineHeight))"""


def urgent_world():
    from tests.participation.factories import CheckInFactory

    today = timezone.localdate()
    waited = ParentFactory(preferred_name="Christabelle", check_in_due_on=today - timedelta(days=9))
    CheckInFactory(parent=waited, wants_call=True, happened_at=timezone.now() - timedelta(days=3))
    CheckInFactory(
        parent=ParentFactory(preferred_name="Bartholomew"),
        wants_call=True,
        happened_at=timezone.now(),
    )
    ParentFactory(preferred_name="Maximilienne", check_in_due_on=today - timedelta(days=2))
    return waited


def test_staff_dashboard_shows_the_urgent_first_on_a_desktop_and_a_phone(page, desktop_page, db):
    from tests.helpers import give_totp

    waited = urgent_world()
    for screen, name in [(desktop_page, "desktop"), (page, "phone")]:
        manager = make_user(Role.PARTICIPATION_MANAGER)
        give_totp(manager)
        browser_sign_in(screen, manager)
        screen.goto("/admin/")
        panel = screen.locator(".participation-dashboard")
        calls = panel.locator("tr").filter(has_text="asked for a call")
        expect(calls.locator(".pace-urgent")).to_contain_text("Christabelle")
        expect(calls.locator(".pace-urgent")).to_contain_text("overdue: waiting 3 days")
        expect(
            calls.get_by_role("link", name=re.compile(r"^Call back\W+Christabelle"))
        ).to_be_visible()
        overdue = panel.locator("tr").filter(has_text="Check-ins overdue").locator("td").nth(1)
        assert overdue.inner_text().index("Christabelle") < overdue.inner_text().index(
            "Maximilienne"
        )
        # The label column wraps between words, never inside one.
        for label in panel.locator("td.title").all():
            words = label.inner_text().split()
            assert all(len(w) < 3 or w in label.inner_text() for w in words)
            assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        assert_accessible(screen, context=".participation-dashboard")
        screenshot(screen, f"staff-dashboard-{name}")

        screen.goto(f"/admin/participation/parents/inspect/{waited.pk}/")
        expect(screen.get_by_text("Overdue").first).to_be_visible()
        screenshot(screen, f"staff-timeline-{name}")

        screen.goto("/admin/participation/parents/")
        for cell in screen.locator("td.title a").all():
            # A name is on one or two lines, never broken letter by letter.
            assert cell.evaluate(LINES_OF) <= 2, cell.inner_text()
        screenshot(screen, f"staff-parents-listing-{name}")
