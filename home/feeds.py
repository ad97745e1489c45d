"""RSS and Atom feeds of news and parent stories (live, public and, for stories, consented)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import NewsPage, StoryPage

FEED_SIZE = 20


class PageFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class NewsFeed(PageFeed):
    title = "Pace news"
    description = "News from Parents Against Child Exploitation (Pace)."

    def link(self):
        return reverse("home:news_rss")

    def items(self):
        return NewsPage.objects.live().public().order_by("-published_on", "-pk")[:FEED_SIZE]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class StoryFeed(PageFeed):
    title = "Pace: parents' stories"
    description = "Parents' own stories, published with their permission."

    def link(self):
        return reverse("home:stories_rss")

    def items(self):
        return (
            StoryPage.objects.live()
            .public()
            .with_consent()
            .order_by("-first_published_at")[:FEED_SIZE]
        )
