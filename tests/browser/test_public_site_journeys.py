"""A visitor finds and reads the Debt Bondage Guide, downloads it, and leaves with Exit this page."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_visitor_searches_reads_the_guide_downloads_it_and_leaves(page, demo_site, neutral_site):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pace")
    assert_accessible(page)
    screenshot(page, "public-home-phone")

    page.get_by_role("link", name="Search").click()
    page.get_by_label("What are you looking for?").fill("county lines")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Recommended")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-search-phone")

    page.get_by_role("link", name="Debt Bondage Guide").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Debt Bondage Guide")
    expect(page.get_by_text("Written with parents.", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-guide-phone")

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Signs to look out for").click()
    expect(page).to_have_url(re.compile(r"#section-signs-to-look-out-for$"))
    expect(page.get_by_role("heading", name="Signs to look out for")).to_be_in_viewport()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this guide").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(8) == b"%PDF-1.4"

    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site)
    page.go_back()
    # Exit this page replaced the guide in the history, and the contents links added no entries:
    # Back goes to the page before, never to the guide.
    assert "/guides/debt-bondage-guide/" not in page.url


def test_a_parents_story_shows_its_warning_first(page, demo_site):
    page.goto("/stories/")
    assert_accessible(page)
    page.get_by_role("link", name="Joe's story: from powerless to being heard").click()
    expect(page.get_by_role("heading", name="Content warning")).to_be_visible()
    story_text = page.get_by_text("Joe came to Pace because his daughter")
    expect(story_text).to_be_hidden()
    assert_accessible(page)
    page.get_by_text("Read Joe's story").click()
    expect(story_text).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public-story-phone")


def test_the_public_pages_on_a_desktop(desktop_page, demo_site):
    page = desktop_page
    for path, name in [
        ("/", "public-home-desktop"),
        ("/guides/debt-bondage-guide/", "public-guide-desktop"),
        ("/guides/?audience=parents", "public-guides-desktop"),
        ("/stories/anna/", "public-story-desktop"),
        ("/search/?query=debt+bondage", "public-search-desktop"),
        ("/support/", "public-support-desktop"),
        ("/news/ceo-update-parent-participation/", "public-news-desktop"),
    ]:
        page.goto(path)
        expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
        assert_accessible(page)
        screenshot(page, name)


def test_the_search_button_sits_beside_its_box_on_a_desktop(desktop_page, demo_site):
    desktop_page.goto("/search/?query=county+lines")
    box = desktop_page.get_by_label("What are you looking for?").bounding_box()
    button = desktop_page.get_by_role("button", name="Search", exact=True).bounding_box()
    gap = button["x"] - (box["x"] + box["width"])
    assert 0 <= gap <= 24, f"{gap} px between the search box and its button"
    assert abs((button["y"] + button["height"]) - (box["y"] + box["height"])) <= 4
    screenshot(desktop_page, "public-search-desktop")
