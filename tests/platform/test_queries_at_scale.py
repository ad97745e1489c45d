"""The key pages take the same number of queries with the demo data and with ten years of
records added (`seed_scale`, at its small size here: hundreds of parents and thousands of
check-ins, enough that a list growing with its rows would show).

Each page is opened once first (so what is cached for good on first use, content types and the
site's root paths, is there), then measured: public pages on a cold page cache.
"""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.cache import purge_site
from pace_site.accounts.roles import Role
from pace_site.demo import seed_all
from pace_site.scale import SIZES, seed_scale
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home": "/",
    "guide": "/guides/debt-bondage-guide/",
    "story": "/stories/joe/",
    "guide index": "/guides/",
    "news index": "/news/",
    "news page": "/news/parents-as-partners/",
    "search": "/search/?query=debt",
}
SIGNED_IN = {
    "parent portal": (Role.PARENT, "/my/"),
    "manager dashboard": (Role.PARTICIPATION_MANAGER, "/admin/"),
    "parents listing": (Role.PARTICIPATION_MANAGER, "/admin/participation/parents/"),
    "check-in listing": (Role.PARTICIPATION_MANAGER, "/admin/participation/check-ins/"),
    "sign-ups listing": (Role.PARTICIPATION_MANAGER, "/admin/participation/sign-ups/"),
    "pauses listing": (Role.PARTICIPATION_MANAGER, "/admin/participation/pauses/"),
    "events listing": (Role.PARTICIPATION_MANAGER, "/admin/events/events/"),
    "coordinator dashboard": (Role.BEFRIENDING_COORDINATOR, "/admin/"),
    "volunteers listing": (Role.BEFRIENDING_COORDINATOR, "/admin/befriending/volunteers/"),
    "matches listing": (Role.BEFRIENDING_COORDINATOR, "/admin/befriending/matches/"),
    "contact logs listing": (Role.BEFRIENDING_COORDINATOR, "/admin/befriending/contact-logs/"),
}

# The same at both sizes. See tests/public_site/test_queries.py and the apps' own query tests
# for what each query is.
EXPECTED = {
    # The demo's pages have pictures; their renditions come from the renditions cache.
    "home": 13,
    "guide": 17,
    "story": 15,
    "guide index": 18,
    "news index": 13,
    "news page": 13,
    "search": 9,
    "parent portal": 13,
    "manager dashboard": 44,  # with the overdue payments: their count and the oldest rows
    "parents listing": 17,
    "check-in listing": 16,
    "sign-ups listing": 17,
    "pauses listing": 16,
    "events listing": 15,
    "coordinator dashboard": 37,  # with the count of volunteers' answers to follow up
    "volunteers listing": 16,
    "matches listing": 16,
    "contact logs listing": 16,
}


def _count(client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    purge_site()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def counts(client, users) -> dict[str, int]:
    found = {label: _count(client, url) for label, url in PUBLIC.items()}
    for label, (role, url) in SIGNED_IN.items():
        client.cookies.clear()
        sign_in(client, users[role])
        found[label] = _count(client, url)
    return found


@pytest.mark.parametrize("size", ["demo", "scale"])
def test_key_pages_take_the_same_queries_at_demo_size_and_at_scale(client, size):
    users = seed_all(io.StringIO())
    if size == "scale":
        seed_scale(SIZES["small"], io.StringIO())
    assert counts(client, users) == EXPECTED
