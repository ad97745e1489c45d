"""Query counts of the public pages are pinned, and do not grow with the number of pages.

Each page is measured at 5 and at 15 child pages, on a cold cache (the first anonymous visit).
Listings show 10 to a page here, so the larger size fills more than one page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.cache import purge_site

from .factories import GuidePageFactory, StoryPageFactory, make_story_consent

pytestmark = pytest.mark.django_db

# Serving any page: the site for the request (1); routing, two per level below the root (the
# child, then its specific row); Wagtail's alias check (1) and view-restriction check (1). The
# restricted sections for `.public()` listings and breadcrumbs are read once (1) and then kept
# in the page cache (a purge, as before each measurement here, forgets them). A page that may be
# cached reads the state of story permissions before rendering (1, see home.cache.Validity).
# Then, per page type:
EXPECTED = {
    # site, routing 2, alias, restrictions, nav (one query), restricted sections, featured
    # guides, featured stories and latest news
    "home": 11,
    # site, routing 4, alias, restrictions, topics in use, guide count, page of guides + their
    # topics (one prefetch), root paths, nav (1), restricted sections, breadcrumbs (1)
    "guide index": 15,
    # site, routing 6, alias, restrictions, partners, topics, root paths, nav (1), restricted
    # sections, breadcrumbs (1), the document
    "guide": 16,
    # site, routing 6, alias, restrictions, the consent check, root paths, nav (1), restricted
    # sections, breadcrumbs (1)
    "story": 14,
    # promotions, restricted sections, content types, count, the page of results, specific
    # rows of each type found (1 or 2: guides, and the guide index when it is on the page),
    # site, root paths, nav (1): at most
    "search": 11,
}


def count_queries(client, url) -> int:
    purge_site()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def many(guides, story_index):
    def grow_to(n: int):
        while guides.get_children().count() < n:
            guide = GuidePageFactory(parent=guides, is_featured=True)
            guide.topics.add("county lines")
            guide.save()  # the tags are written with the page
        while story_index.get_children().count() < n:
            StoryPageFactory(parent=story_index, consent=make_story_consent(), is_featured=True)

    return grow_to


@pytest.mark.parametrize("size", [5, 15])
def test_query_counts_are_pinned_cold_and_cached(
    client, settings, many, debt_bondage_guide, story, size
):
    # One test per size measures both the first anonymous visit and a cached one, so the
    # pages are built once.
    settings.PAGE_SIZE = 10
    many(size)
    client.get("/")  # the site's root paths are cached (in the database cache) on first use
    counts = {
        "home": count_queries(client, "/"),
        "guide index": count_queries(client, "/guides/"),
        "guide": count_queries(client, "/guides/debt-bondage-guide/"),
        "story": count_queries(client, "/stories/joe/"),
        "search": count_queries(client, "/search/?query=guide"),
    }
    # Search results mix page types, each fetched once: a ceiling, not an exact count.
    assert counts["search"] <= EXPECTED["search"]
    assert counts | {"search": EXPECTED["search"]} == EXPECTED

    for url in ["/", "/guides/", "/guides/debt-bondage-guide/", "/stories/", "/stories/joe/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        # The cache is read before Wagtail routes the request; before a copy is served, the page
        # is checked to be still live and public (1) and no story permission to have ended (1).
        assert len(queries) == 2, [q["sql"] for q in queries]
