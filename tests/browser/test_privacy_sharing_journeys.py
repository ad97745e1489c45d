"""A parent reads what was shared about them and asks about it; the manager records the sharing
from the parent's record and sees the question. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.privacy.models.sharing import Sharing, SharingQuestion
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(transactional_db):
    user = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(user)
    return user


@pytest.fixture
def parent(transactional_db):
    return ParentFactory(preferred_name="Jo", user__display_name="Jo")


def test_parent_reads_what_was_shared_and_asks_about_it(page, desktop_page, parent, manager):
    # The manager records the sharing from Jo's record.
    browser_sign_in(desktop_page, manager)
    desktop_page.goto(f"/admin/participation/parents/inspect/{parent.pk}/")
    desktop_page.get_by_role("link", name="Record information shared").click()
    desktop_page.get_by_label("children's social care").check()
    desktop_page.get_by_role("textbox", name="Organisation").fill("Leeds Children's Services")
    desktop_page.get_by_role("textbox", name="What was shared").fill(
        "The date of the family court hearing"
    )
    desktop_page.get_by_role("textbox", name="Why").fill("So the social worker can come with you")
    desktop_page.get_by_label("A legal duty").check()
    screenshot(desktop_page, "privacy-sharing-record")
    desktop_page.get_by_role("button", name="Record the sharing").click()
    expect(desktop_page.get_by_text("Sharing recorded.")).to_be_visible()
    sharing = Sharing.objects.get()
    assert sharing.needs_review

    # Jo finds it from her portal home, reads it and asks about it.
    browser_sign_in(page, parent.user)
    page.get_by_role("link", name="What we have shared about me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we have shared about you")
    expect(page.get_by_text("The date of the family court hearing")).to_be_visible()
    expect(page.get_by_text("The law required us to")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-shared")
    page.get_by_role("link", name="Ask about this").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text("Please write your question.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your question").fill("Will they tell my son's school?")
    screenshot(page, "privacy-shared-ask")
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_text("Thank you. We have your question")).to_be_visible()
    expect(page.get_by_text("You asked us about this on")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-shared-asked")
    assert SharingQuestion.objects.get().question == "Will they tell my son's school?"

    # The manager reads the question on the sharing's page.
    desktop_page.goto(f"/admin/privacy/sharing/inspect/{sharing.pk}/")
    expect(desktop_page.get_by_text("Will they tell my son's school?")).to_be_visible()
    screenshot(desktop_page, "privacy-sharing-inspect")
