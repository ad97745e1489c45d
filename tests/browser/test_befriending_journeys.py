"""Befriending in the browser: applying to volunteer; a volunteer sees their match, logs a contact
and raises a concern; the coordinator sees the concern on the dashboard and opens it."""

from datetime import time

import pytest
from playwright.sync_api import expect

from befriending.models import Befriender, Concern, ContactLog
from pace_site.accounts.roles import Role
from pace_site.notifications.models import ContactRules, Notification
from tests.befriending.factories import BefrienderFactory, decide_applications, make_active_match
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, fill_date, screenshot

pytestmark = pytest.mark.browser


def test_someone_applies_to_volunteer(page):
    page.goto("/volunteer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Volunteer with us")
    assert_accessible(page)
    screenshot(page, "befriending-volunteer-phone")

    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Please tick this box to apply.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "befriending-volunteer-errors-phone")

    page.get_by_label("Your full name").fill("Rosa Lane")
    page.get_by_label("Your e-mail address").fill("rosa@example.org")
    page.get_by_label("Where you live").fill("Leeds")
    page.get_by_label("Monday evening").check()
    page.get_by_label("What you would bring").fill("I listen well and I am patient.")
    page.get_by_label("I understand Pace will ask").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for applying")
    assert_accessible(page)
    screenshot(page, "befriending-volunteer-thanks-phone")
    decide_applications()  # what the worker does in the background
    assert Befriender.objects.get().status == "applied"


