"""Subject access in the browser: a parent reads their information and keeps a copy, asks for
the full copy; an Administrator reviews and releases it; the parent reads the released copy."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.privacy.models.access import SubjectAccessRequest
from tests.factories import make_user
from tests.helpers import give_totp
from tests.privacy.test_subject_access import STAFF_NOTE, populated_parent

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def test_a_parent_reads_their_information_and_downloads_it(page, desktop_page):
    parent, _befriender = populated_parent()
    browser_sign_in(page, parent.user)
    page.goto("/my/")
    page.get_by_role("link", name="Your information: see it and keep a copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your information")
    expect(
        page.get_by_role("heading", name="Your wellbeing check-ins and debriefs")
    ).to_be_visible()
    expect(page.get_by_text("Feeling steadier 0")).to_be_visible()
    expect(page.get_by_text(STAFF_NOTE)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "privacy-your-information-phone")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a data file (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert any(s["table"] == "participation.checkin" for s in data["sections"])

    page.get_by_role("link", name="Ask for a full copy").click()
    assert_accessible(page)
    screenshot(page, "privacy-ask-full-copy-phone")
    page.get_by_role("button", name="Yes, ask for a full copy").click()
    expect(page.get_by_text("We have your request")).to_be_visible()
    access_request = SubjectAccessRequest.objects.get(person=parent.user)

    admin = make_user(Role.ADMINISTRATOR, display_name="Ada")
    give_totp(admin)
    browser_sign_in(desktop_page, admin)
    desktop_page.goto(f"/admin/privacy/access-requests/inspect/{access_request.pk}/")
    assert_accessible(desktop_page)
    screenshot(desktop_page, "privacy-access-request-desktop")
    desktop_page.get_by_role("link", name="Record the identity check").click()
    desktop_page.get_by_label("they asked while signed in to their own account").check()
    desktop_page.get_by_role("button", name="Record the check").click()
    desktop_page.get_by_role("link", name="Review the copy").click()
    expect(desktop_page.get_by_text(STAFF_NOTE).first).to_be_visible()
    desktop_page.get_by_text(STAFF_NOTE).first.scroll_into_view_if_needed()
    assert_accessible(desktop_page)
    screenshot(desktop_page, "privacy-access-review-desktop")
    desktop_page.get_by_role("button", name="Save the review").click()
    desktop_page.get_by_role("link", name="Release").click()
    desktop_page.get_by_label("to download from their own page").check()
    desktop_page.get_by_role("button", name="Release").click()
    expect(desktop_page.get_by_text("Copy released.")).to_be_visible()
    desktop_page.goto("/admin/privacy/access-requests/")
    expect(desktop_page.get_by_role("link", name=parent.user.display_name)).to_be_visible()
    expect(desktop_page.get_by_role("link", name="Open a request")).to_be_visible()
    screenshot(desktop_page, "privacy-access-requests-desktop")

    page.goto("/my/data/")
    page.get_by_role("link", name="Your full copy from").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your full copy")
    expect(page.get_by_text(STAFF_NOTE).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-released-copy-phone")
