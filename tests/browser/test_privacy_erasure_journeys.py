"""A parent asks for their information to be deleted from their portal, and asks for a
correction; a manager proposes the erasure and, once a second person has approved it, reads
what was done and what was kept. Every page is checked with axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from pace_site.privacy.erasure import services
from pace_site.privacy.models import ErasureRequest
from pace_site.privacy.models.erasure import ErasureStatus
from participation.models import Consent, ConsentPurpose
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp

from .conftest import assert_accessible, browser_sign_in, fill_date, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def parent(transactional_db):
    parent = ParentFactory(preferred_name="Jo", user__display_name="Jo")
    Consent.objects.create(parent=parent, purpose=ConsentPurpose.PHOTOS, detail="Photos")
    return parent


@pytest.fixture
def manager(transactional_db):
    user = make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")
    give_totp(user)
    return user


def test_a_parent_asks_us_to_delete_their_information(page, desktop_page, parent, manager):
    browser_sign_in(page, parent.user)
    page.get_by_role("link", name="Ask us to delete your information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us to delete your information")
    expect(page.get_by_role("heading", name="What we must keep")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-erasure-portal")

    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Please tick the box")).to_be_visible()
    assert not ErasureRequest.objects.exists()
    assert_accessible(page)
    page.get_by_label("I understand that once this is done it cannot be undone.").check()
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("We have your request")).to_be_visible()
    assert_accessible(page)
    request = ErasureRequest.objects.get(person=parent.user)

    page.get_by_role("link", name="Asked on").click()
    expect(page.get_by_role("button", name="Take my request back")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-erasure-request-portal")

    page.goto("/my/privacy/correct/")
    page.get_by_label("What is wrong, and what should it say?").fill("My name is Jo, not Joe.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("My name is Jo, not Joe.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "privacy-correction-portal")

    # The manager proposes, seeing the plan; an Administrator approves; the manager reads it.
    browser_sign_in(desktop_page, manager)
    desktop_page.goto(f"/admin/privacy/erasure-requests/inspect/{request.pk}/")
    desktop_page.get_by_role("link", name="See the plan and propose").click()
    expect(desktop_page.get_by_text("You in the core group")).to_be_visible()
    screenshot(desktop_page, "privacy-erasure-propose")
    desktop_page.get_by_role("button", name="Propose for approval").click()
    expect(desktop_page.get_by_text("Proposed.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED

    services.approve_erasure(request, by=make_user(Role.ADMINISTRATOR))
    desktop_page.reload()
    expect(desktop_page.get_by_role("heading", name="Records we kept, and why")).to_be_visible()
    assert_accessible(desktop_page)
    screenshot(desktop_page, "privacy-erasure-done")


def test_the_staff_screens_for_requests_are_readable(desktop_page, parent, manager):
    """A correction asked by phone is recorded, answered and read back; the listings show
    what is due."""
    browser_sign_in(desktop_page, manager)
    desktop_page.goto("/admin/privacy/corrections/")
    desktop_page.get_by_role("link", name="Record a request").click()
    desktop_page.get_by_label("Whose information").select_option(label=f"Jo ({parent.user.email})")
    desktop_page.get_by_label("How they asked").select_option("phone")
    fill_date(desktop_page, "Received on", timezone.localdate())
    desktop_page.get_by_label("What they say is wrong").fill("Her region is York.")
    assert_accessible(desktop_page, context=".nice-padding")
    screenshot(desktop_page, "privacy-correction-record")
    desktop_page.get_by_role("button", name="Record the request").click()
    expect(desktop_page.get_by_text("Her region is York.")).to_be_visible()
    expect(desktop_page.get_by_text("Answer due by")).to_be_visible()
    desktop_page.get_by_label("We corrected it").check()
    desktop_page.get_by_label("Our reply").fill("We changed your region to York.")
    assert_accessible(desktop_page, context=".nice-padding")
    screenshot(desktop_page, "privacy-correction-staff")
    desktop_page.get_by_role("button", name="Send the reply").click()
    expect(desktop_page.get_by_text("Answered.")).to_be_visible()

    erasure = services.ask_for_erasure(parent.user, how="letter", by=manager)
    desktop_page.goto("/admin/privacy/erasure-requests/")
    expect(desktop_page.get_by_text(parent.user.email)).to_be_visible()
    assert_accessible(desktop_page, context=".nice-padding")
    screenshot(desktop_page, "privacy-erasure-listing")
    desktop_page.get_by_role("link", name=f"Erasure request {erasure.pk}", exact=True).click()
    expect(desktop_page.get_by_text("Answer due by")).to_be_visible()
    assert_accessible(desktop_page, context=".nice-padding")
    screenshot(desktop_page, "privacy-erasure-request-staff")
    desktop_page.get_by_role("link", name="Refuse, with a reason").click()
    desktop_page.get_by_role("button", name="Refuse with this reason").click()
    expect(desktop_page.get_by_text("This field is required")).to_be_visible()
    assert_accessible(desktop_page, context=".nice-padding")
    screenshot(desktop_page, "privacy-erasure-refuse")
