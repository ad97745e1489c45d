"""An administrator records a data breach and watches the 72-hour clock on the dashboard; the
audit viewer shows one person's history."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.privacy.models import Breach
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp

from .conftest import WAGTAIL_CHROME, assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser

PANEL = "#privacy-breaches-section, #privacy-breaches"


def test_an_administrator_records_a_breach_and_sees_the_clock_on_the_dashboard(page):
    admin = make_user(Role.ADMINISTRATOR, display_name="Ade")
    give_totp(admin)
    parent = ParentFactory()
    browser_sign_in(page, admin)

    page.goto("/admin/privacy/breaches/record/")
    expect(page.get_by_role("heading", name="Record a data breach")).to_be_visible()
    assert_accessible(page, context="main form")
    found = timezone.localtime() - timedelta(hours=3)
    page.locator("#id_what_happened").fill("A list of addresses was sent to the wrong partner.")
    when = page.get_by_role("group", name="When we found out")
    when.get_by_label("Day").fill(str(found.day))
    when.get_by_label("Month").fill(str(found.month))
    when.get_by_label("Year").fill(str(found.year))
    when.get_by_label("Time").fill(found.strftime("%H:%M"))
    page.locator("#id_affected_emails").fill(parent.user.email)
    page.get_by_label("contact details").check()
    screenshot(page, "privacy-breach-record-phone")
    page.get_by_role("button", name="Record the breach").click()

    breach = Breach.objects.get()
    expect(page.get_by_text("Breach recorded. Next: assess the risk.")).to_be_visible()
    expect(page.locator(".privacy-admin")).to_contain_text("hours left to report to the ICO")
    expect(page.locator(".privacy-admin")).to_contain_text("wrong partner")
    assert_accessible(page, context=".privacy-admin")
    screenshot(page, "privacy-breach-record-page-phone")

    page.goto("/admin/")
    panel = page.locator(PANEL).first
    expect(panel).to_contain_text(f"Breach {breach.pk}")
    expect(panel).to_contain_text("hours left to report to the ICO")
    assert_accessible(page, context=PANEL)
    screenshot(page, "privacy-breach-dashboard-phone")

    page.get_by_role("link", name=f"Breach {breach.pk}").click()
    page.get_by_role("link", name="Assess the risk").click()
    page.get_by_label("a high risk to the people affected").check()
    page.locator("#id_notes").fill("Home addresses of parents in danger.")
    page.get_by_label("Yes").check()
    assert_accessible(page, context="main form")
    screenshot(page, "privacy-breach-assess-phone")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".privacy-admin")).to_contain_text("Must be reported; not reported yet")

    page.goto("/admin/privacy/breaches/")
    expect(page.get_by_role("cell", name="high risk")).to_be_visible()
    assert_accessible(page, context="#listing-results")
    screenshot(page, "privacy-breach-log-phone")


def test_an_administrator_reads_one_persons_history(page):
    admin = make_user(Role.ADMINISTRATOR, display_name="Ade")
    give_totp(admin)
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Morwenna")
    parent = ParentFactory()
    record("participation.parent.timeline_viewed", parent, by=manager)
    browser_sign_in(page, admin)

    page.goto(f"/admin/privacy/audit-viewer/?person={parent.user.pk}")
    expect(page.get_by_role("cell", name="Morwenna")).to_be_visible()
    assert_accessible(page, context="#listing-results", allow=WAGTAIL_CHROME)
    screenshot(page, "privacy-audit-viewer-phone")
