"""A participation manager tallies a support line call on a phone, mends a mistake, and finds the
figures in the outcomes report under the "other" programme."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from support_line.models import SupportContact
from tests.factories import make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def test_a_manager_tallies_a_call_on_a_phone_and_removes_a_mistake(page, transactional_db):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(manager)
    browser_sign_in(page, manager)
    page.goto("/admin/support-line/")
    page.get_by_role("link", name="Record a contact").click()
    expect(page.get_by_role("heading", name="Record a support line contact")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_text("Please choose one.").first).to_be_visible()
    assert not SupportContact.objects.exists()
    assert_accessible(page, context="main")
    screenshot(page, "support-line-record-mistakes-phone")

    page.get_by_label("Phone call").check()
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Child criminal exploitation").check()
    page.get_by_label("How long, in minutes").fill("35")
    page.get_by_label("Region (optional)").fill("Bradford")
    page.get_by_label("This was the first time they got in touch with Pace").check()
    page.get_by_label("Befriending").check()
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_text("Contact recorded.")).to_be_visible()
    contact = SupportContact.objects.get()
    assert contact.happened_on == timezone.localdate() and contact.minutes == 35
    expect(page.locator("main")).to_contain_text("Bradford")
    page.reload()  # the listing as it stays, once the message has faded in
    assert_accessible(page, context="main")
    screenshot(page, "support-line-tally-phone")

    page.get_by_role("link", name="Remove Phone call").click()
    expect(page.get_by_text("Only for a contact recorded by mistake")).to_be_visible()
    screenshot(page, "support-line-remove-phone")
    page.get_by_role("button", name="Remove it").click()
    expect(page.get_by_text("Removed from the tally.")).to_be_visible()
    assert not SupportContact.objects.exists()