def test_volunteer_logs_a_contact_and_raises_a_concern_and_coordinator_sees_it(page, desktop_page):
    parent = ParentFactory(preferred_name="Jo Williams")
    ContactRules.objects.create(
        user=parent.user, quiet_hours_start=time(18, 0), quiet_hours_end=time(8, 0)
    )
    volunteer = BefrienderFactory(name="Alex Morgan")
    match = make_active_match(befriender=volunteer, parent=parent)
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR, display_name="Dan")
    give_totp(coordinator)

    browser_sign_in(page, volunteer.user)
    expect(page.get_by_role("heading", name="Befriending")).to_be_visible()
    expect(page.get_by_text("You are matched with Jo.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "befriending-portal-home-phone")
    page.get_by_role("link", name="My match").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your match with Jo")
    expect(page.get_by_text("No calls or messages from 18:00 to 08:00.")).to_be_visible()
    expect(page.get_by_text("Williams")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "befriending-my-match-phone")

    page.get_by_role("link", name="Log a contact").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    page.get_by_label("How long, in minutes").fill("45")
    page.get_by_label("phone call").check()
    page.get_by_label("okay").check()
    page.get_by_label("Short notes").fill("We talked about her week and the school meeting.")
    assert_accessible(page)
    screenshot(page, "befriending-log-contact-phone")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Thank you. Your contact is logged.")).to_be_visible()
    assert ContactLog.objects.filter(match=match).count() == 1

    # "Raise a concern" is one click away on every befriending page.
    page.get_by_role("link", name="Raise a concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a concern")
    expect(page.locator("main").get_by_role("link", name="999")).to_be_visible()
    page.get_by_label("Please look at this today").check()
    page.get_by_label("What happened, or what worries you?").fill(
        "Jo said a man has been waiting outside the school gates."
    )
    assert_accessible(page)
    screenshot(page, "befriending-raise-concern-phone")
    page.get_by_role("button", name="Send to the coordinator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    assert_accessible(page)
    concern = Concern.objects.get()
    assert Notification.objects.filter(recipient=coordinator, urgent=True).exists()

    page.goto("/my/befriending/record/")
    assert_accessible(page)
    screenshot(page, "befriending-my-record-phone")

    browser_sign_in(desktop_page, coordinator)
    desktop_page.goto("/admin/")
    panel = desktop_page.locator("#befriending-dashboard-section, #befriending-dashboard").first
    expect(panel).to_contain_text("1 concern open")
    expect(panel).to_contain_text("Alex Morgan")
    assert_accessible(
        desktop_page, context="#befriending-dashboard-section, #befriending-dashboard"
    )
    screenshot(desktop_page, "befriending-dashboard-desktop")
    desktop_page.locator(
        f'a[href="/admin/befriending/concerns/inspect/{concern.pk}/"]'
    ).first.click()
    expect(
        desktop_page.get_by_text("a man has been waiting outside the school gates")
    ).to_be_visible()
    screenshot(desktop_page, "befriending-concern-desktop")


def test_coordinator_matches_a_referral_with_a_suggested_volunteer(desktop_page):
    from django.utils import timezone

    from befriending.models import Match, Referral, add_months

    coordinator = make_user(Role.BEFRIENDING_COORDINATOR, display_name="Dan")
    give_totp(coordinator)
    parent = ParentFactory(preferred_name="Nadia Hussain", region="Bradford")
    BefrienderFactory(
        name="Grace Begum",
        region="Bradford",
        gender="woman",
        languages="English, Urdu",
        availability=["mon_evening", "wed_evening"],
    )
    BefrienderFactory(name="Harry Wood", region="Leeds", gender="man")
    referral = Referral.objects.create(
        parent=parent,
        region="Bradford",
        preferred_gender="woman",
        preferred_language="Urdu",
        availability=["mon_evening", "wed_evening"],
    )
    page = desktop_page
    browser_sign_in(page, coordinator)
    page.goto(f"/admin/befriending/referrals/inspect/{referral.pk}/")
    first = page.locator(".befriending-suggestion").first
    expect(first).to_contain_text("Grace Begum")
    expect(first).to_contain_text("Speaks Urdu")
    expect(page.locator(".befriending-suggestion").nth(1)).to_contain_text(
        "The parent would prefer a woman"
    )
    # axe checks our part of the admin page; Wagtail's own fading flash messages are not ours.
    assert_accessible(page, context=".befriending-admin")
    screenshot(page, "befriending-suggestions-desktop")
    page.get_by_role("button", name="Propose Grace").click()
    expect(page.get_by_text("Grace Begum proposed.")).to_be_visible()

    today = timezone.localdate()
    fill_date(page, "Introduction meeting on", today)
    page.get_by_role("button", name="Record introduction").click()
    expect(page.get_by_text("Introduction recorded.")).to_be_visible()
    fill_date(page, "Starts on", today)
    fill_date(page, "Planned end", add_months(today, 19))
    page.get_by_label("How often").fill("Every week")
    page.get_by_label("Where").fill("Community centre")
    page.get_by_role("button", name="Start match").click()
    expect(page.get_by_text("at most 18 months")).to_be_visible()
    fill_date(page, "Planned end", add_months(today, 12))
    page.get_by_role("button", name="Start match").click()
    expect(page.get_by_text("Match started. Its reviews are scheduled.")).to_be_visible()
    assert_accessible(page, context=".befriending-admin")
    screenshot(page, "befriending-match-desktop")
    match = Match.objects.get()
    assert match.status == "active" and match.reviews.count() == 4


def test_an_applicant_follows_their_application_and_withdraws(page):
    user = make_user(Role.APPLICANT)
    BefrienderFactory(user=user, status="references_received")
    browser_sign_in(page, user)
    page.goto("/my/befriending/")
    expect(page.get_by_role("heading", name="Your application")).to_be_visible()
    expect(page.get_by_text("What happens next")).to_be_visible()
    expect(page.get_by_role("link", name="Raise a concern")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "befriending-application-phone")

    page.get_by_role("link", name="Withdraw my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your application?")
    assert_accessible(page)
    screenshot(page, "befriending-withdraw-phone")
    page.get_by_role("button", name="Yes, withdraw my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application is withdrawn")
    assert Befriender.objects.get(user=user).status == "not_taken_forward"
