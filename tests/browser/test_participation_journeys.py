"""Journeys of the core parent group in a real browser: a parent signs up to speak and the
manager confirms; the manager pauses a parent, who then sees the banner and no offers; a parent
asks for a call and the manager's dashboard shows it. Every portal page is checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from participation.models import CheckIn, ParentStatus, SignUp, SignUpStatus
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp
from tests.participation.factories import OpportunityFactory, activity

from .conftest import assert_accessible, browser_sign_in, fill_date, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(transactional_db):
    user = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(user)
    return user


@pytest.fixture
def parent(transactional_db):
    return ParentFactory(
        preferred_name="Jo",
        user__display_name="Jo",
        interests=[activity("Speaking at training"), activity("Consultation")],
    )


def test_parent_signs_up_to_speak_and_the_manager_confirms(page, desktop_page, parent, manager):
    talk = OpportunityFactory(
        title="Speak to new detectives",
        content_notes=["police_present"],
        expenses="Travel paid and a £50 voucher",
    )
    browser_sign_in(page, parent.user)
    expect(page.get_by_role("heading", name="Core parent group")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "participation-portal-home")

    page.get_by_role("link", name="Opportunities for you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities for you")
    assert_accessible(page)
    screenshot(page, "participation-opportunities")

    page.get_by_role("link", name="Speak to new detectives").click()
    expect(page.get_by_text("police present")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "participation-opportunity")
    page.get_by_label("first name only").check()
    page.get_by_label("Anything you'd like us to know? (optional)").fill("Mornings suit me best.")
    page.get_by_role("button", name="I'm interested").click()
    expect(page.get_by_text("We have your interest")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "participation-involvement-waiting")

    browser_sign_in(desktop_page, manager)
    desktop_page.goto(f"/admin/participation/opportunities/inspect/{talk.pk}/")
    expect(desktop_page.get_by_role("cell", name="Jo")).to_be_visible()
    desktop_page.get_by_role("link", name="Confirm").click()
    expect(desktop_page.get_by_text("Mornings suit me best.")).to_be_visible()
    desktop_page.get_by_label("Record a new one now").check()
    desktop_page.get_by_label("4 – mostly OK").check()
    desktop_page.get_by_role("button", name="Confirm").click()
    expect(desktop_page.get_by_text("Jo is confirmed.")).to_be_visible()
    assert_accessible(desktop_page, context=".nice-padding")  # ours; Wagtail's own banner is not
    screenshot(desktop_page, "participation-admin-opportunity")

    signup = SignUp.objects.get(parent=parent, opportunity=talk)
    assert signup.status == SignUpStatus.CONFIRMED and signup.readiness_check_in is not None

    page.goto("/my/involvement/")
    coming_up = page.locator("section", has=page.get_by_role("heading", name="Coming up"))
    expect(
        coming_up.get_by_role("link", name="Speak to new detectives", exact=True)
    ).to_be_visible()
    screenshot(page, "participation-involvement-confirmed")


def test_manager_pauses_a_parent_who_then_sees_the_banner_and_no_offers(
    page, desktop_page, parent, manager
):
    OpportunityFactory(title="Speak to new detectives")
    browser_sign_in(desktop_page, manager)
    desktop_page.goto(f"/admin/participation/parents/inspect/{parent.pk}/")
    desktop_page.get_by_role("link", name="Pause", exact=True).click()
    fill_date(
        desktop_page, "Planned return date (optional)", timezone.localdate() + timedelta(days=21)
    )
    desktop_page.get_by_label("Reason (staff only, encrypted)").fill("Asked for space after court.")
    desktop_page.get_by_role("button", name="Pause").click()
    expect(desktop_page.get_by_text("Jo is paused.")).to_be_visible()
    assert_accessible(desktop_page, context=".nice-padding")  # ours; Wagtail's own banner is not
    screenshot(desktop_page, "participation-admin-timeline")
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED

    browser_sign_in(page, parent.user)
    expect(page.get_by_text("You are taking a break.")).to_be_visible()
    expect(page.get_by_role("link", name="Opportunities for you")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "participation-portal-home-paused")
    page.goto("/my/opportunities/")
    expect(page.get_by_text("You are taking a break.")).to_be_visible()
    expect(page.get_by_text("Speak to new detectives")).to_have_count(0)
    assert_accessible(page)

    page.goto("/my/break/")
    assert_accessible(page)
    screenshot(page, "participation-break-paused")
    page.get_by_role("button", name="I'm ready to come back").click()
    expect(page.get_by_role("heading", name="We know you are ready")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "participation-break-return-asked")
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED


def test_a_parent_asks_for_a_call_and_the_manager_dashboard_shows_it(
    page, desktop_page, parent, manager
):
    browser_sign_in(page, parent.user)
    page.get_by_role("link", name="How are you doing?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("How are you doing")
    assert_accessible(page)
    screenshot(page, "participation-check-in")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Please choose a number from 1 to 5.")).to_be_visible()
    assert not CheckIn.objects.exists()
    page.get_by_label("2 – finding things hard").check()
    page.get_by_label("In your own words (optional)").fill("A hard week. Court was moved again.")
    page.get_by_label("I'd like a call").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("would like a call")).to_be_visible()

    browser_sign_in(desktop_page, manager)
    panel = desktop_page.locator(".participation-dashboard")
    expect(panel.get_by_text("1 parent asked for a call")).to_be_visible()
    expect(panel.get_by_role("link", name="Jo")).to_be_visible()
    assert_accessible(desktop_page, context=".participation-dashboard")
    screenshot(desktop_page, "participation-admin-dashboard")
    panel.get_by_role("link", name="Jo").click()
    expect(desktop_page.get_by_text("A hard week. Court was moved again.")).to_be_visible()
    desktop_page.get_by_role("button", name="Mark the follow-up as done").click()
    expect(desktop_page.get_by_text("Follow-up marked as done.")).to_be_visible()
    assert not CheckIn.objects.calls_requested().exists()


def test_the_other_portal_pages_are_calm_and_accessible(page, parent):
    browser_sign_in(page, parent.user)
    for path, name, heading in [
        ("/my/break/", "participation-break", "Take a break"),
        ("/my/interests/", "participation-interests", "What I'd like to hear about"),
        ("/my/dates/", "participation-dates", "Dates to avoid"),
        ("/my/consents/", "participation-consents", "My permissions"),
        ("/my/involvement/", "participation-involvement", "My involvement"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        screenshot(page, name)
    page.goto("/my/dates/")
    on = timezone.localdate() + timedelta(days=40)
    page.get_by_label("Day").fill(str(on.day))
    page.get_by_label("Month").fill(str(on.month))
    page.get_by_label("Year").fill(str(on.year))
    page.get_by_label("A word to remind you (optional)").fill("court")
    page.get_by_role("button", name="Add this date").click()
    expect(page.get_by_text("Added.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "participation-dates-added")
