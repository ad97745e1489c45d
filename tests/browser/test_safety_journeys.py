"""Safety of the exit and the helpline, as a person meets them on a phone (and a desktop).

Exit this page (Shift three times, never Escape; the first-time note; the loading cover; signed
out), the styled 403 and 404 pages, the helpline in the home page's first screen, the other
routes on Get help, the signpost at the end of a story, and the note beside a guide download.
"""

import re

import pytest
from playwright.sync_api import expect

from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.helpers import wait_until

from .conftest import assert_accessible, browser_sign_in, screenshot

pytestmark = pytest.mark.browser


def exit_button(page):
    return page.get_by_role("button", name="Exit this page")


def test_first_visit_explains_exit_this_page_once(page, desktop_page):
    page.goto("/accounts/login/")
    note = page.get_by_text("It does not delete your browsing history")
    expect(note).to_be_visible()
    expect(page.get_by_role("link", name="How to cover your tracks")).to_have_attribute(
        "href", "/support/cover-your-tracks/"
    )
    assert_accessible(page)
    screenshot(page, "exit-this-page-note-phone")
    page.get_by_role("button", name="I understand").click()
    expect(note).to_be_hidden()
    expect(exit_button(page)).to_be_focused()
    page.reload()
    expect(exit_button(page)).to_be_visible()
    expect(note).to_be_hidden()

    desktop_page.goto("/accounts/login/")
    expect(desktop_page.get_by_text("It does not delete your browsing history")).to_be_visible()
    screenshot(desktop_page, "exit-this-page-note-desktop")


# Every layout shift of the page so far, with what moved (the browser's own measure).
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({ value: entry.value, moved: entry.sources.map((s) => s.node && s.node.nodeName) });
  }
}).observe({ type: "layout-shift", buffered: true });
"""


def test_the_note_about_exit_this_page_never_makes_the_page_jump(page):
    """Shown while the page is read, not after it is drawn, so nothing below it moves under a
    finger about to tap; the page's policy allows that one line and refuses every other."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.add_init_script(RECORD_SHIFTS)
    # Before the page's script has run (here it never comes), the note is already shown.
    page.route("**/quick-exit.js", lambda route: route.abort())
    page.goto("/support/cover-your-tracks/")
    expect(page.get_by_text("It does not delete your browsing history")).to_be_visible()
    page.unroute("**/quick-exit.js")
    for visit in ("first visit", "after I understand"):
        page.goto("/support/cover-your-tracks/")
        page.wait_for_load_state("load")
        note = page.get_by_text("It does not delete your browsing history")
        if visit == "first visit":
            expect(note).to_be_visible()
        else:
            expect(note).to_be_hidden()
        assert page.evaluate("window.__shifts") == [], visit
        if visit == "first visit":
            page.get_by_role("button", name="I understand").click()
    assert refused == []


def test_escape_does_nothing_and_typing_capitals_is_not_an_exit(page):
    page.goto("/accounts/login/")
    email = page.get_by_label("E-mail address")
    email.fill("sam@example.org")
    email.press("Escape")
    # Capitals are typed with Shift held down: that is typing, not a press of Shift.
    email.press_sequentially("ABC")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(email).to_have_value("sam@example.orgABC")
    expect(page.locator("[data-exit-indicator]")).to_be_hidden()


