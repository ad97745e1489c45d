"""RSS and Atom feeds of news and parent stories (live, public and, for stories, consented).

Every address in a feed is on the configured site address (SITE_URL), the channel link is the
listing page the feed mirrors, and a news item's date is the date its page shows."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from pace_site.links import site_url

from .models import NewsIndexPage, NewsPage, StoryIndexPage, StoryPage

FEED_SIZE = 20
AUTHOR_NAME = "Parents Against Child Exploitation (Pace)"


class PageFeed(Feed):
    index_model: type = NewsIndexPage
    feed_url_name = ""
    author_name = AUTHOR_NAME

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        """The listing page this feed mirrors (e.g. `/news/`), else the home page."""
        index = self.index_model.objects.live().public().order_by("path").first()
        return index.get_full_url(self.request) if index else site_url("/")

    def feed_url(self):
        return site_url(reverse(self.feed_url_name))

    def author_link(self):
        return site_url("/")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_author_name(self, item):
        return AUTHOR_NAME

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return max(item.last_published_at or item.first_published_at, self.item_pubdate(item))


class NewsFeed(PageFeed):
    title = "Pace news"
    description = "News from Parents Against Child Exploitation (Pace)."
    index_model = NewsIndexPage
    feed_url_name = "home:news_rss"

    def items(self):
        return NewsPage.objects.live().public().order_by("-published_on", "-pk")[:FEED_SIZE]

    def item_pubdate(self, item):
        """The date the news page shows (its `published_on`), at the start of that day in
        the site's time zone."""
        return timezone.make_aware(datetime.combine(item.published_on, time.min))


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
    feed_url_name = "home:news_atom"


class StoryFeed(PageFeed):
    title = "Pace: parents' stories"
    description = "Parents' own stories, published with their permission."
    index_model = StoryIndexPage
    feed_url_name = "home:stories_rss"

    def items(self):
        return (
            StoryPage.objects.live()
            .public()
            .with_consent()
            .order_by("-first_published_at")[:FEED_SIZE]
        )
