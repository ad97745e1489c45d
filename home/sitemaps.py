from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site

from .models import StoryPage


class PublicSitemap(Sitemap):
    """Wagtail's sitemap of live public pages, without any story whose permission has lapsed."""

    def items(self):
        hidden = StoryPage.objects.exclude(
            pk__in=StoryPage.objects.with_consent().values("pk")
        ).values("pk")
        return super().items().exclude(pk__in=hidden)


class PublicPlacesSitemap(DjangoSitemap):
    """Public, indexable places that are not Wagtail pages (events, volunteering), at the same
    site address as the pages."""

    changefreq = "weekly"

    def __init__(self, request=None):
        self.request = request

    def items(self):
        return ["events:public_list", "befriending:volunteer"]

    def location(self, item):
        return reverse(item)

    def _root(self):
        """The configured site address (SITE_URL), as the pages use; else Wagtail's site."""
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL)
        site = Site.find_for_request(self.request) if self.request is not None else None
        return urlsplit(site.root_url) if site is not None else None

    def get_protocol(self, protocol=None):
        root = self._root()
        return root.scheme if root is not None else super().get_protocol(protocol)

    def get_domain(self, site=None):
        root = self._root()
        return root.netloc if root is not None else super().get_domain(site)
