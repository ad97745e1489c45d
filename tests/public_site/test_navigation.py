"""One header navigation for the whole product, adapting to who is signed in (issue 14, item 5)."""

import re
from html import unescape

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from pace_site.accounts.roles import Role


def nav_of(response) -> list[str]:
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav, "the page has the site's header navigation"
    return [unescape(label) for label in re.findall(r">([^<>]+)</a>", nav.group(0))]


PUBLIC = ["Home", "Guides", "Parents' stories", "Events", "Volunteer with us", "Search"]


@pytest.fixture
def menu(guides, story_index):
    return {"guides": guides, "stories": story_index}


@pytest.mark.parametrize("url", ["/", "/guides/", "/events/", "/volunteer/", "/search/"])
def test_anyone_sees_the_public_places_and_sign_in_everywhere(client, menu, url):
    assert nav_of(client.get(url)) == [*PUBLIC, "Sign in"]


@pytest.mark.parametrize(
    ("role", "own"),
    [
        (Role.PARENT, ["My page", "Messages", "Sign out"]),
        (Role.BEFRIENDER, ["My page", "Messages", "Sign out"]),
        (Role.APPLICANT, ["My page", "Messages", "Sign out"]),
        (Role.PARTICIPATION_MANAGER, ["Staff area", "Sign out"]),
        (Role.EDITOR, ["Staff area", "Sign out"]),
    ],
)
@pytest.mark.parametrize("url", ["/", "/events/", "/my/messages/"])
def test_signed_in_people_see_their_own_places_on_every_page(
    signed_in_client, user_with_role, menu, role, own, url
):
    client = signed_in_client(user_with_role(role))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert nav_of(response) == [*PUBLIC, *own]


def test_the_current_place_is_marked(client, menu):
    html = client.get("/events/").content.decode()
    assert '<a href="/events/" aria-current="page">Events</a>' in html
    assert 'aria-current="page">Home' not in html


def test_a_page_behind_a_password_or_hidden_from_menus_is_not_listed(client, menu):
    PageViewRestriction.objects.create(
        page=menu["stories"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    menu["guides"].show_in_menus = False
    menu["guides"].save_revision().publish()
    assert nav_of(client.get("/events/")) == [
        "Home",
        "Events",
        "Volunteer with us",
        "Search",
        "Sign in",
    ]


def test_events_and_volunteering_are_in_the_sitemap_at_the_site_address(client, home):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.SITE_URL.rstrip('/')}/events/</loc>" in sitemap
    assert f"<loc>{settings.SITE_URL.rstrip('/')}/volunteer/</loc>" in sitemap
    assert f"<loc>{settings.SITE_URL.rstrip('/')}/</loc>" in sitemap
