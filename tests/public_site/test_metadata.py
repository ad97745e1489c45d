"""Metadata of the public site: descriptions, feeds, sitemap, canonical links and addresses."""

import datetime
import io

import defusedxml.ElementTree as ET
import pytest
from django.conf import settings
from django.test import override_settings

from home.models import NewsPage

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SITE = settings.SITE_URL.rstrip("/")
ATOM = "{http://www.w3.org/2005/Atom}"
ELSEWHERE = "https://pace.example.org"


def meta_description(html: str) -> str:
    start = html.index('<meta name="description" content="') + len(
        '<meta name="description" content="'
    )
    return html[start : html.index('"', start)]


def test_every_page_type_has_a_description(client, home, debt_bondage_guide, story, news_item):
    home.intro = "<p>We work alongside <b>parents</b> and carers.</p>"
    home.save_revision().publish()
    about = StandardPageFactory(parent=home, title="About", slug="about", intro="Who we are.")
    chosen = StandardPageFactory(parent=home, slug="chosen", intro="Not this.")
    chosen.search_description = "The editor's own words."
    chosen.save_revision().publish()

    expected = {
        "/": "We work alongside parents and carers.",
        about.url: "Who we are.",
        chosen.url: "The editor's own words.",
        debt_bondage_guide.url: debt_bondage_guide.summary,
        story.url: story.summary,
        news_item.url: news_item.summary,
        "/guides/": "Practical guides.",
    }
    for url, description in expected.items():
        html = client.get(url).content.decode()
        assert meta_description(html) == description.replace("'", "&#x27;"), url
        assert f'<meta property="og:description" content="{meta_description(html)}">' in html


def test_a_long_introduction_is_cut_to_160_characters(client, home):
    page = StandardPageFactory(parent=home, slug="long", intro="word " * 100)
    description = meta_description(client.get(page.url).content.decode())
    assert 100 < len(description) <= 160 and description.endswith("…")


@pytest.mark.parametrize("url", ["/events/", "/volunteer/"])
def test_public_pages_outside_the_page_tree_have_a_description_and_canonical(client, url):
    html = client.get(url).content.decode()
    assert len(meta_description(html)) > 50
    assert f'<link rel="canonical" href="{SITE}{url}">' in html


def test_rss_channel_links_to_the_news_page_and_items_carry_the_shown_date(client, news_item):
    news_item.published_on = datetime.date(2023, 1, 20)
    news_item.save_revision().publish()
    channel = ET.fromstring(client.get("/feeds/news.rss").content).find("channel")
    assert channel.findtext("link") == f"{SITE}/news/"
    item = channel.find("item")
    assert item.findtext("link") == f"{SITE}/news/ceo-update/"
    assert item.findtext("pubDate").startswith("Fri, 20 Jan 2023 00:00:00")
    page = client.get(news_item.url).content.decode()
    assert '<time datetime="2023-01-20">20 January 2023</time>' in page


def test_atom_has_an_author_a_self_link_and_the_shown_date(client, news_item):
    NewsPage.objects.filter(pk=news_item.pk).update(published_on=datetime.date(2023, 3, 1))
    feed = ET.fromstring(client.get("/feeds/news.atom").content)
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Parents Against Child Exploitation (Pace)"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{SITE}/news/", "self": f"{SITE}/feeds/news.atom"}
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published").startswith("2023-03-01T00:00:00")
    assert entry.find(f"{ATOM}author/{ATOM}name").text.startswith("Parents Against")


def test_stories_feed_links_to_the_stories_page(client, story):
    channel = ET.fromstring(client.get("/feeds/stories.rss").content).find("channel")
    assert channel.findtext("link") == f"{SITE}/stories/"
    assert channel.find("item").findtext("link") == f"{SITE}{story.url}"


@override_settings(SITE_URL=ELSEWHERE)
def test_sitemap_canonical_and_robots_use_the_site_address_not_the_request_host(
    client, debt_bondage_guide
):
    html = client.get(debt_bondage_guide.url, HTTP_HOST="localhost").content.decode()
    assert f'<link rel="canonical" href="{ELSEWHERE}/guides/debt-bondage-guide/">' in html
    assert f'<meta property="og:url" content="{ELSEWHERE}/guides/debt-bondage-guide/">' in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    assert f"<loc>{ELSEWHERE}/guides/debt-bondage-guide/</loc>" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    assert f"Sitemap: {ELSEWHERE}/sitemap.xml" in robots
    rss = client.get("/feeds/news.rss", HTTP_HOST="localhost").content.decode()
    assert "localhost" not in rss
    # Links inside the site stay relative.
    assert 'href="/guides/"' in html


def test_demo_pages_each_have_their_own_description(users):
    from django.apps import apps
    from wagtail.models import Page, PageLogEntry

    from home.demo import DESCRIPTIONS, seed_demo

    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    pages = Page.objects.live().filter(slug__in=DESCRIPTIONS).specific()
    assert {page.slug: page.meta_description for page in pages} == DESCRIPTIONS
    published = PageLogEntry.objects.filter(action="wagtail.publish").count()
    seed_demo(users=users, stdout=io.StringIO())  # idempotent: nothing new to publish
    assert PageLogEntry.objects.filter(action="wagtail.publish").count() == published


def test_a_public_event_calendar_file_links_to_the_public_events_page(client):
    import icalendar
    from django.urls import reverse

    from tests.events.factories import EventFactory

    event = EventFactory(audience="public")
    body = client.get(reverse("events:public_ics", args=[event.pk])).content
    vevent = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    public_url = f"{SITE}/events/#event-{event.pk}"
    assert str(vevent["url"]) == public_url
    assert public_url in str(vevent["description"])
    assert "/my/" not in body.decode() and "/accounts/" not in body.decode()
    listing = client.get("/events/").content.decode()
    assert f'id="event-{event.pk}"' in listing
