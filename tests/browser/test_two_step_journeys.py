"""A member of staff moves two-step sign-in to a new phone, on a phone and on a desktop: the
page shows the new key, takes a code from each phone, and the old phone's codes stop working."""

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.helpers import give_totp, totp_code, totp_secret

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def new_key(page) -> str:
    """The key the page shows, as the person would type it into their app."""
    return page.locator(".secret-key code").inner_text().strip()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_staff_move_two_step_sign_in_to_a_new_phone(request, width, transactional_db):
    page = request.getfixturevalue("page" if width == "phone" else "desktop_page")
    staff = make_user(Role.BEFRIENDING_COORDINATOR, display_name="Sam")
    old = give_totp(staff)
    browser_sign_in(page, staff)

    page.goto("/accounts/2fa/")
    expect(page.get_by_role("link", name="Turn off two-step sign-in")).to_have_count(0)
    expect(page.get_by_text("Staff accounts keep two-step sign-in on")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"account-two-step-staff-{width}")
    with page.expect_navigation():
        page.get_by_role("link", name="Move to a new phone").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Move two-step sign-in to a new phone"
    )
    expect(page.get_by_role("img", name="Square code to scan")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"account-two-step-new-phone-{width}")
    new = new_key(page)
    assert new != old and len(new) >= 16

    # A wrong code from the old phone: said plainly, nothing changed.
    page.get_by_label("A code from your old phone, or a backup code").fill("123456")
    page.get_by_label("The code your new phone shows").fill(totp_code(new))
    with page.expect_navigation():
        page.get_by_role("button", name="Use the new phone").click()
    expect(page.get_by_text("Incorrect code")).to_be_visible()
    assert totp_secret(staff) == old
    assert new_key(page) == new  # the same key, so the app already set up still matches
    assert_accessible(page)
    screenshot(page, f"account-two-step-new-phone-refused-{width}")

    # The old phone's next code (the one it showed at sign-in is good once only).
    page.get_by_label("A code from your old phone, or a backup code").fill(totp_code(old, 1))
    page.get_by_label("The code your new phone shows").fill(totp_code(new))
    with page.expect_navigation():
        page.get_by_role("button", name="Use the new phone").click()
    expect(page.get_by_text("Two-step sign-in now uses your new phone")).to_be_visible()
    assert totp_secret(staff) == new
