"""Public views of the site outside the page tree: robots.txt, sitemap and feeds."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from pace_site.access import public
from pace_site.links import site_url

from .cache import cached_response, store_when_rendered
from .feeds import NewsAtomFeed, NewsFeed, StoryFeed
from .sitemaps import PublicPlacesSitemap, PublicSitemap

# Not for search engines: the staff admin, sign-in, the portal and inboxes, and our own search
# results (endless addresses). Guides and their PDFs stay findable.
ROBOTS_DISALLOWED_PATHS = ["/admin/", "/accounts/", "/join/", "/my/", "/signed-in/", "/search/"]


@public
@require_GET
@cache_control(max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED_PATHS)]
    lines.append(f"Sitemap: {site_url(reverse('home:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public
@require_GET
def sitemap(request):
    return wagtail_sitemap(
        request, sitemaps={"pages": PublicSitemap, "places": PublicPlacesSitemap(request)}
    )


news_rss = public(require_GET(NewsFeed()))
news_atom = public(require_GET(NewsAtomFeed()))
stories_rss = public(require_GET(StoryFeed()))


@public
def serve_page(request, path):
    """Wagtail's page serving, with the page cache in front of it for anonymous visitors."""
    cached, key = cached_response(request)
    if cached is not None:
        return cached
    response = wagtail_views.serve(request, path)
    store_when_rendered(request, response, key)
    return response
