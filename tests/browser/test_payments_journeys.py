"""Involvement payments in a real browser, on a phone: a parent who took part chooses a voucher;
another manager approves it and finance marks it paid in the staff screens; the parent sees it
paid. Every page is checked
with axe and screenshotted."""

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.payments.models import Payment
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp
from tests.payments.conftest import took_part

from .conftest import WAGTAIL_CHROME, assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def test_a_parent_chooses_a_voucher_on_a_phone_and_later_sees_it_paid(
    page, desktop_page, browser, live_server, transactional_db
):
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    other_manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Mo")
    finance = make_user(Role.FINANCE, display_name="Femi")
    parent = ParentFactory(preferred_name="Jo", user__display_name="Jo")
    signup = took_part(manager, parent=parent)
    title = signup.opportunity.title

    browser_sign_in(page, parent.user)
    page.goto("/my/involvement/")
    page.get_by_role("link", name="My payments for taking part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My payments")
    expect(page.get_by_text("Waiting for your choice")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "payments-mine-offered")

    page.get_by_role("link", name=f"£75.00 for {title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your payment of £75.00")
    assert_accessible(page)
    screenshot(page, "payments-choose")
    page.get_by_label("Voucher").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Thank you. We have saved your choice.")).to_be_visible()
    expect(page.get_by_text("Being processed · Voucher")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "payments-mine-chosen")

    payment = Payment.objects.get(person=parent.user)
    # Another manager approves it from the payments listing's action.
    give_totp(other_manager)
    browser_sign_in(desktop_page, other_manager)
    desktop_page.goto("/admin/payments/")
    expect(desktop_page.get_by_role("cell", name=title, exact=True)).to_be_visible()
    assert_accessible(desktop_page, allow=WAGTAIL_CHROME)
    screenshot(desktop_page, "payments-staff-listing")
    desktop_page.get_by_role("link", name="Approve").click()
    expect(desktop_page).to_have_url(f"{live_server.url}/admin/payments/{payment.pk}/approve/")
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text(f"Approve £75.00 for {title}")
    assert_accessible(desktop_page, allow=WAGTAIL_CHROME)
    screenshot(desktop_page, "payments-staff-approve")
    desktop_page.get_by_role("button", name="Approve the payment").click()
    expect(desktop_page.get_by_text("Approved. Finance can now pay it.")).to_be_visible()

    # Finance marks it paid with its own reference.
    give_totp(finance)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    books = context.new_page()
    browser_sign_in(books, finance)
    books.goto(f"/admin/payments/{payment.pk}/paid/")
    books.get_by_label("Finance reference").fill("VCH-2026-14")
    assert_accessible(books, allow=WAGTAIL_CHROME)
    screenshot(books, "payments-staff-mark-paid")
    books.get_by_role("button", name="Mark as paid").click()
    expect(books.get_by_text("Marked as paid.")).to_be_visible()
    context.close()
    payment.refresh_from_db()
    assert payment.finance_reference == "VCH-2026-14" and payment.paid_by == finance

    page.reload()
    paid = page.get_by_role("region", name="Paid and done")
    expect(paid.get_by_text(f"£75.00 for {title}")).to_be_visible()
    expect(paid.get_by_text("Paid · Voucher")).to_be_visible()
    expect(page.get_by_text("by bank transfer or voucher: £75.00")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "payments-mine-paid")
