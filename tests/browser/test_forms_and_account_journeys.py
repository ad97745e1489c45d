"""Forms and controls as a person meets them on a phone (item 8): tick boxes and radios big enough
to tap, main actions and the portal's links at least 44 px tall, every word on a form page at least
16 px, labels beside their tick boxes and without colons, dates typed as day / month / year, the
volunteer's week as a grid. The account pages (item 9): signing in with a two-step code and asking
for a new password, in the product's words and layout."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from befriending.models import Befriender
from pace_site.accounts.roles import Role
from participation.models import Parent
from tests.befriending.factories import BefrienderFactory, decide_applications, make_active_match
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, ParentFactory, make_user
from tests.helpers import give_totp, totp_code, totp_secret

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser

# Sizes measured in the page: every visible tick box and radio, the form's main buttons, the
# portal's links, and the computed size of every visible piece of text.
MEASURE = """() => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== 'hidden';
  };
  const size = (el) => { const b = el.getBoundingClientRect(); return [b.width, b.height]; };
  const name = (el) => el.id || el.name || el.textContent.trim().slice(0, 40);
  const ticks = [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
    .filter(visible).map((el) => [name(el), ...size(el)]);
  const actions = [...document.querySelectorAll('main button, main .button, .link-list a, .form__actions a')]
    .filter(visible).map((el) => [name(el), ...size(el)]);
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el)) continue;
    if (el.closest('script, style, .visually-hidden, .skip-link')) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 16) small.push([node.textContent.trim().slice(0, 40), px]);
  }
  const colons = [...document.querySelectorAll('label, legend')]
    .map((el) => el.textContent.trim()).filter((text) => text.endsWith(':'));
  return {ticks, actions, small, colons};
}"""

# Each single tick box sits on the same line as its label, the label to its right.
BESIDE = """() => [...document.querySelectorAll('.field--checkbox')].map((field) => {
  const box = field.querySelector('input').getBoundingClientRect();
  const label = field.querySelector('label').getBoundingClientRect();
  return [field.querySelector('input').id, label.left >= box.right, label.top < box.bottom && label.bottom > box.top];
})"""


def assert_controls_fit(page, *, where: str) -> dict:
    found = page.evaluate(MEASURE)
    too_small = [t for t in found["ticks"] if t[1] < 24 or t[2] < 24]
    assert too_small == [], f"tick boxes or radios under 24 px on {where}: {too_small}"
    short = [a for a in found["actions"] if a[2] < 44]
    assert short == [], f"actions or links under 44 px tall on {where}: {short}"
    assert found["small"] == [], f"text under 16 px on {where}: {found['small'][:5]}"
    assert found["colons"] == [], f"labels ending in a colon on {where}: {found['colons']}"
    apart = [b for b in page.evaluate(BESIDE) if not (b[1] and b[2])]
    assert apart == [], f"tick boxes not beside their labels on {where}: {apart}"
    return found


@pytest.fixture
def parent(transactional_db):
    return ParentFactory(preferred_name="Jo", user__display_name="Jo")


def test_portal_forms_have_big_targets_and_readable_text(page, parent):
    browser_sign_in(page, parent.user)
    page.goto("/my/")
    found = assert_controls_fit(page, where="/my/")
    assert len(found["actions"]) >= 8, "the portal's links were measured"
    screenshot(page, "forms-portal-home-phone")
    for path, name in [
        ("/my/check-in/", "forms-check-in-phone"),
        ("/my/interests/", "forms-interests-phone"),
        ("/my/break/", "forms-break-phone"),
        ("/my/dates/", "forms-dates-phone"),
        ("/my/consents/", "forms-consents-phone"),
        ("/my/contact/", "forms-contact-rules-phone"),
        ("/my/privacy/correct/", "forms-correction-phone"),
        ("/search/?query=exploitation", "forms-search-phone"),
    ]:
        page.goto(path)
        found = assert_controls_fit(page, where=path)
        assert_accessible(page)
        screenshot(page, name)
        if path in ("/my/check-in/", "/my/interests/"):
            assert found["ticks"], f"no tick boxes or radios measured on {path}"
            assert all(t[1] >= 40 and t[2] >= 40 for t in found["ticks"]), found["ticks"]


def test_a_date_is_typed_as_day_month_and_year_and_an_impossible_one_is_explained(page, parent):
    browser_sign_in(page, parent.user)
    page.goto("/my/dates/")
    date = page.get_by_role("group", name="Date")
    expect(date.get_by_label("Day")).to_have_attribute("inputmode", "numeric")
    boxes = [date.get_by_label(part).bounding_box() for part in ("Day", "Month", "Year")]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"], "day, month and year side by side"
    assert boxes[2]["x"] + boxes[2]["width"] <= 390
    year = timezone.localdate().year + 1
    date.get_by_label("Day").fill("31")
    date.get_by_label("Month").fill("2")
    date.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Add this date").click()
    expect(page.get_by_text(f"Enter a real date: February {year} has")).to_be_visible()
    expect(date.get_by_label("Day")).to_have_value("31")
    assert Parent.objects.get(pk=parent.pk).private_date_list == []
    assert_controls_fit(page, where="/my/dates/ with a mistake")
    assert_accessible(page)
    screenshot(page, "forms-date-impossible-phone")

    date.get_by_label("Day").fill("")
    page.get_by_role("button", name="Add this date").click()
    expect(page.get_by_text("The date must include a day.")).to_be_visible()

    on = timezone.localdate() + timedelta(days=40)
    date.get_by_label("Day").fill(str(on.day))
    date.get_by_label("Month").fill(str(on.month))
    date.get_by_label("Year").fill(str(on.year))
    page.get_by_role("button", name="Add this date").click()
    expect(page.get_by_text("Added.")).to_be_visible()
    assert [d["on"] for d in Parent.objects.get(pk=parent.pk).private_date_list] == [on]
    screenshot(page, "forms-date-added-phone")


def test_volunteer_availability_is_a_week_grid_that_fits_a_phone(page, desktop_page):
    for each, suffix in ((page, "phone"), (desktop_page, "desktop")):
        each.goto("/volunteer/")
        grid = each.get_by_role("group", name="When you are usually free").get_by_role("table")
        expect(grid.get_by_role("columnheader", name="Morning")).to_be_visible()
        expect(grid.get_by_role("columnheader", name="Evening")).to_be_visible()
        expect(grid.get_by_role("rowheader", name="Sunday")).to_be_visible()
        expect(grid.get_by_role("checkbox")).to_have_count(21)
        assert each.evaluate("document.documentElement.scrollWidth") <= each.viewport_size["width"]
        assert_controls_fit(each, where=f"/volunteer/ ({suffix})")
        assert_accessible(each)
        screenshot(each, f"forms-volunteer-availability-{suffix}")

    page.get_by_label("Your full name").fill("Rosa Lane")
    page.get_by_label("Your e-mail address").fill("rosa@example.org")
    page.get_by_label("Where you live").fill("Leeds")
    page.get_by_label("Monday morning").check()
    page.get_by_label("Saturday evening").check()
    page.get_by_label("What you would bring").fill("I listen well and I am patient.")
    page.get_by_label("I understand Pace will ask").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for applying")
    decide_applications()
    assert Befriender.objects.get().availability == ["mon_morning", "sat_evening"]


def test_signing_in_with_a_two_step_code_in_plain_words(page, transactional_db):
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(manager)
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("link", name="Forgotten your password?")).to_have_count(1)
    assert_controls_fit(page, where="sign in")
    assert_accessible(page)
    screenshot(page, "account-sign-in-phone")

    page.get_by_label("E-mail address").fill(manager.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form__errors")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "account-sign-in-refused-phone")

    page.get_by_label("E-mail address").fill(manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.get_by_text("backup codes")).to_be_visible()
    assert_controls_fit(page, where="two-step sign-in")
    assert_accessible(page)
    screenshot(page, "account-two-step-phone")
    for _attempt in range(2):  # a code typed at the edge of its 30 seconds may be refused
        page.get_by_label("Code").fill(totp_code(totp_secret(manager)))
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        if "/accounts/2fa/authenticate/" not in page.url:
            break
    assert "/accounts/2fa/authenticate/" not in page.url

    page.goto("/accounts/2fa/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.get_by_role("heading", name="Authenticator app")).to_be_visible()
    assert_controls_fit(page, where="/accounts/2fa/")
    assert_accessible(page)
    screenshot(page, "account-two-step-settings-phone")


def test_asking_for_a_new_password(page, transactional_db):
    parent = ParentFactory(preferred_name="Jo")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgotten your password")
    assert_controls_fit(page, where="password reset")
    assert_accessible(page)
    screenshot(page, "account-password-reset-phone")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.locator(".field__errors")).to_be_visible()
    page.get_by_label("E-mail address").fill(parent.user.email)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)
    screenshot(page, "account-password-reset-sent-phone")


def test_changing_a_password_shows_its_rules_as_a_list(page, parent):
    browser_sign_in(page, parent.user)
    page.goto("/accounts/password/change/")
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    rules = page.locator("#id_password1_helptext li")
    assert rules.count() >= 1
    expect(rules.first).to_be_visible()
    assert_controls_fit(page, where="change password")
    assert_accessible(page)
    screenshot(page, "account-password-change-phone")


def test_a_volunteers_forms_and_a_residential_booking_fit_a_phone(page, transactional_db):
    volunteer = BefrienderFactory(name="Alex Morgan")
    make_active_match(befriender=volunteer, parent=ParentFactory(preferred_name="Jo"))
    browser_sign_in(page, volunteer.user)
    for path, name in [
        ("/my/befriending/contact/", "forms-log-contact-phone"),
        ("/my/befriending/concern/", "forms-concern-phone"),
    ]:
        page.goto(path)
        found = assert_controls_fit(page, where=path)
        assert found["ticks"], f"no radios measured on {path}"
        assert_accessible(page)
        screenshot(page, name)
    today = timezone.localdate()
    date = page.get_by_role("group", name="Date")
    page.goto("/my/befriending/contact/")
    expect(date.get_by_label("Day")).to_have_value(str(today.day))
    expect(date.get_by_label("Month")).to_have_value(str(today.month))
    expect(date.get_by_label("Year")).to_have_value(str(today.year))

    starts = timezone.now() + timedelta(days=40)
    weekend = EventFactory(
        title="Residential support weekend",
        kind="residential",
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
    )
    parent = make_user(Role.PARENT)
    page.context.clear_cookies()
    browser_sign_in(page, parent)
    page.goto(f"/my/events/{weekend.pk}/")
    arrive = page.get_by_role("group", name="Day you arrive")
    first = timezone.localtime(starts).date()
    expect(arrive.get_by_label("Day")).to_have_value(str(first.day))
    arrive.get_by_label("Month").fill("13")
    page.get_by_label("Your room").select_option("own_room")
    page.get_by_role("button", name="Book my place").click()
    expect(page.get_by_text("the month must be a number from 1 to 12")).to_be_visible()
    assert not weekend.registrations.exists()
    assert_controls_fit(page, where="a residential's booking form")
    assert_accessible(page)
    screenshot(page, "forms-residential-booking-phone")


def test_account_pages_on_a_desktop(desktop_page, transactional_db):
    for path, heading, name in [
        ("/accounts/login/", "Sign in", "account-sign-in-desktop"),
        ("/accounts/password/reset/", "Forgotten your password", "account-password-reset-desktop"),
    ]:
        desktop_page.goto(path)
        expect(desktop_page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_controls_fit(desktop_page, where=f"{path} (desktop)")
        assert_accessible(desktop_page)
        screenshot(desktop_page, name)


def test_a_staff_form_on_a_phone_takes_dates_day_first_and_fits_the_screen(page, transactional_db):
    from befriending.models import TrainingRecord

    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    give_totp(coordinator)
    volunteer = BefrienderFactory(name="Wren Halloway")
    browser_sign_in(page, coordinator)
    page.goto(f"/admin/befriending/volunteers/{volunteer.pk}/training/")
    module = page.get_by_label("Training module")
    module.select_option(label="Induction to Pace and befriending")
    assert module.evaluate("el => el.getBoundingClientRect().right") <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    completed = page.get_by_role("group", name="Completed on")
    expect(completed.get_by_label("Day")).to_have_attribute("inputmode", "numeric")
    assert page.locator('input[type="date"]').count() == 0
    tomorrow = timezone.localdate() + timedelta(days=1)
    for part, value in (("Day", tomorrow.day), ("Month", tomorrow.month), ("Year", tomorrow.year)):
        completed.get_by_label(part).fill(str(value))
    page.get_by_role("button", name="Record training").click()
    expect(page.get_by_text("That date is in the future.")).to_be_visible()
    assert not TrainingRecord.objects.filter(befriender=volunteer).exists()
    assert_accessible(page, context="main")
    screenshot(page, "forms-staff-date-phone")

    on = timezone.localdate() - timedelta(days=3)
    for part, value in (("Day", on.day), ("Month", on.month), ("Year", on.year)):
        completed.get_by_label(part).fill(str(value))
    page.get_by_role("button", name="Record training").click()
    expect(page.get_by_text("Training recorded")).to_be_visible()
    assert TrainingRecord.objects.get(befriender=volunteer).completed_on == on
