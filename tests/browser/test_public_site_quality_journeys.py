"""The public site's metadata and pictures, and the Wagtail screens editors use to add them."""

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.helpers import give_totp
from tests.public_site.factories import site_home

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def console_errors(page) -> list[str]:
    """Errors the page's scripts report from now on (a list that fills as they happen)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_editor_account_page_has_no_script_errors_and_upload_inputs_are_labelled(desktop_page):
    site_home()  # and the root collection uploads go into
    admin = make_user(Role.ADMINISTRATOR, is_superuser=True)
    give_totp(admin)
    errors = console_errors(desktop_page)
    browser_sign_in(desktop_page, admin)

    desktop_page.goto("/admin/account/")
    expect(desktop_page.get_by_role("heading", level=1)).to_be_visible()
    # The site keeps one time zone (Europe/London), so there is no time zone list whose
    # script fails on names the browser does not know.
    expect(desktop_page.locator("select[name$='current_time_zone']")).to_have_count(0)
    screenshot(desktop_page, "admin-account-desktop")
    assert errors == []

    for kind, url in [
        ("images", "/admin/images/multiple/add/"),
        ("documents", "/admin/documents/multiple/add/"),
    ]:
        desktop_page.goto(url)
        upload = desktop_page.get_by_label(f"Choose {kind} to upload")
        expect(upload).to_have_attribute("type", "file")
        assert_accessible(desktop_page, context="main")
        screenshot(desktop_page, f"admin-add-multiple-{kind}-desktop")
    assert errors == []