def test_shift_three_times_in_a_text_field_shows_each_press_then_leaves(page, neutral_site):
    page.goto("about:blank")
    page.goto("/accounts/login/")
    email = page.get_by_label("E-mail address")
    email.fill("sam@example.org")
    email.press("Shift")
    indicator = page.locator("[data-exit-indicator]")
    expect(indicator).to_be_visible()
    expect(indicator.locator(".is-on")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Shift, press 2 more times to exit.")
    screenshot(page, "exit-this-page-one-press-phone")
    email.press("Shift")
    expect(indicator.locator(".is-on")).to_have_count(2)

    # What covers the page while the neutral site loads is noted where it can be read later
    # (this site's localStorage, which outlives the page), since the page itself is gone.
    page.evaluate(
        """() => new MutationObserver(() => {
            const cover = document.querySelector("[data-exit-overlay]");
            if (cover) localStorage.setItem("cover-seen", cover.textContent + "|" +
                document.body.classList.contains("exit-this-page-hide-content") + "|" +
                getComputedStyle(document.querySelector("main")).visibility);
        }).observe(document.body, {childList: true})"""
    )
    email.press("Shift")
    page.wait_for_url(neutral_site)
    page.go_back()
    assert "/accounts/login/" not in page.url
    page.goto(page.context._impl_obj._options.get("baseURL", "") + "/search/")
    assert page.evaluate("localStorage.getItem('cover-seen')") == "Loading.|true|hidden"


def signed_in_sessions(user) -> int:
    from django.contrib.sessions.models import Session

    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_exit_this_page_signs_a_parent_out(page, neutral_site):
    parent = make_user(Role.PARENT)
    browser_sign_in(page, parent)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    page.evaluate("sessionStorage.setItem('draft', 'what I was writing')")
    assert signed_in_sessions(parent) == 1
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    # The beacon travels on its own while the browser leaves; the server ends the session.
    wait_until(lambda: signed_in_sessions(parent) == 0, what="the session to end")
    page.goto(page.context._impl_obj._options.get("baseURL", "") + "/my/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert page.evaluate("sessionStorage.getItem('draft')") is None


def test_a_parent_on_a_befriender_page_gets_a_calm_403_with_a_way_back(page):
    browser_sign_in(page, make_user(Role.PARENT))
    response = page.goto("/my/befriending/contact/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(exit_button(page)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "error-403-phone")
    page.get_by_role("link", name="Go to your page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_a_missing_page_is_a_calm_404_with_a_way_back(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We can't find that page")
    expect(exit_button(page)).to_be_visible()
    expect(page.get_by_role("link", name="0113 240 3040").first).to_have_attribute(
        "href", "tel:01132403040"
    )
    assert_accessible(page)
    screenshot(page, "error-404-phone")


@pytest.mark.parametrize("first_visit", [True, False])
def test_the_helpline_and_its_hours_are_in_the_first_screen_of_the_home_page(
    page,
    demo_site,
    first_visit,
):
    page.goto("/")
    note = page.get_by_role("button", name="I understand")
    if first_visit:
        expect(note).to_be_visible()  # the note about Exit this page is on screen too
    else:
        note.click()
    box = page.get_by_role("complementary", name="Talk to us")
    phone = box.get_by_role("link", name="0113 240 3040")
    expect(phone).to_have_attribute("href", "tel:01132403040")
    expect(box.get_by_text("Open Monday to Friday, 9am to 5pm.")).to_be_visible()
    # On a first visit the note about Exit this page comes first: the number is still on
    # screen. After it, the whole box (number, hours, 999) is.
    bounds = (phone if first_visit else box).bounding_box()
    viewport = page.viewport_size
    assert bounds["y"] >= 0 and bounds["y"] + bounds["height"] <= viewport["height"], bounds
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= viewport["width"], bounds
    page.screenshot(
        path=str(screenshot(page, f"home-first-screen-phone-{first_visit=}")), full_page=False
    )
    # Every phone number on the page can be tapped.
    for number in ("0113 240 3040", "999"):
        for link in page.get_by_role("link", name=number, exact=True).all():
            assert link.get_attribute("href").startswith("tel:")


def test_get_help_lists_other_routes_with_tappable_numbers(page, demo_site):
    page.goto("/support/")
    routes = page.get_by_role("region", name="Other places to get help")
    for name, tel in [
        ("999: police or ambulance", "tel:999"),
        ("101: police, not an emergency", "tel:101"),
        ("NSPCC helpline", "tel:08088005000"),
        ("Childline", "tel:08001111"),
        ("Missing People", "tel:116000"),
    ]:
        item = routes.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name=name, exact=True)
        )
        expect(item.locator("a[href^='tel:']")).to_have_attribute("href", tel)
    expect(routes.get_by_role("link", name="Make a report to CEOP")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "get-help-routes-phone")
    page.locator("#main").get_by_role("link", name="How to cover your tracks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cover your tracks")
    expect(
        page.locator("#main").get_by_text("It does not delete your browsing history")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "cover-your-tracks-phone")


def test_a_story_ends_with_a_signpost_and_the_helpline(page, demo_site):
    page.goto("/stories/anna/")
    signpost = page.get_by_role("complementary", name="If this story brings up worries")
    expect(signpost).to_be_visible()
    expect(signpost.get_by_role("link", name="0113 240 3040")).to_have_attribute(
        "href", "tel:01132403040"
    )
    expect(signpost.get_by_role("link", name="Other ways to get help")).to_have_attribute(
        "href", "/support/"
    )
    # It is the last thing of the story, after what the parent wrote.
    story_end = page.locator("#story").bounding_box()
    assert signpost.bounding_box()["y"] > story_end["y"] + story_end["height"]
    assert_accessible(page)
    screenshot(page, "story-signpost-phone")


def test_a_guide_download_says_the_file_stays_and_comes_after_the_contents(page, demo_site):
    page.goto("/guides/debt-bondage-guide/")
    contents = page.get_by_role("navigation", name="Contents")
    download = page.get_by_role("link", name="Download this guide")
    note = page.get_by_text("A downloaded file stays on your phone or computer")
    expect(note).to_be_visible()
    expect(download).to_have_attribute("aria-describedby", "download-note")
    assert download.bounding_box()["y"] > contents.bounding_box()["y"]
    note_box = page.locator(".download")
    expect(note_box.get_by_role("link", name="How to cover your tracks")).to_be_visible()
    assert_accessible(page)
    note_box.scroll_into_view_if_needed()
    screenshot(page, "guide-download-note-phone")


def test_staff_on_the_portal_get_the_styled_403_on_a_desktop(desktop_page):
    from tests.helpers import give_totp

    staff = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(staff)
    browser_sign_in(desktop_page, staff)
    response = desktop_page.goto("/my/")
    assert response.status == 403
    expect(desktop_page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(exit_button(desktop_page)).to_be_visible()
    assert_accessible(desktop_page)
    screenshot(desktop_page, "error-403-staff-desktop")
    desktop_page.get_by_role("link", name="Go to your page").click()
    desktop_page.wait_for_url("**/admin/")
