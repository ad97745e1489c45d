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


def loaded_picture(page, img):
    """The picture the browser chose, once it has arrived: its address and natural width."""
    expect(img).to_have_js_property("complete", True)
    return img.evaluate("img => [img.currentSrc, img.naturalWidth]")


# Images are served as `make run` serves them (on the live site, the web server does).
@pytest.mark.urls("tests.public_site.dev_media_urls")
def test_public_pages_have_warm_pictures_described_responsive_and_lazy_below(
    page, desktop_page, demo_site
):
    page.goto("/")
    hero = page.locator("main .page-picture img").first
    expect(hero).to_have_attribute(
        "alt", "A small house at sunrise, with a path leading to its door"
    )
    # On a phone the helpline and the introduction come first; the picture right after them
    # is loaded at once, never lazily.
    assert hero.get_attribute("loading") is None
    hero.scroll_into_view_if_needed()
    expect(hero).to_be_in_viewport()
    source, width = loaded_picture(page, hero)
    assert source.endswith(".avif") and width > 0
    assert_accessible(page)
    screenshot(page, "public-home-picture-phone")

    page.goto("/guides/")
    cards = page.locator(".card-list .card picture img")
    expect(cards).to_have_count(3)
    for index in range(3):
        expect(cards.nth(index)).to_have_attribute("loading", "lazy")
        expect(cards.nth(index)).to_have_attribute("alt", "")
    last = cards.nth(2)
    expect(last).not_to_be_in_viewport()
    last.scroll_into_view_if_needed()
    source, width = loaded_picture(page, last)
    assert source.endswith(".avif") and width > 0
    assert_accessible(page)
    screenshot(page, "public-guides-pictures-phone")

    page.goto("/stories/joe/")
    story_picture = page.locator(".story .page-picture img")
    expect(story_picture).to_have_attribute("alt", "")  # only decoration
    loaded_picture(page, story_picture)
    assert_accessible(page)
    screenshot(page, "public-story-picture-phone")

    for url, name in [
        ("/", "home"),
        ("/guides/", "guides"),
        ("/guides/debt-bondage-guide/", "guide"),
        ("/stories/", "stories"),
    ]:
        desktop_page.goto(url)
        picture = desktop_page.locator(".page-picture img")
        expect(picture).to_be_in_viewport()
        loaded_picture(desktop_page, picture)
        assert_accessible(desktop_page)
        screenshot(desktop_page, f"public-{name}-picture-desktop")
